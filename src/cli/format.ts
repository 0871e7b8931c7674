import { formatExactMoney, sharesInWords } from "../core/format.js";

/** Number and time formatting shared by the card and outcome renderers. */

export function usd(value: number | null | undefined): string {
  if (value === null || value === undefined) return "unknown";
  const sign = value < 0 ? "-" : "";
  return `${sign}$${Math.abs(value).toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

/**
 * A price as the order or the broker has it: every digit, at least cents ("$0.5525", "$227.1734").
 * For an order's terms and fills; `usd` rounds to cents, which suits amounts.
 */
export function price(value: number | null | undefined): string {
  return value === null || value === undefined ? "unknown" : formatExactMoney(value);
}

/** "2 shares" or "$500.00 worth": an order is sized one way or the other. */
export function orderSize(order: { quantity: number | null; notional: number | null }): string {
  if (order.quantity !== null) return sharesInWords(order.quantity);
  if (order.notional !== null) return `${usd(order.notional)} worth`;
  return "an unknown amount";
}

export function orderTypeText(order: {
  orderType: string;
  limitPrice: number | null;
  stopPrice: number | null;
}): string {
  switch (order.orderType) {
    case "limit":
      return `limit ${price(order.limitPrice)}`;
    case "stop":
      return `stop ${price(order.stopPrice)}`;
    case "stop_limit":
      return `stop ${price(order.stopPrice)}, limit ${price(order.limitPrice)}`;
    default:
      return "market";
  }
}

/** "4m 05s" until `at`, or "expired". */
export function timeLeft(at: string, now: Date): string {
  const ms = new Date(at).getTime() - now.getTime();
  if (!Number.isFinite(ms)) return "unknown";
  if (ms <= 0) return "expired";
  const seconds = Math.round(ms / 1000);
  const minutes = Math.floor(seconds / 60);
  return minutes > 0 ? `${minutes}m ${String(seconds % 60).padStart(2, "0")}s` : `${seconds}s`;
}

/** Local wall-clock time, HH:MM:SS. */
export function clockTime(at: string): string {
  const date = new Date(at);
  if (Number.isNaN(date.getTime())) return at;
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}
