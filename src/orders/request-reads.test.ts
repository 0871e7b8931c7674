import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestService, type TestService } from "../../test/helpers/service.js";
import { inRequest } from "../core/request-scope.js";
import type { OrderRecord } from "./records.js";

/**
 * A request reads a card once and then works from what it read (the route, the chat turn and the
 * graph's nodes all look at it). What it read can be overtaken by another request or a broker
 * event; the guards in SQL decide, and the answer is the database's, never the remembered row's.
 */

const api = (t: TestService) => ({ userId: t.demoUserId, threadId: null, channel: "api" as const });

describe("rows a request remembers", () => {
  let t: TestService;
  let overtake: ((order: OrderRecord) => Promise<void>) | null = null;
  beforeAll(async () => {
    t = await startTestService({
      service: { orders: { hooks: { afterSend: async (order) => overtake?.(order) } } },
    });
  });
  afterAll(async () => {
    await t?.close();
  });

  const sentFor = async (proposalId: string) =>
    (await t.sandboxOrders()).filter((o) => o.clientOrderId === proposalId).length;

  it("a card rejected elsewhere after this request read it is not approved, and the answer says so", async () => {
    const card = await t.service.orders.prepare(api(t), { symbol: "AAPL", side: "sell", quantity: 1 });
    const { orders } = t.service;
    await inRequest(async () => {
      // This request reads the card (as a route or the graph would): awaiting.
      expect(await orders.proposalStatus(t.demoUserId, card.id)).toBe("awaiting");
      // Another request rejects it meanwhile.
      await inRequest(() => orders.decide(api(t), card.id, { decision: "reject" }));
      // This request still remembers it as awaiting; the claim's guard refuses and the answer is read afresh.
      await expect(
        orders.decide(api(t), card.id, { decision: "approve", hash: card.hash }),
      ).rejects.toMatchObject({
        code: "proposal_rejected",
      });
    });
    expect(await sentFor(card.id)).toBe(0);
    expect(await orders.proposalStatus(t.demoUserId, card.id)).toBe("rejected");
    const trail = await orders.auditTrail(t.demoUserId, { proposalId: card.id });
    expect(trail.map((e) => e.type)).toEqual(["proposal_created", "decision_reject"]);
  });

  it("a broker answer that finds its order changed meanwhile is audited with the figures the row then holds", async () => {
    const card = await t.service.orders.prepare(api(t), { symbol: "AAPL", side: "sell", quantity: 1 });
    expect(card.account.provider).toBe("snaptrade");
    // The broker answers 500 (the outcome is unknown: our write keeps the row's fill figures), and
    // between that answer and our write, a broker event records a partial fill.
    await t.admin("/__sandbox/faults", { target: "snaptrade.placeOrder", mode: "error500", count: 1 });
    overtake = async (order) => {
      await t.service.db.pool.query("update trade_orders set filled_quantity = 0.5 where id = $1", [
        order.id,
      ]);
    };
    try {
      const answer = await inRequest(() =>
        t.service.orders.decide(api(t), card.id, { decision: "approve", hash: card.hash }),
      );
      expect(answer.order).toMatchObject({ status: "unknown", filledQuantity: 0.5 });
    } finally {
      overtake = null;
    }
    const { orders } = t.service;
    const trail = await orders.auditTrail(t.demoUserId, { proposalId: card.id });
    expect(trail.map((e) => e.type)).toEqual([
      "proposal_created",
      "decision_approve",
      "order_sent",
      "broker_outcome_unknown",
    ]);
    // Not the 0 this request last knew of: the event records what the row holds.
    expect(trail.at(-1)!.data).toMatchObject({ status: "unknown", filledQuantity: 0.5 });
    expect(await orders.proposalStatus(t.demoUserId, card.id)).toBe("submitted");
    expect(await orders.verifyAudit(t.demoUserId)).toMatchObject({ ok: true });
  });
});
