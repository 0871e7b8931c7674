import { createHmac } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { openTestPglite, type TestDatabase } from "../../../../test/helpers/databases.js";
import { FakeBrokers, fakeAccount, fakePosition } from "../../../../test/helpers/portfolio-fakes.js";
import {
  linkFakeSnaptrade,
  newUserId,
  startPortfolioHarness,
} from "../../../../test/helpers/portfolio-module.js";
import { signSnaptradeWebhook } from "../../../../test/helpers/portfolio-webhook-signer.js";
import { BrokerUnavailable } from "../../../brokers/errors.js";
import type { TradeUpdateEvent } from "../../../portfolio/index.js";

const consumerKey = "test-consumer-key";

describe("POST /api/snaptrade/webhook", () => {
  let db: TestDatabase;
  let fakes: FakeBrokers;
  let harness: Awaited<ReturnType<typeof startPortfolioHarness>>;
  let userId: string;
  let webhookCount = 0;
  const account = fakeAccount("snaptrade", "wh-acct", { connectionId: "wh-conn" });

  beforeAll(async () => {
    db = await openTestPglite();
    fakes = new FakeBrokers();
    harness = await startPortfolioHarness({ db, brokers: fakes.clients });
    userId = newUserId();
    fakes.accounts.set(`snaptrade:${userId}`, [account]);
    fakes.connections.set(`snaptrade:${userId}`, [
      {
        id: "wh-conn",
        brokerageName: "Schwab",
        brokerageSlug: "SCHWAB",
        type: "trade",
        disabled: false,
        disabledAt: null,
      },
    ]);
    fakes.positions.set(account.id, [fakePosition(account.id, "AAPL", 10, 200)]);
    await linkFakeSnaptrade(harness.portfolio, fakes.loginRequests, userId);
  });
  // An account event's refresh runs after its answer: none may spill into the next test.
  afterEach(() => harness.portfolio.idle());
  afterAll(async () => {
    await harness.close();
    await db.close();
  });

  function eventBody(eventType: string, extra: Record<string, unknown> = {}) {
    webhookCount += 1;
    return JSON.stringify({
      webhookId: `wh-${webhookCount}-${Date.now()}`,
      clientId: "test-client",
      eventTimestamp: new Date().toISOString(),
      userId,
      eventType,
      brokerageAuthorizationId: "wh-conn",
      accountId: "wh-acct",
      webhookSecret: "deprecated",
      ...extra,
    });
  }

  const deliver = (body: string, signature = signSnaptradeWebhook(body, consumerKey)) =>
    harness.request(null, "/api/snaptrade/webhook", {
      method: "POST",
      body,
      headers: { Signature: signature },
    });

  const quantity = async (symbol: string) => {
    const result = await db.pool.query<{ quantity: number }>(
      "select quantity from account_positions where user_id = $1 and symbol = $2",
      [userId, symbol],
    );
    return result.rows[0]?.quantity ?? null;
  };

  it("processes ACCOUNT_HOLDINGS_UPDATED: that account is re-synced", async () => {
    fakes.positions.set(account.id, [
      fakePosition(account.id, "AAPL", 12, 200),
      fakePosition(account.id, "ÉTÉ", 1, 5),
    ]);
    const res = await deliver(
      eventBody("ACCOUNT_HOLDINGS_UPDATED", { brokerageName: "Société Générale — 日本" }),
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "processed" });
    // Answered once counted on the account; the account is read right after.
    await harness.portfolio.idle();
    expect(await quantity("AAPL")).toBe(12);
  });

  it("logs successful deliveries at debug: bursts of them must not bury the start-up banner", async () => {
    const requestLines = () =>
      harness.appLogs.lines
        .map((line) => JSON.parse(line) as { msg: string; path?: string; status?: number; level: number })
        .filter((line) => line.msg === "request" && line.path === "/api/snaptrade/webhook");
    harness.appLogs.lines.length = 0;
    expect((await deliver(eventBody("ACCOUNT_HOLDINGS_UPDATED"))).status).toBe(200);
    expect(requestLines().map((l) => [l.status, l.level])).toEqual([[200, 20]]);
  });

  it("answers a replay (same webhookId, also under the spec's `webookId`) 200 without side effects", async () => {
    const body = eventBody("ACCOUNT_HOLDINGS_UPDATED");
    expect((await deliver(body)).status).toBe(200);
    await harness.portfolio.idle();
    fakes.positions.set(account.id, [fakePosition(account.id, "AAPL", 99, 200)]);
    const before = fakes.count("snaptrade.listPositions");
    const replay = await deliver(body);
    expect(await replay.json()).toEqual({ status: "duplicate" });
    const parsed = JSON.parse(body);
    const typo = JSON.stringify({ ...parsed, webhookId: undefined, webookId: parsed.webhookId });
    expect(await (await deliver(typo)).json()).toEqual({ status: "duplicate" });
    await harness.portfolio.idle();
    expect(fakes.count("snaptrade.listPositions")).toBe(before);
    expect(await quantity("AAPL")).not.toBe(99);
  });

  it("refuses a changed byte, a wrong key and a stale event with 401, changing nothing and logging no expected signature", async () => {
    const body = eventBody("CONNECTION_DELETED");
    const signature = signSnaptradeWebhook(body, consumerKey);
    const tampered = body.replace("wh-conn", "wh-conm");
    expect((await deliver(tampered, signature)).status).toBe(401);
    expect((await deliver(body, signSnaptradeWebhook(body, "wrong-key"))).status).toBe(401);
    const stale = eventBody("CONNECTION_DELETED", {
      eventTimestamp: new Date(Date.now() - 6 * 60_000).toISOString(),
    });
    const staleRes = await deliver(stale);
    expect(staleRes.status).toBe(401);
    expect((await staleRes.json()).error.message).toMatch(/5-minute window/);
    expect(await quantity("AAPL")).not.toBeNull();
    const expectedForTampered = createHmac("sha256", consumerKey).update(tampered).digest("base64");
    expect(harness.logs.text()).not.toContain(expectedForTampered);
    expect(harness.logs.text()).not.toContain(signature);
  });

  it("answers non-2xx when SnapTrade cannot be read, so a redelivery processes it", async () => {
    const body = eventBody("NEW_ACCOUNT_AVAILABLE");
    fakes.faults.set("snaptrade.listAccounts", new BrokerUnavailable("snaptrade"));
    const failed = await deliver(body);
    fakes.faults.clear();
    expect(failed.status).toBe(503);
    const retried = await deliver(body);
    expect(await retried.json()).toEqual({ status: "processed" });
  });

  it("hands TRADE_UPDATE to the registered hook inside the webhook transaction", async () => {
    const events: TradeUpdateEvent[] = [];
    const unregister = harness.portfolio.webhooks.onTradeUpdate(async (event, tx) => {
      const check = await tx.query<{ n: number }>(
        "select count(*)::int as n from webhook_events where id = $1",
        [event.webhookId],
      );
      expect(check.rows[0]?.n).toBe(1);
      events.push(event);
    });
    const body = eventBody("TRADE_UPDATE", {
      details: { orders: [{ brokerage_order_id: "b-1", status: "EXECUTED" }] },
    });
    expect((await deliver(body)).status).toBe(200);
    unregister();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ userId, accountId: account.id, connectionId: "wh-conn" });
    expect(events[0]?.details).toEqual({ orders: [{ brokerage_order_id: "b-1", status: "EXECUTED" }] });
  });

  it("a failing hook rolls back the event row: the redelivery runs the hook again", async () => {
    let attempts = 0;
    const unregister = harness.portfolio.webhooks.onTradeUpdate(async () => {
      attempts += 1;
      if (attempts === 1) throw new Error("orders engine busy");
    });
    const body = eventBody("TRADE_UPDATE");
    expect((await deliver(body)).status).toBe(500);
    expect(await (await deliver(body)).json()).toEqual({ status: "processed" });
    unregister();
    expect(attempts).toBe(2);
  });

  it("CONNECTION_BROKEN disables the connection's accounts; ACCOUNT_REMOVED and unknown users are handled", async () => {
    expect((await deliver(eventBody("CONNECTION_BROKEN"))).status).toBe(200);
    const [row] = (
      await db.pool.query<{ connection_status: string }>(
        "select connection_status from user_investment_accounts where id = $1",
        [account.id],
      )
    ).rows;
    expect(row?.connection_status).toBe("disabled");
    const unknown = eventBody("ACCOUNT_HOLDINGS_UPDATED", { userId: "someone-else" });
    expect(await (await deliver(unknown)).json()).toEqual({ status: "ignored" });
    expect((await deliver(eventBody("ACCOUNT_REMOVED"))).status).toBe(200);
    expect(await quantity("AAPL")).toBeNull();
  });
});
