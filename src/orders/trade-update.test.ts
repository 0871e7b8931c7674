import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestService, type TestService } from "../../test/helpers/service.js";
import { brokerOrderIdsOf } from "./trade-update-listener.js";

describe("order status follows SnapTrade TRADE_UPDATE webhooks", () => {
  let t: TestService;
  beforeAll(async () => {
    // No reconciler loop: only the webhook can move the order.
    t = await startTestService();
  });
  afterAll(async () => {
    await t?.close();
  });

  /** A limit sell of 1 AAPL at 210 resting at the broker (accepted), then the price moves to 211, which fills it there. */
  async function restingSellThenPriceCrosses() {
    const user = { userId: t.demoUserId, threadId: null, channel: "api" as const };
    await t.admin("/__sandbox/prices", { AAPL: 200 });
    const proposal = await t.service.orders.prepare(user, {
      symbol: "AAPL",
      side: "sell",
      quantity: 1,
      orderType: "limit",
      limitPrice: 210,
      account: "Robinhood",
    });
    const { order } = await t.service.orders.decide(user, proposal.id, {
      decision: "approve",
      hash: proposal.hash,
    });
    expect(order?.status).toBe("accepted");
    await t.admin("/__sandbox/prices", { AAPL: 211 });
    return order!;
  }

  it("reads the broker order ids a TRADE_UPDATE names, ignoring junk", () => {
    expect(
      brokerOrderIdsOf({ orders: [{ brokerage_order_id: "abc" }, { brokerage_order_id: 5 }, {}] }),
    ).toEqual(["abc"]);
    expect(brokerOrderIdsOf("nonsense")).toEqual([]);
    expect(brokerOrderIdsOf(null)).toEqual([]);
  });

  it("a resting limit order becomes filled when the signed webhook arrives", async () => {
    const order = await restingSellThenPriceCrosses();
    let status: string | undefined = order.status;
    for (let i = 0; i < 100 && status !== "filled"; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      status = (await t.service.orders.getOrder(t.demoUserId, order.id))?.status;
    }
    expect(status).toBe("filled");
    const events = await t.service.orders.auditTrail(t.demoUserId, { orderId: order.id });
    expect(events.map((e) => e.type)).toContain("status_changed");
  });

  it("an update that settles the order answers it as it now stands, not as it was read", async () => {
    const { snaptradeWebhookUrl } = await t.admin<{ snaptradeWebhookUrl?: string }>("/__sandbox/config");
    expect(snaptradeWebhookUrl).toBeTruthy();
    // Only this test's own update may move the order: the sandbox's webhooks go nowhere meanwhile.
    await t.admin("/__sandbox/config", { snaptradeWebhookUrl: "http://127.0.0.1:9/nowhere" });
    try {
      const order = await restingSellThenPriceCrosses();
      const after = await t.service.orders.onBrokerOrderUpdate("snaptrade", order.brokerOrderId!);
      expect(after?.status).toBe("filled");
      expect(after?.filledQuantity).toBe(1);
    } finally {
      await t.admin("/__sandbox/config", { snaptradeWebhookUrl });
    }
  });
});
