import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestService, type TestService } from "../../../../test/helpers/service.js";

/** Reads a whole SSE response into its events, in order. */
async function readEvents(response: Response): Promise<Array<{ event: string; data: unknown }>> {
  const text = await response.text();
  return text
    .split("\n\n")
    .filter((block) => block.trim())
    .map((block) => {
      const event = /^event: (.+)$/m.exec(block)?.[1] ?? "message";
      const data = block
        .split("\n")
        .filter((l) => l.startsWith("data: "))
        .map((l) => l.slice(6))
        .join("\n");
      return { event, data: data ? JSON.parse(data) : null };
    });
}

describe("chat API over HTTP", () => {
  let t: TestService;
  let demo: string;
  let stranger: string;

  beforeAll(async () => {
    t = await startTestService({ service: { chatLimits: { messages: { limit: 12, windowSeconds: 60 } } } });
    demo = await t.signIn();
    const email = `stranger-${randomUUID().slice(0, 8)}@example.com`;
    await t.admin("/__sandbox/seed", { users: [{ id: randomUUID(), email, password: "stranger-password" }] });
    stranger = await t.signIn(email, "stranger-password");
  });
  afterAll(async () => {
    await t?.close();
  });

  const newThread = async (token: string) => {
    const response = await t.api(token, "/api/threads", { method: "POST" });
    expect(response.status).toBe(201);
    return ((await response.json()) as { threadId: string }).threadId;
  };

  it("keeps threads private: another user's thread, confirmation and order answer 404", async () => {
    const threadId = await newThread(demo);
    const asked = await t.api(demo, `/api/threads/${threadId}/messages`, {
      body: { content: "sell 1 share of AAPL" },
    });
    const view = (await asked.json()) as { pendingConfirmation: { id: string; hash: string } };
    expect(view.pendingConfirmation).not.toBeNull();
    for (const [method, path, body] of [
      ["GET", `/api/threads/${threadId}`, undefined],
      ["POST", `/api/threads/${threadId}/messages`, { content: "yes" }],
      [
        "POST",
        `/api/threads/${threadId}/confirmations/${view.pendingConfirmation.id}`,
        { decision: "approve" },
      ],
    ] as const) {
      const response = await t.api(stranger, path, { method, body });
      expect(response.status, `${method} ${path}`).toBe(404);
    }
    const strangerThread = await newThread(stranger);
    const crossed = await t.api(
      stranger,
      `/api/threads/${strangerThread}/confirmations/${view.pendingConfirmation.id}`,
      {
        body: { decision: "approve", hash: view.pendingConfirmation.hash },
      },
    );
    expect(crossed.status).toBe(404);
    expect((await t.api(stranger, "/api/orders")).status).toBe(200);
    expect(((await (await t.api(stranger, "/api/orders")).json()) as { orders: unknown[] }).orders).toEqual(
      [],
    );
    expect(await t.sandboxOrders()).toHaveLength(0);
    // The owner still decides normally.
    const rejected = await t.api(
      demo,
      `/api/threads/${threadId}/confirmations/${view.pendingConfirmation.id}`,
      {
        body: { decision: "reject" },
      },
    );
    expect(rejected.status).toBe(200);
  });

  it("validates bodies at the edge: bad input is a 400 and changes nothing", async () => {
    const threadId = await newThread(demo);
    const cases: Array<[string, unknown]> = [
      [`/api/threads/${threadId}/messages`, { content: "" }],
      [`/api/threads/${threadId}/messages`, { content: "hi", extra: true }],
      [
        `/api/threads/${threadId}/confirmations/${randomUUID()}`,
        { decision: "approve", changes: { quantity: 1 } },
      ],
      [
        `/api/threads/${threadId}/confirmations/${randomUUID()}`,
        { decision: "edit", changes: { quantity: -1 } },
      ],
      [`/api/threads/${threadId}/confirmations/${randomUUID()}`, { decision: "sell-everything" }],
      ["/api/threads/not-a-uuid/messages", { content: "hi" }],
    ];
    for (const [path, body] of cases) {
      const response = await t.api(demo, path, { body });
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe("invalid_request");
    }
  });

  it("streams a turn as SSE: tool activity and tokens, then messages, the confirmation and done last", async () => {
    const threadId = await newThread(demo);
    const response = await t.api(demo, `/api/threads/${threadId}/messages`, {
      body: { content: "sell 2 shares of AAPL" },
      headers: { accept: "text/event-stream" },
    });
    expect(response.headers.get("content-type")).toContain("text/event-stream");
    const events = await readEvents(response);
    const names = events.map((e) => e.event);
    expect(names.at(-1)).toBe("done");
    expect(names).toContain("token");
    expect(names).toContain("confirmation");
    const firstTool = names.indexOf("tool");
    const firstToken = names.indexOf("token");
    const lastMessage = names.lastIndexOf("message");
    expect(firstTool).toBeGreaterThanOrEqual(0);
    expect(firstTool).toBeLessThan(firstToken);
    expect(lastMessage).toBeLessThan(names.length - 1);
    const done = events.at(-1)!.data as {
      threadId: string;
      pendingConfirmation: { order: { symbol: string } };
    };
    expect(done.threadId).toBe(threadId);
    expect(done.pendingConfirmation.order.symbol).toBe("AAPL");
    const text = events
      .filter((e) => e.event === "token")
      .map((e) => (e.data as { text: string }).text)
      .join("");
    expect(text).toMatch(/Ready to sell 2 AAPL/);
  });

  it("answers 404 before opening a stream for another user's thread", async () => {
    const threadId = await newThread(demo);
    const response = await t.api(stranger, `/api/threads/${threadId}/messages`, {
      body: { content: "hi" },
      headers: { accept: "text/event-stream" },
    });
    expect(response.status).toBe(404);
  });

  it("rate-limits messages per user with 429 and Retry-After", async () => {
    const threadId = await newThread(stranger);
    let limited: Response | undefined;
    for (let i = 0; i < 20 && !limited; i++) {
      const response = await t.api(stranger, `/api/threads/${threadId}/messages`, {
        body: { content: "hello" },
      });
      if (response.status === 429) limited = response;
      else expect(response.status).toBe(200);
    }
    expect(limited?.status).toBe(429);
    expect(Number(limited?.headers.get("retry-after"))).toBeGreaterThan(0);
    // Another user's budget is untouched.
    const other = await t.api(demo, `/api/threads/${await newThread(demo)}/messages`, {
      body: { content: "hello" },
    });
    expect(other.status).toBe(200);
  });

  it("a message over the budget opens no turn: the thread is not touched or held, nothing is stored, and a stream is refused before it opens", async () => {
    const threadId = await newThread(stranger);
    const send = (headers: Record<string, string> = {}) =>
      t.api(stranger, `/api/threads/${threadId}/messages`, { body: { content: "what do I hold?" }, headers });
    for (let i = 0; i < 20; i++) if ((await send()).status === 429) break;
    const before = await t.service.db.pool.query(
      "select updated_at, title, (select count(*) from chat_messages where thread_id = $1)::int as messages from chat_threads where id = $1",
      [threadId],
    );
    const refused = await send();
    expect(refused.status).toBe(429);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("rate_limited");
    const streamed = await send({ accept: "text/event-stream" });
    expect(streamed.status).toBe(429);
    expect(streamed.headers.get("content-type")).toMatch(/application\/json/);
    const after = await t.service.db.pool.query(
      "select updated_at, title, (select count(*) from chat_messages where thread_id = $1)::int as messages from chat_threads where id = $1",
      [threadId],
    );
    expect(after.rows).toEqual(before.rows);
    const leases = await t.service.db.pool.query("select 1 from thread_run_leases where thread_id = $1", [
      threadId,
    ]);
    expect(leases.rows).toEqual([]);
  });

  it("documents the chat routes in /openapi.json", async () => {
    const spec = (await (await fetch(`${t.url}/openapi.json`)).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(spec.paths)).toEqual(
      expect.arrayContaining([
        "/api/threads",
        "/api/threads/{threadId}",
        "/api/threads/{threadId}/messages",
        "/api/threads/{threadId}/confirmations/{confirmationId}",
        "/api/orders",
        "/api/orders/{orderId}",
        "/api/orders/{orderId}/cancel",
      ]),
    );
  });
});
