import type { OrderSide, OrderType, TimeInForce } from "../brokers/model.js";

/** The exact order a proposal binds: what the card shows and what is sent, nothing else. */
export interface OrderSpec {
  symbol: string;
  description: string;
  side: OrderSide;
  /** Exactly one of quantity and notional is set. */
  quantity: number | null;
  notional: number | null;
  orderType: OrderType;
  limitPrice: number | null;
  stopPrice: number | null;
  timeInForce: TimeInForce;
}

/** What the user asked for, before routing and sizing resolve it into an OrderSpec. */
export interface OrderIntent {
  symbol: string;
  side: OrderSide;
  quantity?: number | undefined;
  notional?: number | undefined;
  sellAll?: boolean | undefined;
  fraction?: number | undefined;
  orderType?: OrderType | undefined;
  limitPrice?: number | undefined;
  stopPrice?: number | undefined;
  timeInForce?: TimeInForce | undefined;
  /** An account the user named, or an account id picked on the card. */
  account?: string | undefined;
}

/** A cancel proposal binds the order to cancel. */
export interface CancelSpec {
  orderId: string;
  brokerOrderId: string | null;
  symbol: string;
  side: OrderSide;
  quantity: number | null;
  notional: number | null;
}

/** Client order ids are derived from the proposal id: a UUID, within every broker's length limit. */
export function clientOrderIdFor(proposalId: string): string {
  return proposalId;
}
