import type { BrokerAccount, OrderSide } from "../brokers/model.js";

/** What routing needs of an account; the portfolio layer's account rows fit it as they are. */
export type RoutableAccount = Pick<
  BrokerAccount,
  "id" | "provider" | "institution" | "name" | "canTrade" | "connectionStatus" | "buyingPower"
>;

/** How much of one symbol one account holds. */
export interface RoutableHolding {
  accountId: string;
  symbol: string;
  quantity: number;
}

export type TradeAmount =
  | { kind: "shares"; quantity: number }
  | { kind: "notional"; notional: number }
  /** Sell everything the chosen account holds. */
  | { kind: "all" }
  /** Sell this share (0 < fraction <= 1) of what the chosen account holds: "sell half". */
  | { kind: "fraction"; fraction: number };

export interface TradeIntent {
  side: OrderSide;
  symbol: string;
  amount: TradeAmount;
  /** The account as the user named it ("my Robinhood"), when they did. */
  accountName?: string | null;
  /** The latest price, to size notional sells and check a buy against buying power. */
  price?: number | null;
}

export interface RoutingAlternative<A extends RoutableAccount = RoutableAccount> {
  account: A;
  /** Quantity of the symbol this account holds. */
  holds: number;
  buyingPower: number | null;
  canTrade: boolean;
  /** Why this account cannot take the order; null when it could (the user may pick it instead). */
  whyNot: string | null;
}

export type RoutingResult<A extends RoutableAccount = RoutableAccount> =
  | {
      kind: "routed";
      account: A;
      /** One sentence the confirmation card shows. */
      reason: string;
      alternatives: RoutingAlternative<A>[];
      /** Shares to trade, resolved ("sell all" = the account's holding); null for a notional order. */
      quantity: number | null;
      notional: number | null;
      /** Money the order moves, when a price was known. */
      estimatedAmount: number | null;
      /** Buys: whether the estimate fits the account's buying power; null when it cannot be told (or a sell). */
      fitsBuyingPower: boolean | null;
      warnings: string[];
    }
  | { kind: "refused"; reason: string }
  | { kind: "clarify"; question: string };
