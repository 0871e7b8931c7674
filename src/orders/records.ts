import type { OrderPreview } from "../brokers/model.js";
import type {
  AccountCard,
  Estimate,
  Order,
  OrderRequest,
  OrderSpec,
  OrderStatus,
  RoutingCard,
} from "./contract/index.js";

/** Orders whose outcome the broker has not given yet: claimed, or sent with no answer kept. */
export const unsettledOrderStatuses: readonly OrderStatus[] = ["submitting", "unknown"];
/** Orders working at the broker. With the unsettled ones, the orders the reconciler follows. */
export const openOrderStatuses: readonly OrderStatus[] = ["accepted", "partially_filled"];

export type ProposalStatus = "awaiting" | "submitting" | "submitted" | "rejected" | "superseded" | "expired";

/** A cancel proposal binds the order to cancel, as it stood when the card was made. */
export interface CancelSpec {
  orderId: string;
  brokerOrderId: string | null;
  /** The order being cancelled, in the order vocabulary. */
  order: OrderSpec;
}

interface ProposalBase {
  id: string;
  userId: string;
  threadId: string | null;
  status: ProposalStatus;
  account: AccountCard;
  estimate: Estimate;
  routing: RoutingCard;
  /** How the size was worked out from a holding; null when the user gave shares or dollars. */
  basis: string | null;
  warnings: string[];
  cardText: string;
  hash: string;
  expiresAt: string;
  /** Kept server-side only: the SnapTrade trade id lives here. */
  brokerPreview: OrderPreview | null;
  supersededBy: string | null;
  createdAt: string;
  /** The spec exactly as stored (any schema version): the hash binds these bytes. */
  storedSpec: unknown;
}

/** A stored proposal: an order to place, or an order to cancel, waiting for the user's decision. */
export type ProposalRecord =
  | (ProposalBase & { kind: "order"; spec: OrderSpec; request: OrderRequest | null })
  | (ProposalBase & { kind: "cancel"; spec: CancelSpec; request: null });

/** The engine's row for an order: the public Order plus its bookkeeping. */
export interface OrderRecord extends Order {
  userId: string;
  riskNotional: number;
  sendAttemptedAt: string | null;
  leaseUntil: string | null;
  checkAttempts: number;
}
