import type { PendingConfirmation } from "../api/types.js";
import { money, shares } from "../format.js";

/**
 * What a screen reader hears when a card appears: the order in one short sentence
 * ("Order to confirm: sell 2 AAPL from Charles Schwab Individual, expires in 5 minutes"),
 * not every label of the card.
 */
export function cardSummary(pending: PendingConfirmation, now = Date.now()): string {
  const { order, account, kind } = pending;
  const size = order.notional !== null ? `${money(order.notional)} of` : shares(order.quantity);
  const action = `${order.side} ${size} ${order.symbol}`;
  const place = `${order.side === "buy" ? "in" : "from"} ${account.institution} ${account.name}`;
  const minutes = Math.max(1, Math.round((new Date(pending.expiresAt).getTime() - now) / 60_000));
  const what = kind === "cancel" ? `Cancellation to confirm: ${action}` : `Order to confirm: ${action}`;
  return `${what} ${place}${account.isPaper ? " (paper)" : ""}, expires in ${minutes} minute${minutes === 1 ? "" : "s"}.`;
}
