import type {
  Activity,
  BrokerAccount,
  BrokerOrder,
  BrokerPosition,
  OrderPreview,
  OrderRequest,
  Provider,
  Quote,
} from "./model.js";

export interface SymbolInfo {
  symbol: string;
  description: string;
  tradable: boolean;
  /** Whether fractions of a share are taken; null when the broker does not say. */
  fractionable: boolean | null;
}

export interface MarketClock {
  isOpen: boolean;
  nextOpen: string | null;
  nextClose: string | null;
}

/** The outcome of looking for an order we may or may not have placed. */
export type OrderLookup =
  | { kind: "found"; order: BrokerOrder }
  | { kind: "absent" }
  /** Several broker orders fit and none carries our client order id: a human must decide. */
  | { kind: "ambiguous"; candidates: BrokerOrder[] };

/**
 * One user's view of one provider, bound to that user's (decrypted) credentials. Sessions are
 * cheap; the SDK clients under them are built once per process (or per key pair) and reused.
 * All account ids are the prefixed ones. Every call has a timeout; reads may retry with backoff,
 * writes never retry.
 */
export interface BrokerSession {
  readonly provider: Provider;
  listAccounts(): Promise<BrokerAccount[]>;
  listPositions(accountId: string): Promise<BrokerPosition[]>;
  /**
   * Brings one known account up to date in one round trip, without listing the others (at
   * SnapTrade, without listing accounts or connections). Absent where listing is one call.
   */
  refreshAccount?(account: BrokerAccount): Promise<{ account: BrokerAccount; positions: BrokerPosition[] }>;
  listActivities(accountId: string, range: { from: Date; to: Date }): Promise<Activity[]>;
}

export interface TradingSession extends BrokerSession {
  readonly provider: "snaptrade" | "alpaca";
  getQuote(accountId: string, symbol: string): Promise<Quote>;
  lookupSymbol(accountId: string, symbol: string): Promise<SymbolInfo | null>;
  /**
   * The broker's own symbol search: stocks and ETFs it offers whose ticker starts with `text` or
   * whose name contains it (case-insensitive). Cached, and counted like any other read.
   */
  searchSymbols(accountId: string, text: string): Promise<SymbolInfo[]>;
  marketClock(): Promise<MarketClock>;
  /** SnapTrade: the broker's order impact (and a trade id). Alpaca: a computed estimate, labelled so. */
  previewOrder(order: OrderRequest): Promise<OrderPreview>;
  /**
   * Sends the order once. SnapTrade places the previewed trade id while it lives, else a forced
   * order with the client order id; Alpaca sends the client order id. Throws OrderRejected when
   * the broker refused, OutcomeUnknown when we cannot tell.
   */
  placeOrder(order: OrderRequest, preview: OrderPreview | null): Promise<BrokerOrder>;
  /** Alpaca: by client order id. SnapTrade: recent orders matched on account, symbol, side, size and time. */
  findOrder(order: OrderRequest, placedAfter: Date): Promise<OrderLookup>;
  getOrder(accountId: string, brokerOrderId: string): Promise<BrokerOrder>;
  listOrders(accountId: string, options?: { days?: number; openOnly?: boolean }): Promise<BrokerOrder[]>;
  cancelOrder(accountId: string, brokerOrderId: string): Promise<BrokerOrder>;
}
