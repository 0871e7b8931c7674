import { describe, expect, it } from "vitest";
import { orderOfProposal } from "./order-of-proposal.js";
import type { ProposalRecord } from "./records.js";
import { newOrderProposal, orderSpec } from "./test-support/repository.js";

/** The order row an approved card places, before it is sent. */
describe("the order of an approved card", () => {
  const card = (spec = orderSpec()) =>
    ({
      ...newOrderProposal("00000000-0000-4000-8000-000000000001", { threadId: "t1", spec }),
      id: "00000000-0000-4000-8000-0000000000aa",
      status: "submitting",
    }) as Extract<ProposalRecord, { kind: "order" }>;

  it("carries the card's exact order, unsent, keyed by the card's id at the broker", () => {
    const order = orderOfProposal(
      "00000000-0000-4000-8000-000000000001",
      card(orderSpec({ quantity: 1.5, orderType: "limit", limitPrice: 120 })),
    );
    expect(order).toMatchObject({
      confirmationId: "00000000-0000-4000-8000-0000000000aa",
      clientOrderId: "00000000-0000-4000-8000-0000000000aa",
      threadId: "t1",
      accountId: "alpaca_live",
      provider: "alpaca",
      symbol: "NVDA",
      side: "buy",
      quantity: 1.5,
      notional: null,
      orderType: "limit",
      limitPrice: 120,
      status: "submitting",
      sendAttemptedAt: null,
      filledQuantity: 0,
      riskNotional: 180,
    });
  });

  it("is held for the approving process for a minute: other replicas and the reconciler keep off", () => {
    const before = Date.now();
    const order = orderOfProposal("00000000-0000-4000-8000-000000000001", card());
    const lease = Date.parse(order.leaseUntil!);
    expect(lease).toBeGreaterThanOrEqual(before + 60_000);
    expect(lease).toBeLessThanOrEqual(Date.now() + 60_000);
  });
});
