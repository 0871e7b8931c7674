import type { TradingSession } from "../brokers/session.js";
import type { PoolLike } from "../core/db/queryable.js";
import { NotFoundError } from "../core/errors.js";
import { accountLabel, formatTimestamp } from "../core/format.js";
import { requestMemo } from "../core/request-scope.js";
import type { AccountSessions } from "./account-sessions.js";
import { aggregateHoldings, portfolioTotals } from "./aggregate-holdings.js";
import type { PortfolioHistoryService } from "./history/portfolio-history.js";
import { plaidDuplicateIds } from "./plaid-dedupe.js";
import { portfolioScope } from "./portfolio-scope.js";
import type {
  Account,
  DefaultAccountChoice,
  HistoryPeriod,
  HoldingsView,
  PortfolioHistory,
  PortfolioMode,
  PortfolioService,
  PortfolioSnapshot,
  PortfolioWarning,
  Transaction,
} from "./service.js";
import {
  loadAccounts,
  loadPortfolioMode,
  readPortfolio,
  requestAccountRefresh,
  type StoredAccount,
  toStoredAccount,
} from "./store/accounts-store.js";
import { readTradingAccess } from "./store/credentials-store.js";
import type { SealedTradingCredentials } from "./store/sealed-credentials.js";
import { loadDefaultAccountChoice, saveDefaultAccountChoice } from "./store/trading-preferences-store.js";
import { providerName } from "./sync/failures.js";
import type { HoldingsSync } from "./sync/holdings-sync.js";
import { readTransactions, type TransactionsView } from "./transactions.js";

export interface PortfolioReaderDeps {
  pool: PoolLike;
  sync: HoldingsSync;
  sessions: AccountSessions;
  history: PortfolioHistoryService;
  features: { snaptradeTradeExecution: boolean };
  now: () => Date;
  providerTimeoutMs: number;
}

/**
 * What callers see of a stored account. An account can trade only while its connection is
 * active, and SnapTrade accounts only while SnapTrade trade execution is switched on.
 */
export function presentAccount(
  stored: StoredAccount,
  features: { snaptradeTradeExecution: boolean },
): Account {
  const tradingAllowed = stored.provider !== "snaptrade" || features.snaptradeTradeExecution;
  return {
    id: stored.id,
    provider: stored.provider,
    institution: stored.institution,
    name: stored.name,
    numberMasked: stored.numberMasked,
    canTrade:
      stored.canTrade &&
      stored.provider !== "plaid" &&
      stored.connectionStatus === "active" &&
      tradingAllowed,
    connectionStatus: stored.connectionStatus,
    cash: stored.cash,
    buyingPower: stored.buyingPower,
    totalValue: stored.totalValue,
    currency: stored.currency,
    isPaper: stored.isPaper,
    syncedAt: stored.syncedAt,
    dataAsOf: stored.dataAsOf,
  };
}

/** Broker figures older than this are called out as not current. */
const brokerFiguresStaleAfterMs = 15 * 60_000;

/**
 * The broker's own as-of, where it is old: SnapTrade serves many brokerages from a daily sync, so
 * "fresh from SnapTrade" can still be yesterday's figures. Never presented as live.
 */
function brokerAsOfWarnings(accounts: StoredAccount[], now: Date): PortfolioWarning[] {
  return accounts
    .filter((a) => a.dataAsOf !== null && now.getTime() - Date.parse(a.dataAsOf) > brokerFiguresStaleAfterMs)
    .map((a) => ({
      provider: a.provider,
      accountId: a.id,
      kind: "as_of" as const,
      message: `${accountLabel(a)}: the brokerage's figures are as of ${formatTimestamp(a.dataAsOf)} (its last update to ${providerName(a.provider)}), not live.`,
    }));
}

function staleWarnings(accounts: StoredAccount[]): PortfolioWarning[] {
  return accounts
    .filter((a) => a.syncError !== null)
    .map((a) => ({
      provider: a.provider,
      accountId: a.id,
      message: `${a.syncError} Showing data from ${a.syncedAt ?? "the last sync"}.`,
    }));
}

/**
 * What a request already read of a user's portfolio, so the layers it passes through (routing,
 * the trading sessions it opens) load the account list and the credentials once per request.
 */
const memoKey = (userId: string, id: string) => `${userId}/${id}`;
const accountsMemo = () => requestMemo<StoredAccount>("portfolio.accounts");
const defaultAccountMemo = () => requestMemo<DefaultAccountChoice | null>("portfolio.defaultAccount");
const credentialsMemo = () => requestMemo<SealedTradingCredentials>("portfolio.tradingCredentials");

/** The PortfolioService: reads the stored rows, after refreshing stale providers. */
export class PortfolioReader implements PortfolioService {
  constructor(private readonly deps: PortfolioReaderDeps) {}

  /** Accounts as stored (no broker call), Plaid duplicates of SnapTrade accounts left out. */
  async listAccounts(userId: string): Promise<Account[]> {
    const stored = await loadAccounts(this.deps.pool, userId);
    return this.visible(stored).map((a) => presentAccount(a, this.deps.features));
  }

