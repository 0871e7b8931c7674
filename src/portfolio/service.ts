import type { ConnectionStatus, Provider } from "../brokers/model.js";
import type { TradingSession } from "../brokers/session.js";
import type { DefaultAccountChoice } from "./store/trading-preferences-store.js";

export type { DefaultAccountChoice } from "./store/trading-preferences-store.js";

/** DESIGN.md section 4 `Account`. */
export interface Account {
  id: string;
  provider: Provider;
  institution: string;
  name: string;
  numberMasked: string;
  canTrade: boolean;
  connectionStatus: ConnectionStatus;
  cash: number | null;
  buyingPower: number | null;
  totalValue: number | null;
  currency: string;
  isPaper: boolean;
  /** ISO time of the last successful sync; null before the first. */
  syncedAt: string | null;
  /**
   * When the broker last took this account's figures from the institution; null when they are
   * live or the broker does not say. Older than a few minutes, the figures are not current.
   */
  dataAsOf: string | null;
}

/** One account's position in one symbol, as last synced. */
export interface AccountPosition {
  accountId: string;
  symbol: string;
  description: string;
  quantity: number;
  price: number | null;
  marketValue: number | null;
  costBasis: number | null;
}

/**
 * DESIGN.md section 4 `Holding`: one symbol aggregated across accounts, live and paper apart
 * (a symbol held in both gives two holdings). Cost basis, average cost and unrealized P/L are
 * null when any contributing account does not report a cost basis (a partial sum would mislead).
 */
export interface Holding {
  symbol: string;
  description: string;
  /** Paper (simulated) positions are never added to live ones. */
  isPaper: boolean;
  quantity: number;
  price: number | null;
  marketValue: number | null;
  /** Total cost of the position. */
  costBasis: number | null;
  /** Cost per share: costBasis / quantity. */
  averageCost: number | null;
  unrealizedPl: number | null;
  accounts: Array<{
    accountId: string;
    quantity: number;
    marketValue: number | null;
    costBasis: number | null;
    unrealizedPl: number | null;
    canTrade: boolean;
  }>;
}

/**
 * The distinct figures of one scope (live or paper) over every listed account of it. Each sum
 * covers what is known; `unknown` names what is not (never counted as 0).
 */
export interface PortfolioTotals {
  accountIds: string[];
  cash: number;
  buyingPower: number;
  /** Buying power of the accounts that can trade through this service. */
  tradeableBuyingPower: number;
  /** Value of the positions. */
  marketValue: number;
  /** Σ account values (the broker's total when it reports one, else cash + positions). */
  totalValue: number;
  /** Cost basis and unrealized P/L of the positions whose cost basis is known. */
  costBasis: number;
  unrealizedPl: number;
  /** Realized P/L is not reported by the linked brokers' position data: always null for now. */
  realizedPl: number | null;
  unknown: {
    /** Account ids without a reported cash balance or buying power. */
    cash: string[];
    buyingPower: string[];
    /** Symbols without a market value, or without a cost basis. */
    marketValue: string[];
    costBasis: string[];
  };
}

export interface PortfolioWarning {
  provider: Provider;
  accountId?: string;
  message: string;
  /** "as_of": nothing failed; the figures are the broker's own older ones. Absent: a failure. */
  kind?: "as_of";
}

export interface HoldingsView {
  asOf: string;
  /** Which accounts `totalValue` covers: the live ones when any is linked, else the paper ones. */
  scope: PortfolioScope;
  /** Total value of the scope's accounts (live and paper money are never added together). */
  totalValue: number;
  /** Every figure per scope; `paper` is null without paper accounts, `live` without live ones. */
  totals: { live: PortfolioTotals | null; paper: PortfolioTotals | null };
  positions: Holding[];
  accounts: Account[];
  warnings: PortfolioWarning[];
}

/** Accounts and their positions, fresh enough to route an order on. */
export interface PortfolioSnapshot {
  accounts: Account[];
  positions: AccountPosition[];
  warnings: PortfolioWarning[];
}

export interface PortfolioMode {
  mode: "none" | "brokerage" | "aggregation" | "hybrid";
  hasAlpaca: boolean;
  hasSnaptrade: boolean;
  hasPlaid: boolean;
  tradingAccounts: string[];
}

export interface Transaction {
  id: string;
  accountId: string;
  type: string;
  symbol: string | null;
  quantity: number | null;
  price: number | null;
  amount: number | null;
  currency: string;
  at: string;
}

export type HistoryPeriod = "1D" | "1W" | "1M" | "3M" | "1Y" | "ALL";

/** Which accounts a total covers: live money and paper money are never added together. */
export type PortfolioScope = "live" | "paper";

export interface HistoryFlow {
  at: string;
  accountId: string;
  kind: "deposit" | "withdrawal" | "linked" | "unlinked";
  /** Signed: money in positive, money out negative. */
  amount: number;
}

/**
 * The value history of a period, ending at the current value, and its performance: the plain
 * change in value beside the gain and time-weighted return that leave out external flows
 * (history/time-weighted-return.ts). Performance fields are null with fewer than two points.
 */
export interface PortfolioHistory {
  period: HistoryPeriod;
  /** Live accounts when any is linked, else the paper accounts. */
  scope: PortfolioScope;
  points: Array<{ at: string; totalValue: number }>;
  startValue: number | null;
  endValue: number | null;
  /** Plain change in value, deposits and newly linked accounts included. */
  change: number | null;
  changePct: number | null;
  /** Money moved in (+) or out (−): deposits, withdrawals, value of accounts linked or unlinked. */
  netFlows: number | null;
  /** change − netFlows: what the investments earned. */
  gain: number | null;
  /** Time-weighted return in percent (linked Modified Dietz). */
  returnPct: number | null;
  returnMethod: "time_weighted_linked_modified_dietz";
  flows: HistoryFlow[];
  /** Accounts whose flows could not be read: their deposits may show as gains. */
  warnings: PortfolioWarning[];
}

/**
 * What the rest of the service (orders engine, tools, routes) asks of the portfolio layer.
 * Every method is scoped to one user; another user's account id behaves as unknown.
 */
export interface PortfolioService {
  listAccounts(userId: string): Promise<Account[]>;
  /** Syncs providers whose data is older than the TTL first (in parallel, each with a timeout). */
  getHoldings(userId: string): Promise<HoldingsView>;
  /** Per-account rows for routing; refreshes stale accounts like getHoldings. */
  getSnapshot(userId: string, options?: { forceSync?: boolean }): Promise<PortfolioSnapshot>;
  portfolioMode(userId: string): Promise<PortfolioMode>;
  /** A session on the account's provider with the user's decrypted credentials. */
  tradingSession(userId: string, accountId: string): Promise<TradingSession>;
  /** An order changed the account: count the refresh it owes and refresh it shortly (best effort). */
  refreshAccount(userId: string, accountId: string): Promise<void>;
  listTransactions(
    userId: string,
    filter: { accountId?: string; from?: Date; to?: Date },
  ): Promise<Transaction[]>;
  history(userId: string, period: HistoryPeriod): Promise<PortfolioHistory>;
  /** The trading account the user chose as default; null until one is chosen. */
  defaultAccountChoice(userId: string): Promise<DefaultAccountChoice | null>;
  /** Stores the user's default trading account (null clears it); callers check it is the user's and can trade. */
  saveDefaultAccountChoice(
    userId: string,
    choice: { accountId: string; label: string } | null,
  ): Promise<void>;
}
