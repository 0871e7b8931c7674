import type { PoolLike } from "../../core/db/queryable.js";
import { accountLabel } from "../../core/format.js";
import type { Logger } from "../../core/logger.js";
import { sumDecimal, toMoney } from "../../core/money.js";
import type { AccountSessions } from "../account-sessions.js";
import { accountValue } from "../aggregate-holdings.js";
import { portfolioScope } from "../portfolio-scope.js";
import type {
  Account,
  AccountPosition,
  HistoryPeriod,
  PortfolioHistory,
  PortfolioWarning,
} from "../service.js";
import { findAccount, loadPositions } from "../store/accounts-store.js";
import {
  loadSnapshots,
  mergeReconstructed,
  recordSnapshots,
  type SnapshotRow,
} from "../store/snapshots-store.js";
import { withTimeout } from "../sync/failures.js";
import { FlowReader } from "./flow-reader.js";
import { reconstructDailyValues } from "./reconstruct-values.js";
import { periodPerformance, RETURN_METHOD } from "./time-weighted-return.js";

const periodDays: Record<Exclude<HistoryPeriod, "ALL">, number> = {
  "1D": 1,
  "1W": 7,
  "1M": 30,
  "3M": 90,
  "1Y": 365,
};

export interface PortfolioHistoryDeps {
  pool: PoolLike;
  sessions: AccountSessions;
  logger: Logger;
  now: () => Date;
  /** Smallest gap between two intraday points of one user (default 5 minutes). */
  intradayGapMs: number;
  providerTimeoutMs: number;
  /** Activities (for deposits and withdrawals) are re-read at most this often per account (default 60 s). */
  flowCacheTtlMs?: number;
}

/** Points of a period: 1D uses every point of the last 24 h; longer periods one point per day, a real daily row over an estimate. */
export function pickPoints(rows: SnapshotRow[], period: HistoryPeriod): SnapshotRow[] {
  if (period === "1D") return rows.filter((r) => r.kind !== "reconstructed");
  const byDate = new Map<string, SnapshotRow>();
  for (const row of rows) {
    if (row.kind === "intraday") continue;
    const seen = byDate.get(row.date);
    if (!seen || (seen.kind === "reconstructed" && row.kind === "daily")) byDate.set(row.date, row);
  }
  return [...byDate.values()].sort((a, b) => a.takenAt.localeCompare(b.takenAt));
}

/** A row's per-account values within the scope; a legacy row without a breakdown counts as one unnamed account. */
function scopedBreakdown(row: SnapshotRow, inScope: (id: string) => boolean): Record<string, number> {
  const entries = Object.entries(row.accounts);
  if (entries.length === 0) return row.totalValue > 0 ? { unattributed: row.totalValue } : {};
  return Object.fromEntries(entries.filter(([id]) => inScope(id)));
}

/** The value history: snapshots written while the service runs, and estimates for newly linked accounts. */
export class PortfolioHistoryService {
  private readonly lastRecorded = new Map<string, number>();

  private readonly flows: FlowReader;

  constructor(private readonly deps: PortfolioHistoryDeps) {
    this.flows = new FlowReader({
      pool: deps.pool,
      sessions: deps.sessions,
      providerTimeoutMs: deps.providerTimeoutMs,
      now: deps.now,
      cacheTtlMs: deps.flowCacheTtlMs ?? 60_000,
    });
  }

  /** Called on holdings reads: today's daily row and an intraday point, at most once per gap per user. */
  async record(userId: string, accounts: Account[], positions: AccountPosition[]): Promise<void> {
    const now = this.deps.now();
    const last = this.lastRecorded.get(userId);
    if (accounts.length === 0 || (last !== undefined && now.getTime() - last < this.deps.intradayGapMs))
      return;
    this.lastRecorded.set(userId, now.getTime());
    const breakdown = Object.fromEntries(accounts.map((a) => [a.id, accountValue(a, positions)]));
    const total = Object.values(breakdown).reduce((sum, v) => sum + v, 0);
    try {
      await recordSnapshots(this.deps.pool, userId, now, total, breakdown, this.deps.intradayGapMs);
    } catch (error) {
      this.deps.logger.warn({ err: error, userId }, "portfolio snapshot not written");
    }
  }

