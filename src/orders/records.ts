import type { OrderPreview, OrderSide, OrderType, Provider, TimeInForce } from "../brokers/model.js";
import type { CancelSpec, OrderIntent, OrderSpec } from "./order-spec.js";

export type ProposalStatus = "awaiting" | "submitting" | "submitted" | "rejected" | "superseded" | "expired";
export type OrderStatus =
  | "submitting"
  | "accepted"
  | "partially_filled"
  | "filled"
  | "cancelled"
  | "rejected"
  | "unknown"
  | "needs_review";

export const finalOrderStatuses: readonly OrderStatus[] = ["filled", "cancelled", "rejected"];

export interface AccountCard {
  id: string;
  provider: Provider;
  institution: string;
  name: string;
  numberMasked: string;
  isPaper: boolean;
}

export interface RoutingCard {
  reason: string;
  alternatives: Array<{
    accountId: string;
    institution: string;
    name: string;
    holds: number;
    buyingPower: number | null;
    canTrade: boolean;
    whyNot: string | null;
  }>;
}

/** The card's estimate: the broker's preview (or our labelled estimate), without the trade id. */
export type Estimate = Omit<OrderPreview, "tradeId" | "tradeExpiresAt">;

export interface ProposalRecord {
  id: string;
  userId: string;
  threadId: string | null;
  kind: "order" | "cancel";
  status: ProposalStatus;
  account: AccountCard;
  spec: OrderSpec | CancelSpec;
  intent: OrderIntent | null;
  estimate: Estimate;
  routing: RoutingCard;
  warnings: string[];
  cardText: string;
  hash: string;
  expiresAt: string;
  /** Kept server-side only: the SnapTrade trade id lives here. */
  brokerPreview: OrderPreview | null;
  supersededBy: string | null;
  createdAt: string;
}

/** DESIGN.md section 4 `Order`. */
export interface Order {
  id: string;
  confirmationId: string;
  threadId: string | null;
  accountId: string;
  provider: Provider;
  symbol: string;
  side: OrderSide;
  quantity: number | null;
  notional: number | null;
  orderType: OrderType;
  limitPrice: number | null;
  stopPrice: number | null;
  timeInForce: TimeInForce;
  status: OrderStatus;
  /** Why the order is rejected, unknown or under review, in plain words. */
  statusDetail: string | null;
  brokerOrderId: string | null;
  clientOrderId: string;
  filledQuantity: number;
  filledAvgPrice: number | null;
  createdAt: string;
  updatedAt: string;
}

export interface OrderRecord extends Order {
  userId: string;
  riskNotional: number;
  sendAttemptedAt: string | null;
  leaseUntil: string | null;
  checkAttempts: number;
}

export function isOrderSpec(spec: OrderSpec | CancelSpec): spec is OrderSpec {
  return "orderType" in spec;
}
