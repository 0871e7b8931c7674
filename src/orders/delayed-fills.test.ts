import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startTestService, type TestService } from "../../test/helpers/service.js";

/**
 * The sandbox with the vendors' habits (orders that work before they fill, fills in slices,
 * statuses beyond filled/cancelled): the product reports what happens when it happens.
 */
describe("orders that fill later (sandbox fills: working)", () => {
  let t: TestService;
  let token: string;
  const user = () => ({ userId: t.demoUserId, threadId: null, channel: "api" as const });

  beforeAll(async () => {
    t = await startTestService({
      env: { MAX_ORDER_NOTIONAL: "100000", MAX_DAILY_NOTIONAL: "1000000" },
      sandboxBehaviour: { workingFillMs: 200 },
      service: { orders: { reconciler: { settleSeconds: 0, openPollSeconds: 0 } } },
    });
    token = await t.signIn();
    await t.admin("/__sandbox/prices", { NVDA: 100, AAPL: 200, INTC: 30 });
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
  /** What the web app's orders panel reads (it polls GET /api/orders). */
  async function listed(orderId: string) {
    const response = await t.api(token, "/api/orders");
    const { orders } = (await response.json()) as {
      orders: Array<{ id: string; status: string; filledQuantity: number; filledAvgPrice: number | null }>;
    };
    return orders.find((o) => o.id === orderId);
  }
  const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  /** The reconciler's passes (every 5 s in the service) until the orders list shows `expected`. */
  const reconciledUntil = (orderId: string, expected: Record<string, unknown>) =>
    vi.waitFor(
      async () => {
        await t.service.orders.reconciler.runOnce();
        expect(await listed(orderId)).toMatchObject(expected);
      },
      { timeout: 10_000, interval: 200 },
    );

  it("an Alpaca limit order is accepted, then its later fill reaches the orders list", async () => {
    const order = await approve({
      symbol: "NVDA",
      side: "buy",
      quantity: 2,
      orderType: "limit",
      limitPrice: 101,
      account: "Alpaca",
    });
    expect(order.status).toBe("accepted");
    expect(order.filledQuantity).toBe(0);
    expect(await listed(order.id)).toMatchObject({ status: "accepted" });
    await reconciledUntil(order.id, { status: "filled", filledQuantity: 2 });
    // The price the broker filled at (prices move in the embedded sandbox), not the one quoted.
    const ours = await t.service.orders.getOrder(t.demoUserId, order.id);
    const theirs = (await t.sandboxOrders()).find((o) => o.id === ours?.brokerOrderId);
    expect(ours?.filledAvgPrice).toBe(theirs?.filledAvgPrice);
    const trail = await t.service.orders.auditTrail(t.demoUserId, { orderId: order.id });
    expect(trail.map((e) => e.type)).toContain("status_changed");
  });

  it("a delayed SnapTrade market order is reported filled on its TRADE_UPDATE, without polling", async () => {
    await t.admin("/__sandbox/config", { behaviour: { delayedMarketShare: 1 } });
    const order = await approve({ symbol: "AAPL", side: "buy", quantity: 1, account: "Robinhood" });
    await t.admin("/__sandbox/config", { behaviour: { delayedMarketShare: 0.25 } });
    expect(order.status).toBe("accepted");
    await vi.waitFor(async () => expect(await listed(order.id)).toMatchObject({ status: "filled" }), {
      timeout: 5_000,
      interval: 100,
    });
  });

  it("a delayed Alpaca market order is reported filled within moments, before any poll", async () => {
    await t.admin("/__sandbox/config", { behaviour: { delayedMarketShare: 1 } });
    const order = await approve({ symbol: "INTC", side: "buy", quantity: 1, account: "Alpaca" });
    await t.admin("/__sandbox/config", { behaviour: { delayedMarketShare: 0.25 } });
    expect(order.status).toBe("accepted");
    // The service under test runs no reconciler loop: only the engine's early look can see the fill.
    await vi.waitFor(async () => expect(await listed(order.id)).toMatchObject({ status: "filled" }), {
      timeout: 6_000,
      interval: 200,
    });
  });

  it("partial fills over time: partially filled at once, then filled", async () => {
    await t.admin("/__sandbox/config", { behaviour: { partialFills: "always", fills: "instant" } });
    const order = await approve({ symbol: "INTC", side: "buy", quantity: 4, account: "Alpaca" });
    await t.admin("/__sandbox/config", { behaviour: { partialFills: "large", fills: "working" } });
    expect(order).toMatchObject({ status: "partially_filled", filledQuantity: 2 });
    await reconciledUntil(order.id, { status: "filled", filledQuantity: 4 });
  });

  it("a working status (done_for_day) stays open; a replaced order goes to review, never to cancelled", async () => {
    const resting = {
      symbol: "NVDA",
      side: "buy" as const,
      quantity: 1,
      orderType: "limit" as const,
      limitPrice: 1,
    };
    const alpaca = await approve({ ...resting, account: "Alpaca" });
    const snaptrade = await approve({ ...resting, account: "Robinhood" });
    await pause(300);
    const brokerId = async (id: string) => (await t.service.orders.getOrder(t.demoUserId, id))!.brokerOrderId;
    await t.admin(`/__sandbox/orders/${await brokerId(alpaca.id)}/vendor-status`, { status: "done_for_day" });
    await t.admin(`/__sandbox/orders/${await brokerId(snaptrade.id)}/vendor-status`, { status: "REPLACED" });
    await t.service.orders.reconciler.runOnce();
    expect(await listed(alpaca.id)).toMatchObject({ status: "accepted" });
    const replaced = await t.service.orders.getOrder(t.demoUserId, snaptrade.id);
    expect(replaced?.status).toBe("needs_review");
    expect(replaced?.statusDetail).toMatch(/replaced/i);
  });
});