  /**
   * The period's points (ending with `current`, the value now) and its performance, over the
   * accounts of the portfolio's scope (live, or paper when nothing live is linked).
   */
  async history(
    userId: string,
    period: HistoryPeriod,
    current: { accounts: Account[]; positions: AccountPosition[] },
  ): Promise<PortfolioHistory> {
    const now = this.deps.now();
    const since = period === "ALL" ? null : new Date(now.getTime() - periodDays[period] * 86_400_000);
    const { scope, accountIds } = portfolioScope(current.accounts);
    const listedIds = new Set(current.accounts.map((a) => a.id));
    // An account no longer listed counts in the live scope until it leaves the points (its
    // leaving is then an outflow, not a loss).
    const inScope = (id: string) => accountIds.has(id) || (scope === "live" && !listedIds.has(id));
    const picked = pickPoints(await loadSnapshots(this.deps.pool, userId, since), period);
    const stored = picked.map((row) => ({ at: row.takenAt, accounts: scopedBreakdown(row, inScope) }));
    const estimated = estimatedValueWarnings(picked, current.accounts, inScope);
    const live = {
      at: now.toISOString(),
      accounts: Object.fromEntries(
        current.accounts
          .filter((a) => accountIds.has(a.id))
          .map((a) => [a.id, accountValue(a, current.positions)]),
      ),
    };
    const points = accountIds.size > 0 ? [...stored, live] : stored;
    const base = {
      period,
      scope,
      points: points.map((p) => ({ at: p.at, totalValue: toMoney(sumDecimal(Object.values(p.accounts))) })),
      returnMethod: RETURN_METHOD,
    };
    const first = points[0];
    if (!first || points.length < 2) {
      return {
        ...base,
        startValue: null,
        endValue: base.points.at(-1)?.totalValue ?? null,
        change: null,
        changePct: null,
        netFlows: null,
        gain: null,
        returnPct: null,
        flows: [],
        warnings: estimated,
      };
    }
    const flowAccounts = new Set(points.flatMap((p) => Object.keys(p.accounts)));
    const { flows, incomplete } = await this.flows.read(userId, flowAccounts, new Date(first.at));
    const performance = periodPerformance(points, flows)!;
    return {
      ...base,
      startValue: performance.startValue,
      endValue: performance.endValue,
      change: performance.change,
      changePct: performance.changePct,
      netFlows: performance.netFlows,
      gain: performance.gain,
      returnPct: performance.returnPct,
      flows: performance.flows.map((f) => ({ ...f, amount: toMoney(f.amount) })),
      warnings: [...estimated, ...incomplete],
    };
  }

  /**
   * Estimates past daily values of newly linked accounts from their activities (see
   * reconstruct-values.ts). Best effort: an account whose activities cannot be read is skipped.
   */
  async backfill(userId: string, accountIds: string[]): Promise<void> {
    const now = this.deps.now();
    const positions = await loadPositions(this.deps.pool, userId);
    for (const accountId of accountIds) {
      try {
        const account = await findAccount(this.deps.pool, userId, accountId);
        if (!account) continue;
        const session = await this.deps.sessions.readSession(userId, account);
        const activities = await withTimeout(
          session.listActivities(accountId, { from: new Date(now.getTime() - 365 * 86_400_000), to: now }),
          this.deps.providerTimeoutMs,
          account.provider,
        );
        const points = reconstructDailyValues({
          now,
          days: 365,
          cash: account.cash ?? 0,
          positions: positions.filter((p) => p.accountId === accountId),
          activities,
        });
        await mergeReconstructed(this.deps.pool, userId, accountId, points);
      } catch (error) {
        this.deps.logger.info(
          { err: error, userId, accountId },
          "value history not reconstructed for account",
        );
      }
    }
  }
}

/**
 * Days valued by reconstruction (an account linked later, walked back through its trades with
 * interpolated prices) are estimates, and the figures built on them must say so, per account.
 */
function estimatedValueWarnings(
  rows: readonly SnapshotRow[],
  accounts: readonly Account[],
  inScope: (accountId: string) => boolean,
): PortfolioWarning[] {
  const lastEstimated = new Map<string, string>();
  for (const row of rows) {
    if (row.kind !== "reconstructed") continue;
    for (const accountId of Object.keys(row.accounts))
      if (inScope(accountId)) lastEstimated.set(accountId, row.date);
  }
  return [...lastEstimated].flatMap(([accountId, date]) => {
    const account = accounts.find((a) => a.id === accountId);
    if (!account) return [];
    return [
      {
        provider: account.provider,
        accountId,
        message: `${accountLabel(account)}'s values up to ${date} are estimated from its trades and today's prices (there is no daily price history for it), so figures over that time are approximate.`,
      },
    ];
  });
}
