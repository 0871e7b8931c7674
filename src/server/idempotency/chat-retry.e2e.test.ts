import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestService, type TestService } from "../../../test/helpers/service.js";

describe("chat POSTs from flaky networks and odd clients (service + sandbox)", () => {
  let t: TestService;
  let token: string;
  beforeAll(async () => {
    t = await startTestService();
    token = await t.signIn();
  });
  afterAll(async () => {
    await t?.close();
  });

  it("creates no second thread, message or proposal", async () => {
    const headers = { "idempotency-key": "thread-create-1" };
    const created = await t.api(token, "/api/threads", { method: "POST", headers });
    const again = await t.api(token, "/api/threads", { method: "POST", headers });
    const { threadId } = (await created.json()) as { threadId: string };
    expect(((await again.json()) as { threadId: string }).threadId).toBe(threadId);

    const send = () =>
      t.api(token, `/api/threads/${threadId}/messages`, {
        body: { content: "buy 1 share of NVDA" },
        headers: { "idempotency-key": "message-1" },
      });
    const first = (await (await send()).json()) as { pendingConfirmation: { id: string } | null };
    const retried = (await (await send()).json()) as { pendingConfirmation: { id: string } | null };
    expect(retried.pendingConfirmation?.id).toBe(first.pendingConfirmation?.id);
    const thread = (await (await t.api(token, `/api/threads/${threadId}`)).json()) as {
      messages: Array<{ role: string; content: string }>;
    };
    expect(thread.messages.filter((m) => m.role === "user")).toHaveLength(1);
    const proposals = await t.service.db.pool.query("select id from trade_proposals where thread_id = $1", [
      threadId,
    ]);
    expect(proposals.rows).toHaveLength(1);
  });

  it("a NUL byte or control characters in a message's first 80 characters do not break the turn", async () => {
    const { threadId } = (await (await t.api(token, "/api/threads", { method: "POST" })).json()) as {
      threadId: string;
    };
    const sent = await t.api(token, `/api/threads/${threadId}/messages`, {
      body: { content: "what do I\u0000 hold?\u0007" },
    });
    expect(sent.status).toBe(200);
    const threads = (await (await t.api(token, "/api/threads")).json()) as {
      threads: Array<{ threadId?: string; id?: string; title: string }>;
    };
    const mine = threads.threads.find((th) => (th.threadId ?? th.id) === threadId);
    expect(mine?.title).toBe("what do I hold?");
  });
});
