import type { Order } from "../api/types.js";
import { exactMoney, exactShares, money, ORDER_STATUS_LABELS, shareCount, shares } from "../format.js";

/** One line for an order's state: what it was, where it stands, and its fill. */
export function orderSummary(order: Order): string {
  const size = order.notional !== null ? money(order.notional) : `${shares(order.quantity)}`;
  const what = `${order.side === "buy" ? "Buy" : "Sell"} ${size} ${order.symbol}`;
  const fill =
    order.filledQuantity > 0
      ? `: ${shareCount(order.filledQuantity, exactShares)} at ${exactMoney(order.filledAvgPrice)}`
      : order.statusDetail
        ? `: ${order.statusDetail}`
        : "";
  return `${what} — ${ORDER_STATUS_LABELS[order.status]}${fill}`;
}
