import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SANDBOX_SERVICE_ROLE_KEY } from "../../../sandbox/auth/admin-routes.js";
import { startTestService, type TestService, uniqueEmail } from "../../../test/helpers/service.js";

describe("a token stops working when its session ends (service + sandbox Supabase Auth)", () => {
  let t: TestService;
  beforeAll(async () => {
    t = await startTestService();
  });
  afterAll(async () => {
    await t?.close();
  });

  const newUser = async () => {
    const email = uniqueEmail("session");
    const seeded = await t.admin<{ users: Array<{ id: string }> }>("/__sandbox/seed", {
      users: [{ id: crypto.randomUUID(), email, password: "pw-session-1" }],
    });
    return { id: seeded.users[0]!.id, token: await t.signIn(email, "pw-session-1") };
  };
  const auth = (path: string, token: string, method = "POST") =>
    fetch(`${t.sandboxUrl}/auth/v1${path}`, {
      method,
      headers: {
        apikey: method === "DELETE" ? SANDBOX_SERVICE_ROLE_KEY : "sandbox-anon-key",
        authorization: `Bearer ${token}`,
      },
    });

  it("after a global logout, writes are refused at once", async () => {
    const { token } = await newUser();
    expect((await t.api(token, "/api/threads", { method: "POST" })).status).toBe(201);
    expect((await auth("/logout?scope=global", token)).status).toBe(204);
    const after = await t.api(token, "/api/threads", { method: "POST" });
    expect(after.status).toBe(401);
    expect(((await after.json()) as { error: { code: string } }).error.code).toBe("unauthorized");
  });

  it("after a global logout, a chat message that can decide a card and a decision are refused at once", async () => {
    const { token } = await newUser();
    const created = await t.api(token, "/api/threads", { method: "POST" });
    const { threadId } = (await created.json()) as { threadId: string };
    const say = (content: string) =>
      t.api(token, `/api/threads/${threadId}/messages`, { method: "POST", body: { content } });
    expect((await say("hello")).status).toBe(200);
    expect((await auth("/logout?scope=global", token)).status).toBe(204);
    // A message that cannot decide anything is served like a read, on the auth server's recent word.
    expect((await say("what do I hold?")).status).toBe(200);
    const decision = await t.api(token, `/api/threads/${threadId}/confirmations/${crypto.randomUUID()}`, {
      method: "POST",
      body: { decision: "reject" },
    });
    expect(decision.status).toBe(401);
    expect((await say("yes")).status).toBe(401);
    // The auth server's answer is remembered: now every request of the session is refused.
    expect((await say("what do I hold?")).status).toBe(401);
  });

  it("a decision on a real card after its session ended: 401, the card was only read (alongside the auth server's answer), nothing written or sent", async () => {
    const token = await t.signIn();
    const created = await t.api(token, "/api/threads", { method: "POST" });
    const { threadId } = (await created.json()) as { threadId: string };
    const asked = await t.api(token, `/api/threads/${threadId}/messages`, {
      body: { content: "sell 1 share of AAPL" },
    });
    const card = ((await asked.json()) as { pendingConfirmation: { id: string; hash: string } })
      .pendingConfirmation;
    expect(card).not.toBeNull();
    await t.settled();
    const ordersBefore = (await t.sandboxOrders()).length;
    expect((await auth("/logout?scope=local", token)).status).toBe(204);

    const statements: string[] = [];
    const stop = t.service.db.queries.observe((report) => {
      if (report.label.includes("/confirmations/"))
        statements.push(...report.tally.statements.map((s) => s.text));
    });
    try {
      const decision = await t.api(token, `/api/threads/${threadId}/confirmations/${card.id}`, {
        body: { decision: "approve", hash: card.hash },
      });
      expect(decision.status).toBe(401);
    } finally {
      stop();
    }
    // The card was read while the auth server was asked: the decision waits on one round trip
    // fewer. Apart from the budget's count, nothing the request sent writes anything.
    expect(statements.some((s) => s.startsWith("select * from trade_proposals where id"))).toBe(true);
    expect(
      statements.filter((s) => !s.startsWith("select") && !s.startsWith("insert into rate_limit_windows")),
    ).toEqual([]);
    expect((await t.sandboxOrders()).length).toBe(ordersBefore);
    const fresh = await t.signIn();
    const view = await t.api(fresh, `/api/threads/${threadId}`);
    expect(
      ((await view.json()) as { pendingConfirmation: { id: string } | null }).pendingConfirmation?.id,
    ).toBe(card.id);
  });

  it("a token of a deleted user is refused", async () => {
    const { id, token } = await newUser();
    expect((await t.api(token, "/api/accounts")).status).toBe(200);
    expect((await auth(`/admin/users/${id}`, SANDBOX_SERVICE_ROLE_KEY, "DELETE")).status).toBe(200);
    expect((await t.api(token, "/api/threads", { method: "POST" })).status).toBe(401);
  });
});
