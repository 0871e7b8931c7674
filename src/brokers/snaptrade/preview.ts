import type { Balance, ManualTradeAndImpact } from "snaptrade-typescript-sdk";
import type { OrderPreview, OrderRequest } from "../model.js";
import { decimal } from "../numbers.js";

/** SnapTrade keeps a checked trade placeable for 5 minutes. */
export const tradeLifetimeMs = 5 * 60_000;

export interface PreviewInputs {
  order: OrderRequest;
  impact: ManualTradeAndImpact;
  /** The account's balance in the order currency, when SnapTrade gave one. */
  balance: Balance | undefined;
  /** Asked for only when the impact carries no price (market orders at some brokers). */
  quotePrice: number | null;
  requestedAt: Date;
  /** The listing's currency code (the impact names its currency by id only). */
  currency: string;
}

function sumKnown(values: Array<number | null>): number | null {
  const known = values.filter((v): v is number => v !== null);
  return known.length === 0 ? null : known.reduce((a, b) => a + b, 0);
}

export function toOrderPreview({
  order,
  impact,
  balance,
  quotePrice,
  requestedAt,
  currency,
}: PreviewInputs): OrderPreview {
  const impactPrice = decimal(impact.trade?.price);
  const price = impactPrice ?? quotePrice;
  const amount =
    order.notional ?? (price !== null && order.quantity !== null ? price * order.quantity : null);
  const effect = impact.trade_impacts?.[0];
  const buyingPowerBefore = decimal(balance?.buying_power) ?? decimal(balance?.cash);
  const signedAmount = amount === null ? null : order.side === "buy" ? -amount : amount;
  const computedAfter =
    buyingPowerBefore !== null && signedAmount !== null ? buyingPowerBefore + signedAmount : null;
  const tradeId = impact.trade?.id;
  return {
    price,
    priceSource: impactPrice !== null ? "snaptrade order impact" : "snaptrade quote",
    asOf: requestedAt.toISOString(),
    amount,
    // A price from our quote (the impact gave none) makes the amount our estimate, not the broker's.
    amountSource: impactPrice !== null ? "broker_preview" : "estimate",
    // Unknown stays null: a fee the broker did not state is never shown as 0.
    fees: sumKnown([decimal(effect?.estimated_commission), decimal(effect?.forex_fees)]),
    buyingPowerBefore,
    buyingPowerAfter: decimal(effect?.remaining_cash) ?? computedAfter,
    currency,
    ...(tradeId
      ? { tradeId, tradeExpiresAt: new Date(requestedAt.getTime() + tradeLifetimeMs).toISOString() }
      : {}),
  };
}
