import type { OrderPreview, OrderRequest } from "../model.js";

export interface EstimateInputs {
  order: OrderRequest;
  /** The latest trade; a limit order is estimated at its limit instead. */
  lastPrice: number;
  lastPriceAt: string;
  buyingPower: number | null;
  currency: string;
}

/**
 * Alpaca checks a market buy against buying power as a limit order 2.5 % to 4 % above the
 * market; the upper bound is the figure that cannot disappoint.
 */
export const alpacaMarketBuyCollar = 0.04;

/**
 * Alpaca has no order preview: the amount is our own estimate, labelled so, and the fee stays
 * unknown (null) rather than an invented 0.
 */
export function estimateOrder({
  order,
  lastPrice,
  lastPriceAt,
  buyingPower,
  currency,
}: EstimateInputs): OrderPreview {
  const usesLimit =
    order.limitPrice !== null && (order.orderType === "limit" || order.orderType === "stop_limit");
  const price = usesLimit ? order.limitPrice! : lastPrice;
  const amount = order.notional ?? (order.quantity === null ? null : order.quantity * price);
  const signedAmount = amount === null ? null : order.side === "buy" ? -amount : amount;
  const collared = order.side === "buy" && order.orderType === "market" && order.quantity !== null;
  return {
    price,
    priceSource: usesLimit ? "limit price" : "alpaca latest trade",
    asOf: lastPriceAt,
    amount,
    amountSource: "estimate",
    fees: null,
    buyingPowerBefore: buyingPower,
    buyingPowerAfter: buyingPower !== null && signedAmount !== null ? buyingPower + signedAmount : null,
    currency,
    ...(collared ? { buyingPowerNeeded: order.quantity! * lastPrice * (1 + alpacaMarketBuyCollar) } : {}),
  };
}
