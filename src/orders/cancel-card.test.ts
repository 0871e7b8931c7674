import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestService, type TestService } from "../../test/helpers/service.js";
import { ConflictError, GoneError } from "../core/errors.js";
import type { PendingConfirmation } from "./contract/index.js";
import { decisionHelpers } from "./test-support/decisions.js";

/** A cancel card is decided through the same path as an order card: same checks, same audit. */
describe("cancel cards", () => {
  let t: TestService;
  const user = () => ({ userId: t.demoUserId, threadId: null, channel: "api" as const });
  const restingOrder = () => decisionHelpers(() => t).restingOrder(user());
  const cancelsSent = async (orderId: string) =>
    (await t.service.orders.auditTrail(t.demoUserId, { orderId })).filter((e) => e.type === "cancel_sent")
      .length;
  const brokerStatus = async (brokerOrderId: string) =>
    (await t.sandboxOrders()).find((o) => o.id === brokerOrderId)?.status;

  beforeAll(async () => {
    t = await startTestService();
  });
  afterAll(async () => {
    await t?.close();
  });

  it("shows the order being cancelled as it is, and names it as a person would", async () => {
    const order = await restingOrder();
    const card: PendingConfirmation = await t.service.orders.prepareCancel(user(), order.id);
    expect(card.kind).toBe("cancel");
    expect(card.order).toMatchObject({
      symbol: "AAPL",
      side: "sell",
      orderType: "limit",
      limitPrice: 999,
      quantity: 1,
    });
    expect(card.cancel).toEqual({
      orderId: order.id,
      status: "accepted",
      filledQuantity: 0,
      remainingQuantity: 1,
    });
    expect(card.text).toMatch(
      /^Cancel your limit order to sell 1 AAPL at \$999\.00 \(GTC\) in Robinhood Individual .*\(live\)\.$/,
    );
    const answer = await t.service.orders.decide(user(), card.id, { decision: "approve", hash: card.hash });
    expect(answer).toMatchObject({
      decision: "approve",
      outcome: {
        outcome: "cancel_submitted",
        status: "cancelled",
        description: "your limit order to sell 1 AAPL at $999.00",
      },
    });
  });

  it("a tampered hash changes nothing, is audited, and the card can still be rejected", async () => {
    const order = await restingOrder();
    const card = await t.service.orders.prepareCancel(user(), order.id);
    await expect(
      t.service.orders.decide(user(), card.id, { decision: "approve", hash: `${card.hash}x` }),
    ).rejects.toBeInstanceOf(ConflictError);
    const audit = await t.service.orders.auditTrail(t.demoUserId, { proposalId: card.id });
    expect(audit.map((e) => e.type)).toContain("security_hash_mismatch");
    expect(await t.service.orders.proposalStatus(t.demoUserId, card.id)).toBe("awaiting");
    expect(await cancelsSent(order.id)).toBe(0);
    await t.service.orders.decide(user(), card.id, { decision: "reject" });
    expect(await t.service.orders.proposalStatus(t.demoUserId, card.id)).toBe("rejected");
    expect(await brokerStatus(order.brokerOrderId!)).not.toMatch(/^cancell?ed$/);
  });

  it("an expired cancel card answers gone and sends nothing", async () => {
    const order = await restingOrder();
    const card = await t.service.orders.prepareCancel(user(), order.id);
    await t.service.db.pool.query(
      "update trade_proposals set expires_at = now() - interval '1 second' where id = $1",
      [card.id],
    );
    await expect(
      t.service.orders.decide(user(), card.id, { decision: "approve", hash: card.hash }),
    ).rejects.toBeInstanceOf(GoneError);
    expect(await t.service.orders.proposalStatus(t.demoUserId, card.id)).toBe("expired");
    expect(await cancelsSent(order.id)).toBe(0);
  });

  it("three concurrent approvals send one cancel", async () => {
    const order = await restingOrder();
    const card = await t.service.orders.prepareCancel(user(), order.id);
    const results = await Promise.allSettled(
      [1, 2, 3].map(() => t.service.orders.decide(user(), card.id, { decision: "approve", hash: card.hash })),
    );
    for (const r of results) if (r.status === "rejected") expect(r.reason).toBeInstanceOf(ConflictError);
    expect(results.some((r) => r.status === "fulfilled")).toBe(true);
    expect(await cancelsSent(order.id)).toBe(1);
    expect(await brokerStatus(order.brokerOrderId!)).toMatch(/^cancell?ed$/);
    const approvals = (await t.service.orders.auditTrail(t.demoUserId, { proposalId: card.id })).filter(
      (e) => e.type === "decision_approve",
    );
    expect(approvals).toHaveLength(1);
  });
});
