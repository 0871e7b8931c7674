import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_SNAPTRADE_CLIENT_ID, DEFAULT_SNAPTRADE_CONSUMER_KEY } from "../defaults.js";
import { DEMO_USER_ID } from "../demo.js";
import type { RunningSandbox } from "../server.js";
import { admin, passPortal, registerAndConnect, startTestSandbox } from "../testing/harness.js";
import { verifyWebhookSignature } from "../testing/independent-signer.js";
import { snaptradeClient } from "../testing/snaptrade-client.js";
import { type ReceivedWebhook, startWebhookReceiver } from "../testing/webhook-receiver.js";

let sandbox: RunningSandbox;
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
let client: ReturnType<typeof snaptradeClient>;
let userSecret: string;
const userId = DEMO_USER_ID;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ofType = (type: string) => (w: ReceivedWebhook) => w.body.eventType === type;

function expectSigned(webhook: ReceivedWebhook) {
  expect(
    verifyWebhookSignature(
      DEFAULT_SNAPTRADE_CONSUMER_KEY,
      webhook.rawBody,
      String(webhook.headers.signature),
    ),
  ).toBe(true);
  expect(verifyWebhookSignature("wrong-key", webhook.rawBody, String(webhook.headers.signature))).toBe(false);
  expect(webhook.body.webhookId).toMatch(UUID);
  expect(webhook.body.clientId).toBe(DEFAULT_SNAPTRADE_CLIENT_ID);
  expect(Math.abs(Date.now() - Date.parse(String(webhook.body.eventTimestamp)))).toBeLessThan(5000);
}

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  sandbox = await startTestSandbox({ demo: true, snaptradeWebhookUrl: receiver.url });
  client = snaptradeClient(sandbox.url);
  ({ userSecret } = await registerAndConnect(client, userId));
});
afterAll(async () => {
  await sandbox.close();
  await receiver.close();
});

describe("SnapTrade webhooks", () => {
  it("sends CONNECTION_ADDED, NEW_ACCOUNT_AVAILABLE and ACCOUNT_HOLDINGS_UPDATED after the portal, signed", async () => {
    const added = await receiver.waitFor(ofType("CONNECTION_ADDED"));
    expectSigned(added);
    expect(added.body).toMatchObject({
      userId,
      brokerageAuthorizationId: expect.stringMatching(UUID),
      brokerageId: expect.stringMatching(UUID),
    });
    await receiver.waitFor(
      (w) => receiver.received.filter(ofType("ACCOUNT_HOLDINGS_UPDATED")).length === 4 && Boolean(w),
    );
    expect(receiver.received.filter(ofType("CONNECTION_ADDED"))).toHaveLength(3);
    expect(receiver.received.filter(ofType("NEW_ACCOUNT_AVAILABLE"))).toHaveLength(4);
    const holdings = receiver.received.find(ofType("ACCOUNT_HOLDINGS_UPDATED"));
    expect(holdings?.body.details).toMatchObject({ positions: { success: true } });
    // Delivered in the order they happened.
    const order = receiver.received.map((w) => w.body.eventType);
    expect(order.indexOf("CONNECTION_ADDED")).toBeLessThan(order.indexOf("NEW_ACCOUNT_AVAILABLE"));
  });

  it("sends TRADE_UPDATE and ACCOUNT_HOLDINGS_UPDATED when an order fills", async () => {
    receiver.received.length = 0;
    const { data: accounts } = await client.accountInformation.listUserAccounts({ userId, userSecret });
    const account = accounts.find((a) => a.name === "Robinhood Individual");
    const placed = await client.trading.placeForceOrder({
      account_id: account?.id ?? "",
      action: "BUY",
      symbol: "AAPL",
      order_type: "Market",
      time_in_force: "Day",
      units: 1,
      userId,
      userSecret,
    });
    const update = await receiver.waitFor(
      (w) => w.body.eventType === "TRADE_UPDATE" && JSON.stringify(w.body).includes('"EXECUTED"'),
    );
    expectSigned(update);
    expect(update.body.accountId).toBe(account?.id);
    const details = update.body.details as {
      orders: { brokerage_order_id: string; legs: { instrument: { symbol: string } }[] }[];
    };
    expect(details.orders[0]?.brokerage_order_id).toBe(placed.data.brokerage_order_id);
    expect(details.orders[0]?.legs[0]?.instrument.symbol).toBe("AAPL");
    await receiver.waitFor(
      (w) => w.body.eventType === "ACCOUNT_HOLDINGS_UPDATED" && w.body.accountId === account?.id,
    );
  });

  it("sends CONNECTION_BROKEN, CONNECTION_FIXED, ACCOUNT_HOLDINGS_UPDATED and CONNECTION_DELETED", async () => {
    const { data } = await client.connections.listBrokerageAuthorizations({ userId, userSecret });
    const schwab = data.find((c) => c.brokerage?.name === "Charles Schwab")?.id ?? "";
    receiver.received.length = 0;
    await client.connections.disableBrokerageAuthorization({ authorizationId: schwab, userId, userSecret });
    expect((await receiver.waitFor(ofType("CONNECTION_BROKEN"))).body.brokerageAuthorizationId).toBe(schwab);
    await passPortal(client, userId, userSecret, { reconnect: schwab });
    expectSigned(await receiver.waitFor(ofType("CONNECTION_FIXED")));
    receiver.received.length = 0;
    await client.connections.refreshBrokerageAuthorization({ authorizationId: schwab, userId, userSecret });
    await receiver.waitFor(
      (w) => receiver.received.filter(ofType("ACCOUNT_HOLDINGS_UPDATED")).length === 2 && Boolean(w),
    );
    await client.connections.removeBrokerageAuthorization({ authorizationId: schwab, userId, userSecret });
    expect((await receiver.waitFor(ofType("CONNECTION_DELETED"))).body.brokerageAuthorizationId).toBe(schwab);
  });

  it("signs and delivers admin-triggered events, non-ASCII included", async () => {
    const response = await admin(sandbox, "/webhooks/snaptrade", {
      userId,
      eventType: "ACCOUNT_HOLDINGS_UPDATED",
      accountId: "7c1a3e55-1111-4222-8333-444455556666",
      details: { note: "Société Générale — 5 % ✓", amount: 12.5 },
    });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { delivery: { status: number } }).delivery.status).toBe(200);
    const webhook = await receiver.waitFor((w) => JSON.stringify(w.body).includes("Société"));
    expectSigned(webhook);
    const log = (await (await admin(sandbox, "/webhooks")).json()) as { deliveries: { eventType: string }[] };
    expect(log.deliveries.length).toBeGreaterThan(5);
  });

  it("never blocks an API answer on a slow receiver", async () => {
    const { createServer } = await import("node:http");
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const port = (silent.address() as { port: number }).port;
    const slow = await startTestSandbox({
      demo: true,
      snaptradeWebhookUrl: `http://127.0.0.1:${port}/`,
      webhookTimeoutMs: 200,
    });
    const started = Date.now();
    await registerAndConnect(snaptradeClient(slow.url), userId);
    expect(Date.now() - started).toBeLessThan(1000);
    // The first delivery gives up at its timeout and says so (polled: a loaded machine runs late).
    for (let i = 0; i < 100 && !slow.world.webhookLog[0]; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(slow.world.webhookLog[0]?.error).toBeTruthy();
    await slow.close();
    silent.closeAllConnections();
    silent.close();
  });
});
