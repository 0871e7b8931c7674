/**
 * The HTTP contract's shapes as the browser sees them: the server's exported API types, imported
 * as types only (erased from the bundle), so the browser and the API cannot drift apart.
 */
import type { Account as ServerAccount } from "../../../src/server/api-types.js";

export type {
  AppConfig,
  Decision,
  DecisionView,
  DefaultAccount,
  HistoryPeriod,
  Holding,
  HoldingsView,
  Message,
  Order,
  OrderChanges,
  OrderStatus,
  OrderType,
  PendingConfirmation,
  PortfolioHistory,
  PortfolioTick,
  Provider,
  RoutingAlternative,
  StreamError,
  ThreadSummary,
  ThreadView,
  TimeInForce,
  ToolActivity,
} from "../../../src/server/api-types.js";

/** Browser-side: an account may carry its connection id for a targeted reconnect (not sent today). */
export interface Account extends ServerAccount {
  connectionId?: string;
}
