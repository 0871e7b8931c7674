import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestService, type TestService } from "../../test/helpers/service.js";

/**
 * SnapTrade's order list is its daily cache of the brokerage (sandbox `snaptradeDailyCache`):
 * an order placed since the last sync is not in it. The product must learn an order's fate from
 * the order's own endpoint and the real-time list, never send it to review for that absence.
 */
describe("SnapTrade's daily-cached order list", () => {
  let t: TestService;
  const user = () => ({ userId: t.demoUserId, threadId: null, channel: "api" as const });
  const resting = {
    symbol: "AAPL",
    side: "buy" as const,
    quantity: 1,
    orderType: "limit" as const,
    limitPrice: 1,
  };

  beforeAll(async () => {
    t = await startTestService({
      env: { MAX_ORDER_NOTIONAL: "100000", MAX_DAILY_NOTIONAL: "1000000" },
      sandboxBehaviour: { snaptradeDailyCache: true },
      service: {
        orders: { reconciler: { settleSeconds: 0, openPollSeconds: 0, snaptradeReviewAfterSeconds: 0 } },
      },
    });
  });
  afterAll(async () => {
    await t?.close();
  });

  async function approve(request: Parameters<TestService["service"]["orders"]["prepare"]>[1]) {
    const proposal = await t.service.orders.prepare(user(), request);
    const { order } = await t.service.orders.decide(user(), proposal.id, {
      decision: "approve",
      hash: proposal.hash,
    });
    if (!order) throw new Error("no order");
    return order;
  }
  const expireLeases = () =>
    t.service.db.pool.query("update trade_orders set lease_until = now() - interval '1 second'");

  it("a resting order the daily list does not show stays accepted (its own endpoint knows it)", async () => {
    const order = await approve({ ...resting, account: "Robinhood" });
    expect(order.status).toBe("accepted");
    await t.service.orders.reconciler.runOnce();
    await t.service.orders.reconciler.runOnce();
    expect((await t.service.orders.getOrder(t.demoUserId, order.id))?.status).toBe("accepted");
  });

  it("an order whose answer was lost is found in the real-time list, not sent to review", async () => {
    await t.admin("/__sandbox/faults", { target: "snaptrade.placeOrder", mode: "acceptThenTimeout" });
    const order = await approve({ ...resting, limitPrice: 2, account: "Robinhood" });
    expect(order.status).toBe("unknown");
    await expireLeases();
    await t.service.orders.reconciler.runOnce();
    const settled = await t.service.orders.getOrder(t.demoUserId, order.id);
    expect(settled?.status).toBe("accepted");
    expect(settled?.brokerOrderId).toBeTruthy();
  });
});
