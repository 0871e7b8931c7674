import type { DecisionOutcome } from "../../orders/contract/index.js";
import { accountLabel, PAPER_NOTE } from "../text/account-label.js";
import { cleanDataText, quoteDataText } from "../text/untrusted-text.js";
import { describeOrder, describeStatus } from "./order-wording.js";

/**
 * What happened after the user decided on a card. The only place an answer may say an order was
 * placed is the "submitted" outcome, and then it reports the broker's real status.
 */
export function decisionAnswer(outcome: DecisionOutcome): string {
  switch (outcome.outcome) {
    case "submitted":
      return submittedAnswer(outcome.order);
    case "cancel_submitted": {
      // Named as a person would ("your limit order to buy 1 MSFT at $300.00"), never by id alone.
      const order = cleanDataText(outcome.description, 200);
      const status = outcome.status.replace("_", " ");
      return outcome.status === "cancelled"
        ? `${order.charAt(0).toUpperCase()}${order.slice(1)} is cancelled.`
        : `I sent the cancellation for ${order}. Its status is now ${status}; ask me again in a moment to check it went through.`;
    }
    case "rejected_by_user":
      return "OK, I didn't place it. Nothing was sent to your broker.";
    case "unknown":
      return `I don't know yet whether order ${cleanDataText(outcome.orderId, 64)} went through: ${quoteDataText(outcome.message)}. It is being checked with the broker, so please don't place it again. Ask me for its status in a minute.`;
    case "failed":
      return `The order was not placed: ${cleanDataText(outcome.reason, 300).replace(/\.$/, "") || "it failed"}. Nothing was bought or sold.`;
  }
}

function submittedAnswer(order: Extract<DecisionOutcome, { outcome: "submitted" }>["order"]): string {
  const what = `${describeOrder(order)} in ${accountLabel({ institution: order.institution, name: order.accountName })}`;
  const paper = order.isPaper ? ` This is a paper trading account (${PAPER_NOTE}).` : "";
  const status = order.status.toLowerCase();
  const state = describeStatus(order.status, order.filledQuantity, order.quantity, order.filledAvgPrice);
  if (status === "filled") return `Done: your order to ${what} was placed and ${state}.${paper}`;
  if (status === "rejected")
    return `Your order to ${what} was sent but ${state}; nothing was bought or sold.${paper}`;
  if (status === "unknown" || status === "needs_review") {
    return `Your order to ${what} was sent, but it is ${state}. Please don't place it again; ask me for its status in a minute.${paper}`;
  }
  return `Your order to ${what} was placed: ${state}.${paper}`;
}
