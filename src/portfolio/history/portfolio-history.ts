import type { PoolLike } from "../../core/db/queryable.js";
import type { Logger } from "../../core/logger.js";
import type { AccountSessions } from "../account-sessions.js";
import { accountValue } from "../aggregate-holdings.js";
import type { Account, AccountPosition, HistoryPeriod, PortfolioHistory } from "../service.js";
import { findAccount, loadPositions } from "../store/accounts-store.js";
import {
  insertIntradaySnapshot,
  loadSnapshots,
  mergeReconstructed,
  type SnapshotRow,
  upsertDailySnapshot,
} from "../store/snapshots-store.js";
import { withTimeout } from "../sync/failures.js";
import { reconstructDailyValues } from "./reconstruct-values.js";

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

/** The value history: snapshots written while the service runs, and estimates for newly linked accounts. */
export class PortfolioHistoryService {
  private readonly lastRecorded = new Map<string, number>();

  constructor(private readonly deps: PortfolioHistoryDeps) {}

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
      await upsertDailySnapshot(this.deps.pool, userId, now, total, breakdown);
      await insertIntradaySnapshot(this.deps.pool, userId, now, total, breakdown, this.deps.intradayGapMs);
    } catch (error) {
      this.deps.logger.warn({ err: error, userId }, "portfolio snapshot not written");
    }
  }

  async history(userId: string, period: HistoryPeriod): Promise<PortfolioHistory> {
    const now = this.deps.now();
    const since = period === "ALL" ? null : new Date(now.getTime() - periodDays[period] * 86_400_000);
    const points = pickPoints(await loadSnapshots(this.deps.pool, userId, since), period).map((r) => ({
      at: r.takenAt,
      totalValue: r.totalValue,
    }));
    const first = points[0]?.totalValue;
    const last = points.at(-1)?.totalValue;
    if (points.length < 2 || first === undefined || last === undefined) {
      return { period, points, change: null, changePct: null };
    }
    const change = Math.round((last - first) * 100) / 100;
    return {
      period,
      points,
      change,
      changePct: first === 0 ? null : Math.round((change / first) * 10_000) / 100,
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
