/** The HTTP contract's shapes (DESIGN.md section 4), as the browser sees them. */

export interface AppConfig {
  supabaseUrl: string;
  supabaseAnonKey: string;
  sandbox: boolean;
  demoCredentials?: { email: string; password: string };
}

export type Provider = "snaptrade" | "alpaca" | "plaid";

export interface Account {
  id: string;
  provider: Provider;
  institution: string;
  name: string;
  numberMasked: string;
  canTrade: boolean;
  connectionStatus: "active" | "broken" | "disabled";
  cash: number | null;
  buyingPower: number | null;
  totalValue: number | null;
  currency: string;
  isPaper: boolean;
  syncedAt: string | null;
  /** Not in the contract yet; used for a targeted reconnect when present. */
  connectionId?: string;
}

export interface Holding {
  symbol: string;
  description: string;
  quantity: number;
  price: number | null;
  marketValue: number | null;
  costBasis: number | null;
  unrealizedPl: number | null;
  accounts: Array<{ accountId: string; quantity: number; marketValue: number | null; canTrade: boolean }>;
}

export interface HoldingsView {
  asOf: string;
  totalValue: number;
  positions: Holding[];
  accounts: Account[];
  warnings: Array<{ provider: Provider; accountId?: string; message: string }>;
}

export interface PortfolioTick {
  asOf: string;
  totalValue: number;
  positions: Holding[];
}

export type HistoryPeriod = "1D" | "1W" | "1M" | "3M" | "1Y" | "ALL";

export interface PortfolioHistory {
  period: HistoryPeriod;
  points: Array<{ at: string; totalValue: number }>;
  change: number | null;
  changePct: number | null;
}

export interface Message {
  id: string;
  role: "user" | "assistant" | "tool";
  content: string;
  toolName?: string;
}

export type OrderStatus =
  | "submitting"
  | "accepted"
  | "partially_filled"
  | "filled"
  | "cancelled"
  | "rejected"
  | "unknown"
  | "needs_review";

export type OrderType = "market" | "limit" | "stop" | "stop_limit";
export type TimeInForce = "day" | "gtc" | "ioc" | "fok";

export interface Order {
  id: string;
  confirmationId: string;
  threadId: string | null;
  accountId: string;
  provider: Provider;
  symbol: string;
  side: "buy" | "sell";
  quantity: number | null;
  notional: number | null;
  orderType: OrderType;
  limitPrice: number | null;
  stopPrice: number | null;
  timeInForce: TimeInForce;
  status: OrderStatus;
  statusDetail?: string | null;
  brokerOrderId: string | null;
  clientOrderId: string;
  filledQuantity: number;
  filledAvgPrice: number | null;
  createdAt: string;
  updatedAt: string;
}

export interface RoutingAlternative {
  accountId: string;
  institution: string;
  name: string;
  holds: number;
  buyingPower: number | null;
  canTrade: boolean;
  whyNot: string | null;
}

export interface PendingConfirmation {
  id: string;
  kind: "order" | "cancel";
  order: {
    symbol: string;
    description: string;
    side: "buy" | "sell";
    quantity: number | null;
    notional: number | null;
    orderType: OrderType;
    limitPrice: number | null;
    stopPrice: number | null;
    timeInForce: TimeInForce;
  };
  account: {
    id: string;
    provider: Provider;
    institution: string;
    name: string;
    numberMasked: string;
    isPaper: boolean;
  };
  routing: { reason: string; alternatives: RoutingAlternative[] };
  estimate: {
    price: number | null;
    priceSource: string;
    asOf: string;
    amount: number | null;
    amountSource: "broker_preview" | "estimate";
    /** null = unknown (never shown as $0). */
    fees: number | null;
    buyingPowerBefore: number | null;
    buyingPowerAfter: number | null;
    currency: string;
  };
  warnings: string[];
  text: string;
  hash: string;
  expiresAt: string;
}

export interface ThreadSummary {
  threadId: string;
  title: string;
  createdAt: string;
  updatedAt: string;
}

export interface ThreadView {
  threadId: string;
  messages: Message[];
  pendingConfirmation: PendingConfirmation | null;
}

export interface DecisionView extends ThreadView {
  order: Order | null;
}

export interface OrderChanges {
  quantity?: number;
  notional?: number;
  limitPrice?: number;
  stopPrice?: number;
  orderType?: OrderType;
  timeInForce?: TimeInForce;
  accountId?: string;
}

export type Decision =
  | { decision: "approve"; hash: string }
  | { decision: "reject" }
  | { decision: "edit"; changes: OrderChanges };
