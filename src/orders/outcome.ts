import { orderInWords } from "./card.js";
import type { DecisionOutcome, Order } from "./contract/index.js";
import type { ProposalRecord } from "./records.js";

/** What an approval did, as the agent tells the user: placed, cancelled, not placed, or not yet known. */
export function approvalOutcome(proposal: ProposalRecord, order: Order): DecisionOutcome {
  if (proposal.kind === "cancel") {
    return {
      outcome: "cancel_submitted",
      orderId: order.id,
      status: order.status,
      description: orderInWords(proposal.spec.order),
    };
  }
  if (order.status === "rejected")
    return { outcome: "failed", reason: order.statusDetail ?? "the broker rejected the order" };
  if (order.status === "unknown" || order.status === "submitting" || order.status === "needs_review") {
    return {
      outcome: "unknown",
      orderId: order.id,
      message: order.statusDetail ?? "We are confirming the order's status with the broker.",
    };
  }
  return {
    outcome: "submitted",
    order: {
      id: order.id,
      status: order.status,
      symbol: order.symbol,
      side: order.side,
      quantity: order.quantity,
      notional: order.notional,
      filledQuantity: order.filledQuantity,
      filledAvgPrice: order.filledAvgPrice,
      institution: proposal.account.institution,
      accountName: proposal.account.name,
      isPaper: proposal.account.isPaper,
    },
  };
}