  async getSnapshot(userId: string, options: { forceSync?: boolean } = {}): Promise<PortfolioSnapshot> {
    // One read decides what is stale and, when nothing is, is the answer: the accounts are read once.
    let state = await readPortfolio(this.deps.pool, userId);
    const refreshed = await this.deps.sync.refreshFrom(
      userId,
      { linked: state.linked, stored: state.accounts, sealed: state.sealed },
      options.forceSync ?? false,
    );
    if (refreshed.synced) state = await readPortfolio(this.deps.pool, userId);
    const accountsSeen = accountsMemo();
    for (const account of state.accounts) accountsSeen?.set(memoKey(userId, account.id), account);
    defaultAccountMemo()?.set(userId, state.defaultAccount);
    credentialsMemo()?.set(userId, state.sealed);
    const providerWarnings = refreshed.warnings;
    const { accounts: stored, positions } = state;
    const visible = this.visible(stored);
    const accounts = visible.map((a) => presentAccount(a, this.deps.features));
    const ids = new Set(accounts.map((a) => a.id));
    return {
      accounts,
      positions: positions.filter((p) => ids.has(p.accountId)),
      warnings: [
        ...providerWarnings,
        ...staleWarnings(visible),
        ...brokerAsOfWarnings(visible, this.deps.now()),
      ],
    };
  }

  async getHoldings(userId: string): Promise<HoldingsView> {
    const snapshot = await this.getSnapshot(userId);
    await this.deps.history.record(userId, snapshot.accounts, snapshot.positions);
    const live = snapshot.accounts.filter((a) => !a.isPaper);
    const paper = snapshot.accounts.filter((a) => a.isPaper);
    const totals = {
      live: live.length > 0 ? portfolioTotals(live, snapshot.positions) : null,
      paper: paper.length > 0 ? portfolioTotals(paper, snapshot.positions) : null,
    };
    const { scope } = portfolioScope(snapshot.accounts);
    return {
      asOf: this.deps.now().toISOString(),
      scope,
      totalValue: (scope === "live" ? totals.live : totals.paper)?.totalValue ?? 0,
      totals,
      positions: aggregateHoldings(snapshot.accounts, snapshot.positions),
      accounts: snapshot.accounts,
      warnings: snapshot.warnings,
    };
  }

  async portfolioMode(userId: string): Promise<PortfolioMode> {
    const [flags, accounts] = await Promise.all([
      loadPortfolioMode(this.deps.pool, userId),
      this.listAccounts(userId),
    ]);
    return { ...flags, tradingAccounts: accounts.filter((a) => a.canTrade).map((a) => a.id) };
  }

  /** One statement at most: the account (unless this request read it already) with the credentials. */
  async tradingSession(userId: string, accountId: string): Promise<TradingSession> {
    let account = accountsMemo()?.get(memoKey(userId, accountId)) ?? null;
    let sealed = credentialsMemo()?.get(userId);
    if (!account || !sealed) {
      const read = await readTradingAccess(this.deps.pool, userId, account ? null : accountId);
      sealed = { snaptrade: read.snaptrade, alpaca: read.alpaca };
      credentialsMemo()?.set(userId, sealed);
      if (!account && read.account) {
        account = toStoredAccount(read.account);
        accountsMemo()?.set(memoKey(userId, accountId), account);
      }
    }
    if (!account) throw new NotFoundError("Account");
    return this.deps.sessions.tradingSession(userId, account, sealed);
  }

  /**
   * Counts the refresh an order owes its account (so a read refreshes it even if this process
   * stops first), then refreshes it shortly, with whatever broker events the order sets off.
   */
  async refreshAccount(userId: string, accountId: string): Promise<void> {
    if (await requestAccountRefresh(this.deps.pool, userId, accountId)) {
      this.deps.sync.refreshSoon(userId, accountId);
    }
  }

  async listTransactions(
    userId: string,
    filter: { accountId?: string; from?: Date; to?: Date },
  ): Promise<Transaction[]> {
    return (await this.transactionsView(userId, filter)).transactions;
  }

  /** Transactions plus a warning per account whose provider could not be read. */
  transactionsView(
    userId: string,
    filter: { accountId?: string | undefined; from?: Date | undefined; to?: Date | undefined },
  ): Promise<TransactionsView> {
    const { pool, sessions, now, providerTimeoutMs } = this.deps;
    return readTransactions({ pool, sessions, now, timeoutMs: providerTimeoutMs }, userId, filter);
  }

  async history(userId: string, period: HistoryPeriod): Promise<PortfolioHistory> {
    // One computation for the chart, the API and the chat: it ends at the value now.
    const snapshot = await this.getSnapshot(userId);
    await this.deps.history.record(userId, snapshot.accounts, snapshot.positions);
    return this.deps.history.history(userId, period, snapshot);
  }

  async defaultAccountChoice(userId: string): Promise<DefaultAccountChoice | null> {
    const seen = defaultAccountMemo();
    if (seen?.has(userId)) return seen.get(userId) ?? null;
    const choice = await loadDefaultAccountChoice(this.deps.pool, userId);
    seen?.set(userId, choice);
    return choice;
  }

  async saveDefaultAccountChoice(
    userId: string,
    choice: { accountId: string; label: string } | null,
  ): Promise<void> {
    defaultAccountMemo()?.delete(userId);
    await saveDefaultAccountChoice(this.deps.pool, userId, choice, this.deps.now());
  }

  private visible(stored: StoredAccount[]): StoredAccount[] {
    const duplicates = plaidDuplicateIds(stored.map((a) => presentAccount(a, this.deps.features)));
    return stored.filter((a) => !duplicates.has(a.id));
  }
}
