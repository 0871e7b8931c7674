import type { OrderSide, OrderType, TimeInForce } from "../brokers/model.js";
import type { AccountCard, Estimate, RoutingCard } from "./records.js";

/** DESIGN.md section 4 `pendingConfirmation`: what the user is asked to approve, from the stored proposal. */
export interface PendingConfirmation {
  id: string;
  kind: "order" | "cancel";
  order: {
    symbol: string;
    description: string;
    side: OrderSide;
    quantity: number | null;
    notional: number | null;
    orderType: OrderType;
    limitPrice: number | null;
    stopPrice: number | null;
    timeInForce: TimeInForce;
  };
  account: AccountCard;
  routing: RoutingCard;
  estimate: Estimate;
  warnings: string[];
  text: string;
  hash: string;
  expiresAt: string;
}
