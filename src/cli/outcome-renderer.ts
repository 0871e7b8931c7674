import { sharesInWords } from "../core/format.js";
import type { DecisionOutcome } from "../orders/contract/index.js";
import type { Order } from "../server/api-types.js";
import { accountLabel } from "./card-renderer.js";
import { orderSize, orderTypeText, price } from "./format.js";
import type { Style } from "./style.js";

/** One line per order outcome: what was sent, its status and any fill, coloured by how it went. */

function statusColour(status: string, style: Style): (text: string) => string {
  if (status === "filled" || status === "accepted" || status === "partially_filled") return style.green;
  if (status === "rejected" || status === "cancelled") return style.red;
  return style.yellow;
}

function fillText(filledQuantity: number, filledAvgPrice: number | null): string {
  if (filledQuantity <= 0) return "";
  return `, filled ${sharesInWords(filledQuantity)}${filledAvgPrice === null ? "" : ` at ${price(filledAvgPrice)}`}`;
}

export function renderOrder(order: Order, style: Style): string {
  const colour = statusColour(order.status, style);
  const detail = order.statusDetail ? style.dim(` (${order.statusDetail})`) : "";
  return `${style.bold("Order")} ${order.side} ${orderSize(order)} of ${order.symbol}, ${orderTypeText(order)}: ${colour(
    `status ${order.status}`,
  )}${fillText(order.filledQuantity, order.filledAvgPrice)}${detail} ${style.dim(`[${order.id}]`)}`;
}

/** The `confirmation_result` a chat "yes" / "no" produces, when the turn carried one. */
export function renderDecisionOutcome(outcome: DecisionOutcome, style: Style): string {
  switch (outcome.outcome) {
    case "submitted": {
      const o = outcome.order;
      const colour = statusColour(o.status, style);
      return `${style.bold("Order")} ${o.side} ${orderSize(o)} of ${o.symbol} in ${accountLabel({ institution: o.institution, name: o.accountName })}${
        o.isPaper ? " (paper)" : ""
      }: ${colour(`status ${o.status}`)}${fillText(o.filledQuantity, o.filledAvgPrice)} ${style.dim(`[${o.id}]`)}`;
    }
    case "cancel_submitted":
      return `${style.bold("Cancellation")} sent for order ${outcome.orderId}: ${statusColour(
        outcome.status,
        style,
      )(`status ${outcome.status}`)}`;
    case "rejected_by_user":
      return style.dim("Rejected: nothing was sent.");
    case "unknown":
      return style.yellow(`Order ${outcome.orderId}: outcome not known yet. ${outcome.message}`);
    case "failed":
      return style.red(`Not sent: ${outcome.reason}`);
  }
}

/** Reads a tool message's JSON as a decision outcome, or null when it is something else. */
export function parseDecisionOutcome(content: string): DecisionOutcome | null {
  try {
    const value = JSON.parse(content) as { outcome?: unknown };
    return typeof value.outcome === "string" ? (value as DecisionOutcome) : null;
  } catch {
    return null;
  }
}
