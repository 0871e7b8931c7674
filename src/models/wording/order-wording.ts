import { formatExactMoney, formatShares } from "../../core/format.js";
import { formatMoney } from "../text/format.js";
import { cleanDataText } from "../text/untrusted-text.js";

/**
 * Shared wording for orders in summaries, status answers and decision outcomes:
 * "sell 2 AAPL", "buy $500.00 of VOO", " with a limit of $180.00". Share counts and fill prices
 * keep every digit the order or the broker has.
 */

export interface OrderWords {
  side: "buy" | "sell";
  symbol: string;
  quantity: number | null;
  notional: number | null;
  orderType?: "market" | "limit" | "stop" | "stop_limit";
  limitPrice?: number | null;
  stopPrice?: number | null;
}

export function describeOrder(order: OrderWords): string {
  const symbol = cleanDataText(order.symbol, 12).toUpperCase();
  if (order.quantity !== null) return `${order.side} ${formatShares(order.quantity)} ${symbol}`;
  if (order.notional !== null) return `${order.side} ${formatMoney(order.notional)} of ${symbol}`;
  return `${order.side} ${symbol}`;
}

export function describePrices(order: OrderWords): string {
  const limit = order.limitPrice ?? null;
  const stop = order.stopPrice ?? null;
  switch (order.orderType) {
    case "limit":
      return limit !== null ? ` with a limit of ${formatMoney(limit)}` : " as a limit order";
    case "stop":
      return stop !== null ? ` with a stop at ${formatMoney(stop)}` : " as a stop order";
    case "stop_limit":
      return ` with a stop at ${stop !== null ? formatMoney(stop) : "?"} and a limit of ${limit !== null ? formatMoney(limit) : "?"}`;
    default:
      return "";
  }
}

/** A broker status in plain words, given what has filled so far. */
export function describeStatus(
  status: string,
  filled: number,
  total: number | null,
  avgPrice: number | null,
): string {
  const at = avgPrice !== null ? ` at ${formatExactMoney(avgPrice)}` : "";
  switch (status.toLowerCase()) {
    case "filled":
      return `filled${filled > 0 ? `, ${formatShares(filled)} ${filled === 1 ? "share" : "shares"}` : ""}${at}`;
    case "partially_filled":
      return `partly filled, ${formatShares(filled)}${total !== null ? ` of ${formatShares(total)}` : ""} shares${at} so far`;
    case "accepted":
    case "new":
    case "pending_new":
    case "submitted":
    case "open":
    case "pending":
    case "accepted_for_bidding":
      return "accepted by the broker, not filled yet";
    case "submitting":
      return "being sent to the broker";
    case "cancelled":
    case "canceled":
      return filled > 0 ? `cancelled after ${formatShares(filled)} shares filled${at}` : "cancelled";
    case "expired":
      return "expired without filling";
    case "rejected":
      return "rejected by the broker";
    case "unknown":
      return "not confirmed yet: it is being checked with the broker";
    case "needs_review":
      return "waiting for a manual check with the broker";
    default:
      return `status ${cleanDataText(status, 30)}`;
  }
}
