import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWebhookReceiver } from "../../../../sandbox/testing/webhook-receiver.js";
import { startTestService, type TestService } from "../../../../test/helpers/service.js";

interface Delivery {
  status: number | null;
  error: string | null;
}

describe("POST /api/plaid/webhook (the sandbox signs and sends, the service verifies)", () => {
  let t: TestService;
  let itemId: string;
  let token: string;

  beforeAll(async () => {
    t = await startTestService();
    token = await t.signIn();
    const items = await t.service.db.pool.query<{ item_id: string }>(
      "select item_id from plaid_items where user_id = $1",
      [t.demoUserId],
    );
    itemId = items.rows[0]!.item_id;
  });
  afterAll(async () => {
    await t?.close();
  });

  const fire = async (webhookType: string, webhookCode: string) =>
    (await t.admin<{ delivery: Delivery }>("/__sandbox/webhooks/plaid", { itemId, webhookType, webhookCode }))
      .delivery;
  const plaidAccounts = async () =>
    (
      (await (await t.api(token, "/api/accounts")).json()) as {
        accounts: Array<{ provider: string; connectionStatus: string; syncedAt: string | null }>;
      }
    ).accounts.filter((a) => a.provider === "plaid");

  it("HOLDINGS DEFAULT_UPDATE re-reads the Plaid holdings", async () => {
    const before = await t.service.db.pool.query(
      "select count(*)::int as n from webhook_events where provider = 'plaid'",
    );
    expect((await fire("HOLDINGS", "DEFAULT_UPDATE")).status).toBe(200);
    const after = await t.service.db.pool.query<{ event_type: string }>(
      "select event_type from webhook_events where provider = 'plaid' order by received_at desc",
    );
    expect(after.rows.length).toBe(Number((before.rows[0] as { n: number }).n) + 1);
    expect(after.rows[0]?.event_type).toBe("HOLDINGS.DEFAULT_UPDATE");
  });

  it("ITEM PENDING_EXPIRATION records when the consent ends", async () => {
    expect((await fire("ITEM", "PENDING_EXPIRATION")).status).toBe(200);
    const rows = await t.service.db.pool.query<{ consent_expires_at: Date | null }>(
      "select consent_expires_at from plaid_items where item_id = $1",
      [itemId],
    );
    expect(rows.rows[0]?.consent_expires_at).not.toBeNull();
  });

  it("ITEM ERROR marks the item and its accounts broken", async () => {
    expect((await plaidAccounts()).every((a) => a.connectionStatus === "active")).toBe(true);
    expect((await fire("ITEM", "ERROR")).status).toBe(200);
    const accounts = await plaidAccounts();
    expect(accounts.length).toBeGreaterThan(0);
    expect(accounts.every((a) => a.connectionStatus === "broken")).toBe(true);
  });

  it("refuses an unsigned or forged delivery and changes nothing", async () => {
    const body = JSON.stringify({
      webhook_type: "ITEM",
      webhook_code: "ERROR",
      item_id: itemId,
      environment: "sandbox",
    });
    const post = (headers: Record<string, string>) =>
      fetch(`${t.url}/api/plaid/webhook`, {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body,
      });
    expect((await post({})).status).toBe(401);
    const forged = `${Buffer.from(JSON.stringify({ alg: "ES256", kid: "x" })).toString("base64url")}.e30.c2ln`;
    expect((await post({ "plaid-verification": forged })).status).toBe(401);
  });

  it("a replayed delivery (same body and signature) is recognised as a duplicate", async () => {
    const receiver = await startWebhookReceiver();
    const config = await t.admin<{ plaidWebhookUrl: string }>("/__sandbox/config");
    try {
      await t.admin("/__sandbox/config", { plaidWebhookUrl: receiver.url });
      await fire("ITEM", "PENDING_EXPIRATION");
      const captured = await receiver.waitFor((w) => w.body.webhook_code === "PENDING_EXPIRATION");
      const deliver = () =>
        fetch(`${t.url}/api/plaid/webhook`, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            "plaid-verification": String(captured.headers["plaid-verification"]),
          },
          body: captured.rawBody,
        });
      expect(await (await deliver()).json()).toEqual({ status: "processed" });
      expect(await (await deliver()).json()).toEqual({ status: "duplicate" });
    } finally {
      await t.admin("/__sandbox/config", { plaidWebhookUrl: config.plaidWebhookUrl });
      await receiver.close();
    }
  });
});
