import type { Order, PendingConfirmation } from "../src/server/api-types.js";
import type { Category } from "./exchange-log.js";

/** An order as the sandbox's own admin API lists it (`GET /__sandbox/orders`): the broker's truth. */
export interface BrokerOrder {
  id: string;
  provider: string;
  accountId: string;
  userId: string;
  symbol: string;
  side: string;
  quantity: number | null;
  notional: number | null;
  orderType: string;
  limitPrice: number | null;
  stopPrice: number | null;
  clientOrderId: string | null;
  status: string;
  filledQuantity: number;
  receivedAt: string;
}

/** An order record as the service answers it (`GET /api/orders`). */
export type OrderRecord = Pick<
  Order,
  "id" | "confirmationId" | "accountId" | "provider" | "status" | "brokerOrderId" | "filledQuantity"
> &
  CardOrder;

/** What a card says will be sent: the fields of its order, as the card showed them. */
export type CardOrder = Pick<
  NonNullable<PendingConfirmation["order"]>,
  "symbol" | "side" | "quantity" | "notional" | "orderType" | "limitPrice" | "stopPrice"
>;

/** A card the run saw, and whether its owner approved it (with its hash, before expiry). */
export interface Card {
  proposalId: string;
  category: Category;
  userId: string;
  /** The service's account id (`snaptrade_<broker account id>`). */
  accountId: string;
  order: CardOrder | null;
  approved: boolean;
}

/**
 * Orders that reached the broker while one attempt ran (the sandbox's list before and after).
 * SnapTrade echoes no client order id, so these windows are what ties its orders to a card.
 */
export interface Window {
  category: Category;
  proposalIds: string[];
  brokerOrderIds: string[];
}

/** Every card and attempt window of the run. */
export class Ledger {
  readonly cards = new Map<string, Card>();
  readonly windows: Window[] = [];
  /** Cards made or decided since the current attempt began. */
  readonly touched = new Set<string>();

  card(card: Card): Card {
    this.touched.add(card.proposalId);
    const known = this.cards.get(card.proposalId);
    if (known) {
      known.approved ||= card.approved;
      return known;
    }
    this.cards.set(card.proposalId, card);
    return card;
  }

  touch(proposalId: string): void {
    this.touched.add(proposalId);
  }

  approve(proposalId: string): void {
    this.touched.add(proposalId);
    const card = this.cards.get(proposalId);
    if (card) card.approved = true;
  }
}
