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
  };
}
