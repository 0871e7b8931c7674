import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "..");

/** `npm start`'s command line as package.json gives it, run without npm so the test holds its process. */
function startCommand(): [string, string[]] {
  const { scripts } = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as {
    scripts: { start: string };
  };
  const [command = "", ...args] = scripts.start.split(" ");
  return [command === "node" ? process.execPath : path.join(root, "node_modules", ".bin", command), args];
}

/** Starts the service as `npm start` does, on a free port, and resolves once it prints its URLs. */
function startMain(env: Record<string, string>) {
  const [command, args] = startCommand();
  const child = spawn(command, args, {
    cwd: root,
    env: { ...process.env, PORT: "0", LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk) => {
    output += chunk;
  });
  child.stderr.on("data", (chunk) => {
    output += chunk;
  });
  const ready = new Promise<{ url: string; sandboxUrl: string }>((resolve, reject) => {
    const timer = setInterval(() => {
      const url = /Trading agent running at (\S+)/.exec(output)?.[1];
      const sandboxUrl = /Broker sandbox at (\S+)/.exec(output)?.[1];
      if (url && sandboxUrl) {
        clearInterval(timer);
        resolve({ url, sandboxUrl });
      }
    }, 50);
    child.once("exit", (code) => {
      clearInterval(timer);
      reject(new Error(`exited with ${code}: ${output}`));
    });
  });
  // A start that is expected to fail is awaited through `exited`, not `ready`.
  ready.catch(() => {});
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, ready, exited, output: () => output };
}

describe("the service process", () => {
  const children: ChildProcess[] = [];
  afterAll(() => {
    for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
  });

  it("refuses to start on bad configuration with one line naming the variable", async () => {
    const main = startMain({ PORT: "seventy" });
    children.push(main.child);
    expect(await main.exited).toBe(78);
    expect(main.output()).toMatch(/^Configuration error: PORT is invalid: must be a number$/m);
  });

  it("serves /health on the embedded default from the process it starts, persists in DATA_DIR, and finishes in-flight requests on SIGTERM", {
    timeout: 120_000,
  }, async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), "main-"));
    const main = startMain({ DATA_DIR: dataDir });
    children.push(main.child);
    const { url, sandboxUrl } = await main.ready;
    // No launcher between a supervisor and the service (tsx's CLI runs it in a child process): its
    // signals reach the service itself, and no CommonJS resolver is patched in (the SnapTrade SDK
    // requires "crypto" on every signed call). Linux's /proc tells a process's children.
    if (process.platform === "linux") {
      const pid = main.child.pid;
      expect(readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim()).toBe("");
    }
    expect(await (await fetch(`${url}/health`)).json()).toEqual({
      status: "ok",
      database: "ok",
      brokers: "sandbox",
      model: "offline",
    });
    const session = (await (
      await fetch(`${sandboxUrl}/auth/v1/token?grant_type=password`, {
        method: "POST",
        headers: { "content-type": "application/json", apikey: "sandbox-anon-key" },
        body: JSON.stringify({ email: "demo@example.com", password: "demo-password-123" }),
      })
    ).json()) as { access_token: string };
    const auth = { authorization: `Bearer ${session.access_token}` };
    const { threadId } = (await (
      await fetch(`${url}/api/threads`, { method: "POST", headers: auth })
    ).json()) as {
      threadId: string;
    };
    // A request the service is surely working on when SIGTERM comes: a card for NVDA (held only
    // at Alpaca), whose quote the sandbox holds for a while. The signal is sent once the quote has
    // reached the sandbox, not after a guessed delay (a request that has not reached the server
    // yet is not in flight, and a loaded machine can take longer than any guess).
    const admin = (path: string, body?: unknown) =>
      fetch(`${sandboxUrl}/__sandbox${path}`, {
        method: body === undefined ? "GET" : "POST",
        headers: { "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      }).then((r) => r.json() as Promise<Record<string, unknown>>);
    await admin("/config", { latencyMs: { alpaca: 1500 } });
    await admin("/stats/reset", {});
    const inFlight = fetch(`${url}/api/threads/${threadId}/messages`, {
      method: "POST",
      headers: { ...auth, "content-type": "application/json" },
      body: JSON.stringify({ content: "sell 1 share of NVDA" }),
    });
    const quoted = async () => {
      const stats = (await admin("/stats")) as {
        providers: { alpaca?: { operations: Record<string, number> } };
      };
      const operations = stats.providers.alpaca?.operations ?? {};
      return (operations.latestTrade ?? 0) + (operations.latestQuote ?? 0) > 0;
    };
    for (let i = 0; i < 600 && !(await quoted()); i++)
      await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await quoted()).toBe(true);
    main.child.kill("SIGTERM");
    const answer = await inFlight;
    expect(answer.status).toBe(200);
    expect(((await answer.json()) as { pendingConfirmation: unknown }).pendingConfirmation).not.toBeNull();
    expect(await main.exited).toBe(0);
    expect(main.output()).toContain('"msg":"stopped"');
    await expect(fetch(`${url}/health`)).rejects.toThrow();
    expect(readdirSync(dataDir)).toEqual(
      expect.arrayContaining(["pglite", "encryption.key", "sandbox-world.json"]),
    );
  });
});
