import type { PendingConfirmation, PrepareResult } from "../../../orders/contract/index.js";
import { accountLabel, PAPER_NOTE } from "../text/account-label.js";
import { formatMoney, formatNumber, joinWithAnd } from "../text/format.js";
import { cleanDataText } from "../text/untrusted-text.js";
import { describeOrder, describePrices } from "./order-wording.js";
import { warningLines } from "./warnings.js";

/**
 * prepare_order / prepare_cancel / revise_pending_order results. A card is summarised as ready
 * and waiting: these answers never say an order was placed, because nothing is sent before the
 * user approves the card.
 */

const CLOSING = "Approve or reject on the card, or tell me what to change.";

export function prepareResultAnswer(result: PrepareResult, toolName: string | null): string {
  switch (result.status) {
    case "awaiting_confirmation":
      return cardSummary(result.confirmation, toolName === "revise_pending_order");
    case "refused":
      return refusalAnswer(result.reason, result.reconnectUrl, toolName);
    case "needs_clarification":
      return cleanDataText(result.question, 300) || "I need a bit more detail before I can prepare that.";
  }
}

function cardSummary(card: PendingConfirmation, revised: boolean): string {
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

function refusalAnswer(reason: string, reconnectUrl: string | undefined, toolName: string | null): string {
  const what =
    toolName === "prepare_cancel"
      ? "I can't cancel that order"
      : toolName === "revise_pending_order"
        ? "I couldn't change the order"
        : "I can't place that order";
  const why = cleanDataText(reason, 300).replace(/\.$/, "") || "it was refused";
  const reconnect = safeUrl(reconnectUrl);
  const lines = [`${what}: ${why}.`];
  lines.push(
    toolName === "revise_pending_order"
      ? "The card you had stays as it was."
      : "Nothing was sent to your broker.",
  );
  if (reconnect) lines.push(`You can reconnect the account here: ${reconnect}`);
  return lines.join(" ");
}

/** Only plain http(s) links are passed on. */
function safeUrl(url: string | undefined): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === "https:" || parsed.protocol === "http:" ? parsed.toString() : null;
  } catch {
    return null;
  }
}
