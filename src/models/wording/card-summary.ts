import type { PendingConfirmation } from "../../orders/contract/index.js";
import { accountLabel, PAPER_NOTE } from "../text/account-label.js";
import { formatMoney, formatNumber, joinWithAnd } from "../text/format.js";
import { cleanDataText } from "../text/untrusted-text.js";
import { describeOrder, describePrices } from "./order-wording.js";
import { warningLines } from "./warnings.js";

const CLOSING = "Approve or reject on the card, or tell me what to change.";

/**
 * What the assistant says beside a card, for every chat model: written from the card (its row),
 * never by a model, so it cannot differ from what the user approves. It never says an order was
 * placed: nothing is sent before the user approves.
 */
export function cardSummary(card: PendingConfirmation, revised: boolean): string {
  const account = accountLabel(card.account, card.account.isPaper ? PAPER_NOTE : undefined);
  const lines: string[] = [];
  if (card.kind === "cancel") {
    lines.push(
      `Ready to cancel your order to ${describeOrder(card.order)}${describePrices(card.order)} in ${account}. Approve or reject on the card.`,
    );
  } else {
    const direction = card.order.side === "buy" ? "in" : "from";
    const opening = revised ? "Updated: ready" : "Ready";
    lines.push(
      `${opening} to ${describeOrder(card.order)}${describePrices(card.order)} ${direction} ${account}${estimateText(card)}${timeInForceText(card)}.`,
    );
    const reason = cleanDataText(card.routing.reason, 200);
    if (reason) lines.push(`Why this account: ${reason.replace(/\.$/, "")}.`);
    const alternatives = card.routing.alternatives.filter((a) => a.canTrade).map((a) => accountLabel(a));
    if (alternatives.length > 0) lines.push(`You can pick ${joinWithAnd(alternatives)} on the card instead.`);
    lines.push(...warningLines(card.warnings, Number.POSITIVE_INFINITY));
    lines.push(`Nothing is sent until you approve. ${CLOSING}`);
  }
  if (revised) lines.push("This card replaces the previous one.");
  return lines.join("\n");
}

function estimateText(card: PendingConfirmation): string {
  const { price, amount } = card.estimate;
  if (price === null) return amount !== null ? `, about ${formatMoney(amount)} in total` : "";
  const perShare = ` at about ${formatMoney(price)} a share`;
  if (card.order.quantity !== null) {
    const total = amount ?? card.order.quantity * price;
    return `${perShare}, about ${formatMoney(total)} in total`;
  }
  if (card.order.notional !== null && price > 0) {
    return `${perShare} (about ${formatNumber(Number((card.order.notional / price).toFixed(2)))} shares)`;
  }
  return perShare;
}

function timeInForceText(card: PendingConfirmation): string {
  switch (card.order.timeInForce) {
    case "gtc":
      return ", good till cancelled";
    case "ioc":
      return ", immediate or cancel";
    case "fok":
      return ", fill or kill";
    default:
      return "";
  }
}
