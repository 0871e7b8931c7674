import type { PendingConfirmation } from "../orders/contract/index.js";

/**
 * The shapes of the service's HTTP API (DESIGN.md section 4) as a client sees them. Declared
 * here rather than imported from the server so the terminal chat depends on the contract only.
 */

export type { PendingConfirmation };

export interface ChatMessage {
  id: string;
  role: "user" | "assistant" | "tool";
  content: string;
  toolName?: string;
}

export interface ThreadView {
  threadId: string;
  messages: ChatMessage[];
  pendingConfirmation: PendingConfirmation | null;
}

export interface Order {
  id: string;
  confirmationId: string;
  accountId: string;
  provider: "snaptrade" | "alpaca" | "plaid";
  symbol: string;
  side: "buy" | "sell";
  quantity: number | null;
  notional: number | null;
  orderType: "market" | "limit" | "stop" | "stop_limit";
  limitPrice: number | null;
  stopPrice: number | null;
  timeInForce: string;
  status: string;
  statusDetail?: string | null;
  filledQuantity: number;
  filledAvgPrice: number | null;
}

export interface DecisionView extends ThreadView {
  order: Order | null;
}

export interface OrderChanges {
  quantity?: number;
  notional?: number;
  limitPrice?: number;
  stopPrice?: number;
  orderType?: "market" | "limit" | "stop" | "stop_limit";
  timeInForce?: "day" | "gtc" | "ioc" | "fok";
  accountId?: string;
}

export type CardDecision =
  | { decision: "approve"; hash: string }
  | { decision: "reject" }
  | { decision: "edit"; changes: OrderChanges };

export interface ToolActivity {
  id: string;
  name: string;
  status: "started" | "finished" | "failed";
}

export interface Account {
  id: string;
  provider: "snaptrade" | "alpaca" | "plaid";
  institution: string;
  name: string;
  numberMasked: string;
  canTrade: boolean;
  isPaper: boolean;
}

/** `GET /app-config.json`: public settings a client needs to sign in. */
export interface AppConfig {
  supabaseUrl: string;
  supabaseAnonKey: string;
  sandbox?: boolean;
  /** The embedded default's demo user (the web app names it `demoCredentials`). */
  demoCredentials?: { email: string; password: string };
  demo?: { email: string; password: string };
}
