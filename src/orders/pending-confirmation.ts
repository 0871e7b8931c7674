import type { OrderSpec } from "./order-spec.js";
import type { AccountCard, Estimate, RoutingCard } from "./records.js";

/** DESIGN.md section 4 `pendingConfirmation`: what the user is asked to approve, from the stored proposal. */
export interface PendingConfirmation {
  id: string;
  kind: "order" | "cancel";
  order: OrderSpec;
  account: AccountCard;
  routing: RoutingCard;
  estimate: Estimate;
  warnings: string[];
  text: string;
  hash: string;
  expiresAt: string;
}
