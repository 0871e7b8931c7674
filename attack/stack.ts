import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { freePort } from "../bench/harness/service-process.js";
import {
  DEFAULT_PLAID_CLIENT_ID,
  DEFAULT_PLAID_SECRET,
  DEFAULT_SNAPTRADE_CLIENT_ID,
  DEFAULT_SNAPTRADE_CONSUMER_KEY,
  DEFAULT_SUPABASE_ANON_KEY,
} from "../sandbox/index.js";

const repoRoot = path.resolve(fileURLToPath(import.meta.url), "../..");

/**
 * Settings that differ from `npm start`, each printed with the figures: the per-user chat and
 * risk limits would otherwise refuse most of the run's own attempts, and SnapTrade's request
 * budget (none against the embedded sandbox) would apply because the sandbox is given as
 * credentials.
 */
export const RUN_SETTINGS: Record<string, string> = {
  CHAT_MESSAGES_PER_MINUTE: "100000",
  CHAT_CONFIRMATIONS_PER_MINUTE: "100000",
  MAX_ORDERS_PER_DAY: "100000",
  MAX_DAILY_NOTIONAL: "100000000",
  SNAPTRADE_REQUESTS_PER_MINUTE: "1000000",
};

/** Children still running when the harness exits (an error, Ctrl-C) are killed with it. */
const running = new Set<ChildProcess>();
process.once("exit", () => {
  for (const child of running) child.kill("SIGKILL");
});
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => process.exit(130));
}

interface Child {
  process: ChildProcess;
  exited: Promise<void>;
}

/** A child process whose output is appended to `sink`. */
function startChild(args: string[], env: Record<string, string>, sink: (text: string) => void): Child {
  const child = spawn(process.execPath, ["--import", "tsx", ...args], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (chunk) => sink(String(chunk)));
  child.stderr?.on("data", (chunk) => sink(String(chunk)));
  running.add(child);
  const exited = new Promise<void>((resolve) =>
    child.once("exit", () => {
      running.delete(child);
      resolve();
    }),
  );
  return { process: child, exited };
}

/** Start-up on a loaded machine (tsx, PGlite's WASM, migrations) can take a while. */
async function waitFor(url: string, child: Child, output: () => string, timeoutMs = 180_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.process.exitCode !== null || child.process.signalCode !== null) break;
    const ok = await fetch(url)
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`${url} did not answer:\n${output().slice(-3000)}`);
}

/**
 * The embedded default as users meet it, in two processes: the broker sandbox (the brokers and
 * Supabase Auth, which outlive the service as real ones do) and `src/main.ts` on PGlite in a
 * fresh DATA_DIR with the offline model. Everything either process writes is kept for the
 * secret scan.
 */
export class Stack {
  readonly dataDir = mkdtempSync(path.join(tmpdir(), "attack-data-"));
  sandboxUrl = "";
  serviceUrl = "";
  private sandbox: Child | undefined;
  private service: Child | undefined;
  private servicePort = 0;
  private serviceOutput = "";
  private sandboxOutput = "";
  /** Restarts so far (each kill -9 is one). */
  restarts = 0;

  async start(): Promise<void> {
    const sandboxPort = await freePort();
    this.sandboxUrl = `http://127.0.0.1:${sandboxPort}`;
    this.sandbox = startChild(["sandbox/main.ts", "--port", String(sandboxPort), "--demo"], {}, (t) => {
      this.sandboxOutput += t;
    });
    await waitFor(`${this.sandboxUrl}/__sandbox/config`, this.sandbox, () => this.sandboxOutput);
    this.servicePort = await freePort();
    this.serviceUrl = `http://127.0.0.1:${this.servicePort}`;
    await this.startService();
  }

  private async startService(): Promise<void> {
    const sb = this.sandboxUrl;
    this.service = startChild(
      ["src/main.ts"],
      {
        PORT: String(this.servicePort),
        DATA_DIR: this.dataDir,
        LOG_LEVEL: "info",
        SUPABASE_URL: sb,
        SUPABASE_ANON_KEY: DEFAULT_SUPABASE_ANON_KEY,
        SNAPTRADE_CLIENT_ID: DEFAULT_SNAPTRADE_CLIENT_ID,
        SNAPTRADE_CONSUMER_KEY: DEFAULT_SNAPTRADE_CONSUMER_KEY,
        SNAPTRADE_BASE_URL: `${sb}/snaptrade`,
        ALPACA_TRADING_BASE_URL: sb,
        ALPACA_DATA_BASE_URL: sb,
        PLAID_CLIENT_ID: DEFAULT_PLAID_CLIENT_ID,
        PLAID_SECRET: DEFAULT_PLAID_SECRET,
        PLAID_BASE_URL: sb,
        ...RUN_SETTINGS,
      },
      (t) => {
        this.serviceOutput += t;
      },
    );
    await waitFor(`${this.serviceUrl}/health`, this.service, () => this.serviceOutput);
    await this.admin("/config", {
      snaptradeWebhookUrl: `${this.serviceUrl}/api/snaptrade/webhook`,
      plaidWebhookUrl: `${this.serviceUrl}/api/plaid/webhook`,
    });
  }

  /** SIGKILL the service (no shutdown of any kind), then start it again on the same DATA_DIR and port. */
  async killAndRestart(): Promise<void> {
    const service = this.service!;
    service.process.kill("SIGKILL");
    await service.exited;
    this.restarts += 1;
    await this.startService();
  }

  /**
   * Everything the service wrote, across restarts. (The sandbox's own output is the brokers'
   * and auth server's, which print their own keys by design; it is kept only for errors.)
   */
  logs(): string {
    return this.serviceOutput;
  }

  /** The sandbox's admin API (`/__sandbox`): GET without a body, POST with one. */
  async admin<T = unknown>(route: string, body?: unknown, method?: string): Promise<T> {
    const response = await fetch(`${this.sandboxUrl}/__sandbox${route}`, {
      method: method ?? (body === undefined ? "GET" : "POST"),
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`sandbox ${route}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  }

  async stop(): Promise<void> {
    for (const child of [this.service, this.sandbox]) {
      if (!child || child.process.exitCode !== null || child.process.signalCode !== null) continue;
      child.process.kill("SIGTERM");
      const timer = setTimeout(() => child.process.kill("SIGKILL"), 12_000);
      await child.exited;
      clearTimeout(timer);
    }
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}
