/** The data the sandbox world holds. Plain JSON-friendly records so a snapshot is trivial. */

export type Provider = "snaptrade" | "alpaca" | "plaid";
export type OrderSide = "buy" | "sell";
export type OrderType = "market" | "limit" | "stop" | "stop_limit";
export type TimeInForce = "day" | "gtc" | "ioc" | "fok" | "opg" | "cls";

/**
 * Order status, in Alpaca's vocabulary (the SnapTrade view maps it): `accepted` = queued
 * while the market is closed, `new` = working, then partially_filled / filled / canceled /
 * expired / rejected.
 */
export type OrderStatus =
  | "accepted"
  | "new"
  | "partially_filled"
  | "filled"
  | "canceled"
  | "expired"
  | "rejected";

export interface SandboxUser {
  id: string;
  email: string;
  password: string;
  createdAt: string;
}

export interface Position {
  symbol: string;
  units: number;
  avgPrice: number;
}

/** An option position; prices are per share, as the vendors quote them. */
export interface OptionPosition {
  underlying: string;
  type: "call" | "put";
  strike: number;
  /** YYYY-MM-DD */
  expiration: string;
  /** Contracts held. */
  units: number;
  /** Premium per share now, and paid. */
  price: number;
  avgPrice: number;
  /** Shares per contract: 100 for a standard contract, 10 for a mini. */
  multiplier: number;
}

export interface Account {
  id: string;
  provider: Provider;
  userId: string | null;
  name: string;
  number: string;
  institution: string;
  cash: number;
  /** Buying power beyond cash (margin); buying power = cash + margin - open buy reservations. */
  margin: number;
  positions: Position[];
  /** Option contracts held (their premiums stay where the seed put them). */
  optionPositions?: OptionPosition[];
  createdAt: string;
  /** SnapTrade: the brokerage authorization (connection) holding the account. */
  connectionId: string | null;
  /** Plaid: the item holding the account. */
  itemId: string | null;
  /** Alpaca: the key pair that opens the account. */
  alpacaKeyId: string | null;
  alpacaSecret: string | null;
  /** Alpaca: the account's `status` (default ACTIVE); any other status cannot trade. */
  alpacaStatus?: string;
  /** Alpaca: the owner switched trading off (`trade_suspended_by_user`). */
  tradeSuspendedByUser?: boolean;
  /** SnapTrade: when the brokerage data was last synced (default: the account's creation). */
  syncedAt?: string;
}

export interface Brokerage {
  slug: string;
  name: string;
  /** SnapTrade's `allows_fractional_units` (default true): false refuses fractional share orders. */
  allowsFractionalUnits?: boolean;
}

export interface SnaptradeConnection {
  id: string;
  /** The sandbox user the connection belongs to (= the SnapTrade userId the service registers). */
  userId: string;
  brokerage: Brokerage;
  type: "trade" | "read";
  disabled: boolean;
  disabledAt: string | null;
  /** Seeded connections stay invisible to the API until the user passes the portal. */
  attached: boolean;
  createdAt: string;
}

export interface SnaptradeRegistration {
  userId: string;
  userSecret: string;
  createdAt: string;
}

export interface PortalSession {
  id: string;
  userId: string;
  connectionType: "read" | "trade" | "trade-if-available";
  reconnect: string | null;
  customRedirect: string | null;
  broker: string | null;
  createdAt: string;
  completedAt: string | null;
}

export interface PlaidItem {
  id: string;
  userId: string | null;
  institutionId: string;
  institutionName: string;
  publicToken: string | null;
  accessToken: string | null;
  loginRequired: boolean;
  createdAt: string;
}

export interface Order {
  id: string;
  provider: Provider;
  accountId: string;
  userId: string | null;
  symbol: string;
  side: OrderSide;
  /** Shares asked for; null for notional orders until they fill. */
  quantity: number | null;
  notional: number | null;
  orderType: OrderType;
  limitPrice: number | null;
  stopPrice: number | null;
  timeInForce: TimeInForce;
  clientOrderId: string | null;
  status: OrderStatus;
  filledQuantity: number;
  filledAvgPrice: number | null;
  /** Stop and stop-limit orders become active once the price crosses the stop. */
  triggered: boolean;
  rejectReason: string | null;
  /** False for orders the broker refused at submission (visible only in the admin log). */
  visible: boolean;
  /** Accepted but not yet worked (behaviour `fills: "working"`): matching skips it until released. */
  held?: boolean;
  /** A vendor status shown instead of the one derived from `status` (set by the admin API). */
  vendorStatus?: string | null;
  receivedAt: string;
  updatedAt: string;
  filledAt: string | null;
  canceledAt: string | null;
  expiredAt: string | null;
}

export type ActivityType = "BUY" | "SELL" | "DIVIDEND" | "CONTRIBUTION" | "INTEREST";

export interface Activity {
  id: string;
  accountId: string;
  type: ActivityType;
  symbol: string | null;
  units: number;
  price: number;
  /** Cash effect, signed (a buy is negative). */
  amount: number;
  fee: number;
  at: string;
  orderId: string | null;
  description: string;
}

export interface TradeImpact {
  id: string;
  userId: string;
  accountId: string;
  symbol: string;
  side: OrderSide;
  orderType: OrderType;
  timeInForce: TimeInForce;
  limitPrice: number | null;
  stopPrice: number | null;
  units: number | null;
  notional: number | null;
  createdAt: string;
  usedAt: string | null;
}

export interface AuthSession {
  id: string;
  userId: string;
  refreshToken: string;
  /** Refresh tokens rotate: the previous ones are kept to detect reuse. */
  usedRefreshTokens: string[];
  createdAt: string;
  revoked: boolean;
}

export interface WebhookDelivery {
  id: string;
  provider: "snaptrade" | "plaid";
  eventType: string;
  url: string;
  status: number | null;
  error: string | null;
  at: string;
  payload: unknown;
}
