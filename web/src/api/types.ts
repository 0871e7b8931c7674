/** The HTTP contract's shapes (DESIGN.md section 4), as the browser sees them. */

export interface AppConfig {
  supabaseUrl: string;
  supabaseAnonKey: string;
  sandbox: boolean;
  demoCredentials?: { email: string; password: string };
}

// The server's own types, imported as types only (erased from the bundle), so the browser and
// the API cannot drift apart.
import type { ChatMessage } from "../../../src/chat/messages.js";
import type { Order, PendingConfirmation, RoutingCard } from "../../../src/orders/contract/index.js";
import type { Account as ServerAccount } from "../../../src/portfolio/service.js";

export type { Provider } from "../../../src/brokers/model.js";
export type {
  Decision,
  Order,
  OrderChanges,
  OrderStatus,
  OrderType,
  PendingConfirmation,
  TimeInForce,
} from "../../../src/orders/contract/index.js";
export type {
  HistoryPeriod,
  Holding,
  HoldingsView,
  PortfolioHistory,
} from "../../../src/portfolio/service.js";

import type { Holding } from "../../../src/portfolio/service.js";

export interface Account extends ServerAccount {
  /** Not in the contract yet; used for a targeted reconnect when present. */
  connectionId?: string;
}

export interface PortfolioTick {
  asOf: string;
  totalValue: number;
  positions: Holding[];
}

export type Message = ChatMessage;
export type RoutingAlternative = RoutingCard["alternatives"][number];

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
