import { describe, expect, it } from "vitest";
import type { Order, OrderSpec } from "./contract/index.js";
import { approvalOutcome } from "./outcome.js";
import type { ProposalRecord } from "./records.js";

/** What the user is told an approval did, for each state the order can be in right after it. */
describe("the approval outcome told to the user", () => {
  const spec: OrderSpec = {
    symbol: "MSFT",
    description: "Microsoft",
    side: "buy",
    quantity: 2,
    notional: null,
    orderType: "limit",
    limitPrice: 300,
    stopPrice: null,
    timeInForce: "day",
  };
  const account = {
    id: "acct_1",
    provider: "snaptrade" as const,
    institution: "Robinhood",
    name: "Individual",
    numberMasked: "••12",
    isPaper: false,
  };
  const orderProposal = { kind: "order", spec, account } as unknown as ProposalRecord;
  const order = (o: Partial<Order>): Order => ({
    id: "order-1",
    confirmationId: "proposal-1",
    threadId: null,
    accountId: account.id,
    provider: "snaptrade",
    ...spec,
    status: "accepted",
    statusDetail: null,
    brokerOrderId: "B-1",
    clientOrderId: "proposal-1",
    filledQuantity: 0,
    filledAvgPrice: null,
    createdAt: "2026-06-01T14:00:00.000Z",
    updatedAt: "2026-06-01T14:00:00.000Z",
    ...o,
  });

  it("a placed order: its size, fill and the account it went to", () => {
    expect(
      approvalOutcome(
        orderProposal,
        order({ status: "partially_filled", filledQuantity: 1, filledAvgPrice: 299.5 }),
      ),
    ).toEqual({
      outcome: "submitted",
      order: {
        id: "order-1",
        status: "partially_filled",
        symbol: "MSFT",
        side: "buy",
        quantity: 2,
        notional: null,
        filledQuantity: 1,
        filledAvgPrice: 299.5,
        institution: "Robinhood",
        accountName: "Individual",
        isPaper: false,
      },
    });
  });

  it("a cancel: submitted, naming the order being cancelled", () => {
    const cancel = {
      kind: "cancel",
      spec: { orderId: "order-1", brokerOrderId: "B-1", order: spec },
      account,
    } as unknown as ProposalRecord;
    expect(approvalOutcome(cancel, order({ status: "accepted" }))).toEqual({
      outcome: "cancel_submitted",
      orderId: "order-1",
      status: "accepted",
      description: "your limit order to buy 2 MSFT at $300.00",
    });
  });

  it("a rejection: the broker's reason, or that the broker rejected it", () => {
    expect(
      approvalOutcome(
        orderProposal,
        order({ status: "rejected", statusDetail: "insufficient buying power" }),
      ),
    ).toEqual({
      outcome: "failed",
      reason: "insufficient buying power",
    });
    expect(approvalOutcome(orderProposal, order({ status: "rejected", statusDetail: null }))).toEqual({
      outcome: "failed",
      reason: "the broker rejected the order",
    });
  });

  it("never 'submitted' while the order's fate is not known: unknown, still sending, or with a person", () => {
    for (const status of ["unknown", "submitting", "needs_review"] as const) {
      expect(approvalOutcome(orderProposal, order({ status, statusDetail: null }))).toEqual({
        outcome: "unknown",
        orderId: "order-1",
        message: "We are confirming the order's status with the broker.",
      });
      expect(approvalOutcome(orderProposal, order({ status, statusDetail: "held for compliance" }))).toEqual({
        outcome: "unknown",
        orderId: "order-1",
        message: "held for compliance",
      });
    }
  });
});
