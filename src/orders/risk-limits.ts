import { Decimal } from "decimal.js";
import { formatMoney } from "../core/format.js";
import type { OrderType } from "./contract/index.js";

export interface RiskLimits {
  maxOrderNotional: number;
  maxDailyNotional: number;
  maxOrdersPerDay: number;
  allowedOrderTypes: readonly OrderType[];
}

export interface RiskInput {
  orderType: OrderType;
  quantity: number | null;
  notional: number | null;
  quotePrice: number | null;
  limitPrice: number | null;
  stopPrice: number | null;
}

/** Today's usage by this user, over orders that reached (or may have reached) a broker. */
export interface DailyUsage {
  notional: number;
  orders: number;
}

/**
 * The dollar size used for limits: a share order is sized at the worst price it may execute at
 * (the higher of the quote and any limit or stop price), so a far-off limit cannot dodge a cap.
 * Computed in decimals: 1.1 shares at $300 is $330, not a float a hair above a $330 cap.
 */
export function riskNotional(input: RiskInput): number | null {
  return riskSize(input)?.toNumber() ?? null;
}

function riskSize(input: RiskInput): Decimal | null {
  const size = sizeOf(input);
  // A size that is not a number passes every comparison: unknown, so the limits fail closed.
  return size?.isFinite() ? size : null;
}

function sizeOf(input: RiskInput): Decimal | null {
  if (input.notional !== null) return new Decimal(input.notional);
  if (input.quantity === null) return null;
  const prices = [input.quotePrice, input.limitPrice, input.stopPrice].filter(
    // Number.isFinite is false for null as for NaN and the infinities.
    (p): p is number => Number.isFinite(p),
  );
  if (prices.length === 0) return null;
  return new Decimal(input.quantity).times(Decimal.max(...prices));
}

/** Returns the first limit the order breaks, in words, or null when it is within all of them. */
export function checkRiskLimits(limits: RiskLimits, input: RiskInput, usage: DailyUsage): string | null {
  if (!limits.allowedOrderTypes.includes(input.orderType)) {
    return `${input.orderType.replace("_", "-")} orders are not allowed.`;
  }
  const size = riskSize(input);
  if (size === null) return "The order's size in dollars cannot be estimated without a price.";
  const about = formatMoney(size.toNumber());
  if (size.greaterThan(limits.maxOrderNotional)) {
    return `The order (about ${about}) is above the ${formatMoney(limits.maxOrderNotional)} limit per order.`;
  }
  if (usage.orders >= limits.maxOrdersPerDay) {
    const orders = limits.maxOrdersPerDay === 1 ? "order" : "orders";
    return `You have reached the limit of ${limits.maxOrdersPerDay} ${orders} per day.`;
  }
  const usedToday = new Decimal(usage.notional);
  if (usedToday.plus(size).greaterThan(limits.maxDailyNotional)) {
    const left = Decimal.max(0, new Decimal(limits.maxDailyNotional).minus(usedToday));
    return `The order (about ${about}) would exceed the ${formatMoney(limits.maxDailyNotional)} daily limit; ${formatMoney(left.toNumber())} is left today.`;
  }
  return null;
}
