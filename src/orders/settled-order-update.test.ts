import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestService, type TestService } from "../../test/helpers/service.js";

/**
 * SnapTrade sends TRADE_UPDATE for every change of an order, and may send it minutes late. An
 * update about an order whose outcome we already hold must not be read as "the broker shows no
 * such order": that would turn a recorded fill into a case for human review.
 */
describe("a broker update about an order that is already settled", () => {
  let t: TestService;
  beforeAll(async () => {
    t = await startTestService();
  });
  afterAll(async () => {
    await t?.close();
  });

  const user = () => ({ userId: t.demoUserId, threadId: null, channel: "api" as const });

  // On Alpaca the old code sent the filled order again (the broker refused the repeated client id).
  it.each([
    { provider: "snaptrade" as const, account: "Robinhood", symbol: "AAPL" },
    { provider: "alpaca" as const, account: "Alpaca", symbol: "NVDA" },
  ])(
    "leaves a filled $provider order filled, minutes after its send, asks the broker nothing and reads the order once",
    async ({ provider, account, symbol }) => {
      const proposal = await t.service.orders.prepare(user(), {
        symbol,
        side: "buy",
        quantity: 1,
        orderType: "market",
        account,
      });
      const { order } = await t.service.orders.decide(user(), proposal.id, {
        decision: "approve",
        hash: proposal.hash,
      });
      expect(order?.status).toBe("filled");
      // The trade's own follow-ups (its refresh, the sandbox's webhooks) end first.
      await quiet(t);
      const before = (await t.service.orders.getOrder(t.demoUserId, order!.id))!;
      // The update arrives long after the send: past the window in which an absent order is still awaited.
      await t.service.db.pool.query(
        `update trade_orders set send_attempted_at = now() - interval '10 minutes',
         created_at = now() - interval '10 minutes' where id = $1`,
        [order!.id],
      );
      const sandboxCallsBefore = await statsTotal(t);

      const { result: after, tally } = await t.service.db.queries.measure(() =>
        t.service.orders.onBrokerOrderUpdate(provider, before.brokerOrderId!),
      );

      expect(after?.status).toBe("filled");
      expect(after?.filledQuantity).toBe(before.filledQuantity);
      expect(after?.filledAvgPrice).toBe(before.filledAvgPrice);
      const events = await t.service.orders.auditTrail(t.demoUserId, { orderId: order!.id });
      expect(events.map((e) => e.type)).not.toContain("reconciled_absent");
      expect((await statsTotal(t)) - sandboxCallsBefore).toBe(0);
      // Nothing changed, so the order is answered as it was read: one statement, not a second read.
      expect(tally.statements.map((s) => s.text.slice(0, 40))).toEqual([
        expect.stringContaining("trade_orders"),
      ]);
    },
  );
});

async function statsTotal(t: TestService): Promise<number> {
  const response = await fetch(`${t.sandboxUrl}/__sandbox/stats`);
  return ((await response.json()) as { total: number }).total;
}

/** Waits until the sandbox has answered nothing new for 300 ms. */
async function quiet(t: TestService): Promise<void> {
  let last = -1;
  for (let i = 0; i < 50; i++) {
    const total = await statsTotal(t);
    if (total === last) return;
    last = total;
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  throw new Error("the sandbox did not go quiet");
}
