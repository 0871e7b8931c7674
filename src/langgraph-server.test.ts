import { type ChildProcess, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { Client } from "@langchain/langgraph-sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ApprovalRequest } from "../graphs/resume.js";
import { DEMO_EMAIL, DEMO_PASSWORD } from "../sandbox/index.js";

const root = path.resolve(import.meta.dirname, "..");

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** `langgraph dev` (the CLI from npm, offline) on langgraph.json, with the service on the embedded default. */
describe("the LangGraph server (langgraphjs dev) with agent-chat-ui's contract", () => {
  let child: ChildProcess;
  let output = "";
  let dataDir: string;
  let apiUrl: string;
  let serviceUrl: string;
  let sandboxUrl: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), "langgraph-dev-"));
    const port = await freePort();
    apiUrl = `http://127.0.0.1:${port}`;
    child = spawn(
      process.execPath,
      [
        path.join(root, "node_modules/@langchain/langgraph-cli/dist/cli/cli.mjs"),
        "dev",
        "--no-browser",
        "--no-reload",
        "--host",
        "127.0.0.1",
        "--port",
        String(port),
      ],
      {
        cwd: root,
        detached: true,
        env: {
          PATH: process.env.PATH ?? "",
          HOME: process.env.HOME ?? "",
          DATA_DIR: dataDir,

          LOG_LEVEL: "info",
          LANGSMITH_TRACING: "false",
        },
      },
    );
    child.stdout?.on("data", (c: Buffer) => (output += c.toString()));
    child.stderr?.on("data", (c: Buffer) => (output += c.toString()));
    const wait = async (pattern: RegExp) => {
      for (let i = 0; i < 240 && !pattern.test(output); i++) await new Promise((r) => setTimeout(r, 500));
    };
    await wait(/Server running/);
    // The service starts on first use: the auth handler's first token check.
    await fetch(`${apiUrl}/threads`, {
      method: "POST",
      headers: { authorization: "Bearer a.b.c" },
      body: "{}",
    });
    await wait(/"sandbox":"http/);
    sandboxUrl = /"sandbox":"([^"]+)"/.exec(output)?.[1] ?? "";
    serviceUrl = /"url":"([^"]+)","sandbox"/.exec(output)?.[1] ?? "";
    if (!sandboxUrl) throw new Error(`langgraph dev did not start:\n${output}`);
  }, 150_000);
  afterAll(async () => {
    if (child?.pid && child.exitCode === null) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      process.kill(-child.pid, "SIGTERM");
      await exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  });

  const signIn = async (email: string, password: string) => {
    const response = await fetch(`${serviceUrl}/auth/v1/token?grant_type=password`, {
      method: "POST",
      headers: { "content-type": "application/json", apikey: "sandbox-anon-key" },
      body: JSON.stringify({ email, password }),
    });
    return ((await response.json()) as { access_token: string }).access_token;
  };
  const sandboxOrders = async () =>
    ((await (await fetch(`${sandboxUrl}/__sandbox/orders`)).json()) as { orders: unknown[] }).orders.length;

  it("create a thread, send a trade, read the interrupt, resume with approve: one broker order; others see nothing", async () => {
    expect((await fetch(`${apiUrl}/threads`, { method: "POST", body: "{}" })).status).toBe(401);
    const client = new Client({
      apiUrl,
      defaultHeaders: { authorization: `Bearer ${await signIn(DEMO_EMAIL, DEMO_PASSWORD)}` },
    });
    const thread = await client.threads.create();
    await client.runs.wait(thread.thread_id, "trading_agent", {
      input: { messages: [{ role: "user", content: "buy 1 share of NVDA" }] },
    });
    const state = await client.threads.getState(thread.thread_id);
    const request = state.tasks.flatMap((task) => task.interrupts)[0]?.value as ApprovalRequest;
    expect(request).toMatchObject({
      schemaVersion: 1,
      action_requests: [{ name: "place_order", args: { symbol: "NVDA", side: "buy", quantity: 1 } }],
      review_configs: [{ allowed_decisions: ["approve", "edit", "reject"] }],
    });
    expect(request.action_requests[0]!.description).toMatch(/NVDA/);

    const before = await sandboxOrders();
    await client.runs.wait(thread.thread_id, "trading_agent", {
      command: { resume: { decisions: [{ type: "approve" }] } },
    });
    expect((await sandboxOrders()) - before).toBe(1);

    const email = `lg-${randomUUID().slice(0, 8)}@example.com`;
    await fetch(`${sandboxUrl}/__sandbox/seed`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ users: [{ id: randomUUID(), email, password: "stranger-password" }] }),
    });
    // agent-chat-ui sends the token as its "API key".
    const asApiKey = new Client({ apiUrl, apiKey: await signIn(DEMO_EMAIL, DEMO_PASSWORD) });
    expect((await asApiKey.threads.get(thread.thread_id)).thread_id).toBe(thread.thread_id);
    const stranger = new Client({
      apiUrl,
      defaultHeaders: { authorization: `Bearer ${await signIn(email, "stranger-password")}` },
    });
    await expect(stranger.threads.get(thread.thread_id)).rejects.toThrow(/404|not found/i);
    // A run acts for the token's user, whatever userId the client puts in the config: the
    // stranger has no trading account, so no card (and no interrupt) can come of it.
    const own = await stranger.threads.create();
    await stranger.runs.wait(own.thread_id, "trading_agent", {
      input: { messages: [{ role: "user", content: "buy 1 share of NVDA" }] },
      config: { configurable: { userId: "00000000-0000-4000-8000-000000000001" } },
    });
    const strangerState = await stranger.threads.getState(own.thread_id);
    expect(strangerState.tasks.flatMap((task) => task.interrupts)).toEqual([]);
    const visible = (await stranger.threads.search()).map((t) => t.thread_id);
    expect(visible).not.toContain(thread.thread_id);
    expect(visible).toEqual([own.thread_id]);
  }, 180_000);
});
