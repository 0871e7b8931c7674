import type { Activity } from "../../brokers/model.js";
import type { PoolLike } from "../../core/db/queryable.js";
import type { AccountSessions } from "../account-sessions.js";
import type { PortfolioWarning } from "../service.js";
import { loadAccounts } from "../store/accounts-store.js";
import { describeFailure, withTimeout } from "../sync/failures.js";
import { externalFlow } from "./external-flows.js";
import type { ExternalFlow } from "./time-weighted-return.js";

export interface FlowReaderDeps {
  pool: PoolLike;
  sessions: AccountSessions;
  providerTimeoutMs: number;
  now: () => Date;
  /** Activities read within this long are reused (the chart asks for each period in turn). */
  cacheTtlMs: number;
}

export interface FlowsView {
  flows: ExternalFlow[];
  /** Accounts whose deposits and withdrawals could not be (fully) read. */
  incomplete: PortfolioWarning[];
}

interface CachedActivities {
  readAt: number;
  from: number;
  activities: Activity[];
}

/** Deposits and withdrawals of the given accounts since `from`, read from each provider's activities. */
export class FlowReader {
  private readonly cache = new Map<string, CachedActivities>();

  constructor(private readonly deps: FlowReaderDeps) {}

  async read(userId: string, accountIds: Set<string>, from: Date): Promise<FlowsView> {
    const now = this.deps.now();
    const accounts = (await loadAccounts(this.deps.pool, userId)).filter((a) => accountIds.has(a.id));
    const incomplete: PortfolioWarning[] = [];
    const lists = await Promise.all(
      accounts.map(async (account) => {
        const key = `${userId}:${account.id}`;
        const cached = this.cache.get(key);
        if (cached && now.getTime() - cached.readAt < this.deps.cacheTtlMs && cached.from <= from.getTime())
          return cached.activities;
        try {
          const session = await this.deps.sessions.readSession(userId, account);
          const activities = await withTimeout(
            session.listActivities(account.id, { from, to: now }),
            this.deps.providerTimeoutMs,
            account.provider,
          );
          this.cache.set(key, { readAt: now.getTime(), from: from.getTime(), activities });
          return activities;
        } catch (error) {
          const failure = describeFailure(account.provider, error, account.connectionId);
          incomplete.push({
            provider: account.provider,
            accountId: account.id,
            message: `Deposits and withdrawals of ${account.institution} ${account.name} could not be read (${failure.message}), so its return may count them as gains or losses.`,
          });
          return [];
        }
      }),
    );
    const flows: ExternalFlow[] = [];
    const unknown = new Set<string>();
    for (const activity of lists.flat()) {
      const { flow, unknownAmount } = externalFlow(activity);
      if (flow) flows.push(flow);
      if (unknownAmount) unknown.add(activity.accountId);
    }
    for (const account of accounts.filter((a) => unknown.has(a.id))) {
      incomplete.push({
        provider: account.provider,
        accountId: account.id,
        message: `${account.institution} ${account.name} reports a deposit or withdrawal without its amount, so its return may count it as a gain or loss.`,
      });
    }
    return { flows, incomplete };
  }
}
