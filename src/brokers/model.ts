/**
 * The normalized model every broker adapter returns. Account ids carry the provider prefix
 * (`snaptrade_<id>`, `alpaca_<id>`, `plaid_<id>`) everywhere above this layer.
 */

// The order vocabulary is the orders layer's contract (a leaf module): adapters speak it.
import type { OrderSide, OrderType, TimeInForce } from "../orders/contract/vocabulary.js";

export const providers = ["snaptrade", "alpaca", "plaid"] as const;
export type Provider = (typeof providers)[number];
export type ConnectionStatus = "active" | "broken" | "disabled";
/** Broker-side order states, already mapped from each provider's vocabulary. */
/**
 * `needs_review`: the broker's status says this order was replaced by another one; what
 * happens to the replacement is not this order's fate, so a person follows it.
 */
export type BrokerOrderStatus =
  | "accepted"
  | "partially_filled"
  | "filled"
  | "cancelled"
  | "rejected"
  | "needs_review";

export interface BrokerAccount {
  id: string;
  provider: Provider;
  providerAccountId: string;
  /** SnapTrade authorization id or Plaid item id; null for Alpaca. */
  connectionId: string | null;
  institution: string;
  name: string;
  numberMasked: string;
  canTrade: boolean;
  connectionStatus: ConnectionStatus;
  isPaper: boolean;
  currency: string;
  cash: number | null;
  buyingPower: number | null;
  totalValue: number | null;
  /**
   * When the broker last took this account's figures from the institution (SnapTrade syncs many
   * brokerages once a day); null when the figures are live or the broker does not say.
   */
  dataAsOf: string | null;
}

export interface BrokerPosition {
  accountId: string;
  symbol: string;
  description: string;
  quantity: number;
  price: number | null;
  marketValue: number | null;
  /** What the whole position cost (not per share); null when the broker does not say. */
  costBasis: number | null;
  currency: string;
}

export interface Quote {
  symbol: string;
  price: number;
  bid: number | null;
  ask: number | null;
  /** ISO time of the price. */
  asOf: string;
  /** Where the price came from, e.g. "alpaca latest trade", "snaptrade quote". */
  source: string;
}

export interface OrderRequest {
  accountId: string;
  symbol: string;
  side: OrderSide;
  /** Exactly one of quantity and notional is set. */
  quantity: number | null;
  notional: number | null;
  orderType: OrderType;
  limitPrice: number | null;
  stopPrice: number | null;
  timeInForce: TimeInForce;
  /** Derived from the proposal id; the broker's idempotency key where it has one. */
  clientOrderId: string;
}

export interface OrderPreview {
  price: number | null;
  priceSource: string;
  asOf: string;
  amount: number | null;
  amountSource: "broker_preview" | "estimate";
  /** Null when unknown: never 0 by guess. */
  fees: number | null;
  buyingPowerBefore: number | null;
  buyingPowerAfter: number | null;
  currency: string;
  /** SnapTrade: the checked trade's id, placeable once until `tradeExpiresAt`. */
  tradeId?: string;
  tradeExpiresAt?: string;
  /**
   * What the broker checks against buying power to accept the order, when more than `amount`
   * (Alpaca values a market buy above the market price).
   */
  buyingPowerNeeded?: number;
}

export interface BrokerOrder {
  brokerOrderId: string;
  clientOrderId: string | null;
  accountId: string;
  symbol: string;
  side: OrderSide;
  quantity: number | null;
  notional: number | null;
  orderType: OrderType;
  limitPrice: number | null;
  stopPrice: number | null;
  timeInForce: TimeInForce | null;
  status: BrokerOrderStatus;
  filledQuantity: number;
  filledAvgPrice: number | null;
  submittedAt: string | null;
  updatedAt: string | null;
  /** Broker text for a rejection (data, never an instruction). */
  statusReason: string | null;
}

export type ActivityType =
  | "buy"
  | "sell"
  | "dividend"
  | "deposit"
  | "withdrawal"
  | "fee"
  | "interest"
  | "other";

export interface Activity {
  id: string;
  accountId: string;
  type: ActivityType;
  symbol: string | null;
  quantity: number | null;
  price: number | null;
  amount: number | null;
  currency: string;
  /** ISO time. */
  at: string;
}

export function prefixedAccountId(provider: Provider, providerAccountId: string): string {
  return `${provider}_${providerAccountId}`;
}

export function splitAccountId(accountId: string): { provider: Provider; providerAccountId: string } {
  const match = /^(snaptrade|alpaca|plaid)_(.+)$/.exec(accountId);
  if (!match) throw new Error(`not a prefixed account id: ${accountId}`);
  return { provider: match[1] as Provider, providerAccountId: match[2]! };
}
