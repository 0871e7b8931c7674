import { expect } from "vitest";
import type { TestService } from "../../../test/helpers/service.js";
import type { AuditEntry } from "../audit/audit-log.js";

/**
 * What the decision tests make and look at: a resting order to cancel; after a decision, the
 * card's status, its audit events and the broker orders it placed at the sandbox. `service` is
 * read at each call (the tests start it in beforeAll).
 */
export function decisionHelpers(service: () => TestService) {
  const eventsOf = (proposalId: string) =>
    service().service.orders.auditTrail(service().demoUserId, { proposalId });
  return {
    eventsOf,
    /** The one event of `type` the card has: fails when there is none or several. */
    async only(proposalId: string, type: string): Promise<AuditEntry> {
      const events = (await eventsOf(proposalId)).filter((e) => e.type === type);
      expect(events).toHaveLength(1);
      return events[0]!;
    },
    /** The types of the card's audit events, oldest first. */
    async typesOf(proposalId: string): Promise<string[]> {
      return (await eventsOf(proposalId)).map((e) => e.type);
    },
    /** Broker orders of a card at the sandbox: by client order id, or by the broker id we stored. */
    async sentFor(proposalId: string): Promise<number> {
      const t = service();
      const ours = await t.service.orders.orderForConfirmation(t.demoUserId, proposalId);
      return (await t.sandboxOrders()).filter(
        (o) => o.clientOrderId === proposalId || (ours?.brokerOrderId && o.id === ours.brokerOrderId),
      ).length;
    },
    /** A resting order (a sell limit far above the market stays open), approved through a card. */
    async restingOrder(ctx: { userId: string; threadId: string | null; channel: "api" }) {
      const orders = service().service.orders;
      const card = await orders.prepare(ctx, {
        symbol: "AAPL",
        side: "sell",
        quantity: 1,
        orderType: "limit",
        limitPrice: 999,
        timeInForce: "gtc",
        account: "Robinhood",
      });
      const { order } = await orders.decide(ctx, card.id, { decision: "approve", hash: card.hash });
      expect(order?.status).toBe("accepted");
      return order!;
    },
    status: (proposalId: string) => service().service.orders.proposalStatus(service().demoUserId, proposalId),
    /** Moves a card's expiry `ago` ms into the past (its status untouched); returns the instant it now expired at. */
    async expire(proposalId: string, ago = 1_000): Promise<string> {
      const expiredAt = new Date(Date.now() - ago).toISOString();
      await service().service.db.pool.query("update trade_proposals set expires_at = $2 where id = $1", [
        proposalId,
        expiredAt,
      ]);
      return expiredAt;
    },
  };
}
