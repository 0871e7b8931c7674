import type { Provider } from "../../brokers/model.js";
import { withTransaction } from "../../core/db/database.js";
import type { PoolLike } from "../../core/db/queryable.js";
import type { Logger } from "../../core/logger.js";
import type { PortfolioBrokers } from "../broker-clients.js";
import type { PortfolioWarning } from "../service.js";
import { loadAccounts, loadAccountsWithCredentials, type StoredAccount } from "../store/accounts-store.js";
import type { CredentialsStore } from "../store/credentials-store.js";
import type { SealedTradingCredentials } from "../store/sealed-credentials.js";
import { describeFailure } from "./failures.js";
import {
  type FetchInput,
  failedPlan,
  fetchAlpaca,
  fetchPlaid,
  fetchSnaptrade,
  notConfiguredPlan,
  type SyncScope,
} from "./provider-fetchers.js";
import { applyPlan, emptyPlan, type SyncPlan } from "./sync-plan.js";
import { TrailingRuns } from "./trailing-runs.js";

export interface HoldingsSyncOptions {
  /** Data younger than this is served without asking the provider. */
  ttlMs: number;
  /**
   * A provider's own age limit. SnapTrade's data changes when SnapTrade says so (webhooks, our
   * own orders, the user's refresh), so its limit is long: a safety net, not the refresh.
   */
  ttlMsByProvider?: Partial<Record<Provider, number>>;
  /** Budget for each provider call; a slower provider is reported stale. */
  providerTimeoutMs: number;
  /**
   * How long a refresh an event asked for waits for the rest of its burst (a trade's TRADE_UPDATEs
   * and holdings update, our own post-trade refresh) before it reads the broker. A read that needs
   * the account does not wait. Default 50 ms.
   */
  eventBurstMs?: number;
}

export interface HoldingsSyncDeps {
  pool: PoolLike;
  brokers: PortfolioBrokers;
  credentials: CredentialsStore;
  logger: Logger;
  snaptradeInvestmentSync: boolean;
  options: HoldingsSyncOptions;
  now: () => Date;
}

/** Accounts in the plan that were not stored before it. */
export function newAccountIds(stored: StoredAccount[], plan: SyncPlan): string[] {
  const known = new Set(stored.map((a) => a.id));
  return plan.accounts.map((a) => a.account.id).filter((id) => !known.has(id));
}

export const snaptradeSyncOffWarning: PortfolioWarning = {
  provider: "snaptrade",
  message:
    "SnapTrade holdings sync is turned off on this server; SnapTrade accounts show their last synced data.",
};

/**
 * What a caller read just before asking for a refresh: the linked providers, the stored accounts
 * and, when it read them too, the sealed trading credentials (the fetch then reads none).
 */
export interface KnownRows {
  linked: Provider[];
  stored: StoredAccount[];
  sealed?: SealedTradingCredentials;
}

/** What a refresh did: its warnings, and whether it ran a sync (so stored rows may have changed). */
export interface RefreshOutcome {
  warnings: PortfolioWarning[];
  synced: boolean;
}

/** Its last attempt failed and its connection is not disabled (a disabled one waits for its repair). */
const isRetrying = (account: StoredAccount) =>
  account.syncError !== null && account.connectionStatus !== "disabled";

/**
 * Keeps the stored accounts and positions fresh. Providers are fetched in parallel, each within
 * its timeout; each provider's result is applied in its own transaction. One sync per user runs
 * at a time in this process: concurrent callers share it instead of stampeding the brokers.
 */
export class HoldingsSync {
  private readonly inFlight = new Map<string, Promise<RefreshOutcome>>();
  /** Provider-level warnings of the last attempt per user and provider, kept for one TTL. */
  private readonly recent = new Map<string, { at: number; warnings: PortfolioWarning[] }>();
  /** One-account refreshes: a burst for one account (webhooks, a post-trade refresh) shares them. */
  private readonly accountRuns = new TrailingRuns<void>();

  constructor(private readonly deps: HoldingsSyncDeps) {}

  /**
   * Syncs the user's providers whose data is older than the TTL (all of them with `force`) and
   * returns the warnings that are not tied to a stored account. Account-level problems are
   * stored on the accounts (sync_error) and reported by the reader.
   */
  async refresh(userId: string, options: { force?: boolean } = {}): Promise<PortfolioWarning[]> {
    return (await this.refreshFrom(userId, undefined, options.force ?? false)).warnings;
  }

  /**
   * `refresh` deciding from rows the caller has just read (linked providers and accounts), so a
   * read that finds everything fresh costs no query of its own. Joining a sync already running
   * counts as synced.
   */
  refreshFrom(userId: string, known: KnownRows | undefined, force: boolean): Promise<RefreshOutcome> {
    const running = this.inFlight.get(userId);
    if (running) return running.then(({ warnings }) => ({ warnings, synced: true }));
    const run = this.run(userId, force, known).finally(() => this.inFlight.delete(userId));
    this.inFlight.set(userId, run);
    return run;
  }

  /**
   * Fetches and stores every account of one provider now (after linking). Returns the ids of
   * accounts stored for the first time, and the plan's warnings.
   */
  async syncProvider(
    userId: string,
    provider: Provider,
  ): Promise<{ newAccountIds: string[]; plan: SyncPlan }> {
    const stored = await loadAccounts(this.deps.pool, userId);
    const plan = await this.plan(userId, provider, stored, { kind: "all", relist: true });
    await withTransaction(this.deps.pool, (tx) => applyPlan(tx, plan, this.deps.now()));
    this.recent.set(`${userId}:${provider}`, { at: this.deps.now().getTime(), warnings: plan.warnings });
    return { newAccountIds: newAccountIds(stored, plan), plan };
  }

  /** Resolves once no sync of this process is running or waiting to run. */
  async idle(): Promise<void> {
    await Promise.allSettled([...this.inFlight.values(), this.accountRuns.idle()]);
  }

  /**
   * Re-reads one account from its broker and stores it. Shared by every caller asking before it
   * starts, each of whom gets a read begun after it asked, so a broker's burst of events about
   * one account costs one or two reads; `afterMs` lets it wait that long for the rest of a burst,
   * unless a caller that does not wait (a read) arrives. Rejects only when storing fails.
   */
  refreshAccount(
    userId: string,
    accountId: string,
    options: { afterMs?: number; known?: Omit<KnownRows, "linked"> } = {},
  ): Promise<void> {
    return this.accountRuns.run(
      `${userId}:${accountId}`,
      () => this.syncAccountNow(userId, accountId, options.known),
      options,
    );
  }

  /**
   * The refresh an event or an order asked for (already counted on the account, in the database):
   * it waits for the rest of the burst, and logs rather than rejects (no caller waits for it).
   */
  refreshSoon(userId: string, accountId: string): void {
    this.refreshAccount(userId, accountId, { afterMs: this.deps.options.eventBurstMs ?? 50 }).catch(
      (error: unknown) => {
        this.deps.logger.warn({ err: error, userId, accountId }, "an account refresh could not be stored");
      },
    );
  }

  /**
   * The requests the rows count are those the fetch covers: rows the caller read before asking
   * (older rows only cover less), or read here as the refresh starts.
   */
  private async syncAccountNow(
    userId: string,
    accountId: string,
    known?: Omit<KnownRows, "linked">,
  ): Promise<void> {
    const { stored, sealed } = known ?? (await loadAccountsWithCredentials(this.deps.pool, userId));
    const account = stored.find((a) => a.id === accountId);
    if (!account || this.syncOff(account.provider)) return;
    const plan = await this.plan(userId, account.provider, stored, { kind: "account", accountId }, sealed);
    await withTransaction(this.deps.pool, (tx) => applyPlan(tx, plan, this.deps.now()));
  }

  /**
   * The fetch half of a sync; it never throws for broker trouble, it records it in the plan.
   * `stored` must have been read before this call: a successful fetch covers the refreshes its
   * rows count. With `sealed` (read with them) the provider's credentials are not read again.
   */
  async plan(
    userId: string,
    provider: Provider,
    stored: StoredAccount[],
    scope: SyncScope,
    sealed?: SealedTradingCredentials,
  ): Promise<SyncPlan> {
    const mine = stored.filter((a) => a.provider === provider);
    const plan = await this.fetchPlan(userId, provider, mine, scope, sealed);
    return { ...plan, requestsSeen: Object.fromEntries(mine.map((a) => [a.id, a.refreshRequests])) };
  }

  private async fetchPlan(
    userId: string,
    provider: Provider,
    stored: StoredAccount[],
    scope: SyncScope,
    sealed: SealedTradingCredentials | undefined,
  ): Promise<SyncPlan> {
    const { brokers, credentials, pool } = this.deps;
    const input: FetchInput = {
      userId,
      stored,
      scope,
      timeoutMs: this.deps.options.providerTimeoutMs,
    };
    try {
      switch (provider) {
        case "snaptrade": {
          if (this.syncOff(provider)) return emptyPlan(userId, provider);
          if (!brokers.snaptrade) return notConfiguredPlan(input, provider);
          const creds = sealed
            ? credentials.openSnaptrade(userId, sealed.snaptrade)
            : await credentials.snaptrade(pool, userId);
          return creds ? await fetchSnaptrade(input, brokers.snaptrade, creds) : emptyPlan(userId, provider);
        }
        case "alpaca": {
          const creds = sealed
            ? credentials.openAlpaca(userId, sealed.alpaca)
            : await credentials.alpaca(pool, userId);
          if (!creds) return emptyPlan(userId, provider);
          return await fetchAlpaca(input, brokers.alpaca.session(creds));
        }
        case "plaid": {
          if (!brokers.plaid) return notConfiguredPlan(input, provider);
          const items = (await credentials.plaidItems(pool, userId)).map((item) => {
            let accessToken: string | Error;
            try {
              accessToken = credentials.openPlaidToken(userId, item.sealed);
            } catch (error) {
              accessToken = error as Error;
            }
            return { itemId: item.itemId, institution: item.institution, accessToken };
          });
          return await fetchPlaid(input, brokers.plaid, items);
        }
      }
    } catch (error) {
      // Credentials that cannot be read (lost key, tampered row) and anything unexpected.
      this.deps.logger.warn({ err: error, provider, userId }, "portfolio sync could not start");
      return failedPlan(input, provider, describeFailure(provider, error));
    }
  }

  /** Whether the operator switched this provider's holdings sync off (SnapTrade's can be). */
  private syncOff(provider: Provider): boolean {
    return provider === "snaptrade" && !this.deps.snaptradeInvestmentSync;
  }

  private ttlOf(provider: Provider): number {
    return this.deps.options.ttlMsByProvider?.[provider] ?? this.deps.options.ttlMs;
  }

  /**
   * Healthy data is due after the provider's own age limit; data whose last attempt failed is
   * retried after the short TTL (a disabled connection waits for its repair instead).
   */
  private isStale(userId: string, provider: Provider, stored: StoredAccount[], now: number): boolean {
    const retryMs = this.deps.options.ttlMs;
    const recent = this.recent.get(`${userId}:${provider}`);
    if (recent && now - recent.at < retryMs) return false;
    if (recent && recent.warnings.length > 0) return true;
    const mine = stored.filter((a) => a.provider === provider);
    if (mine.length === 0) return true;
    return mine.some((a) => {
      if (isRetrying(a)) return this.retryDue(a, now);
      const last = a.syncedAt ?? a.syncAttemptedAt;
      return last === null || now - Date.parse(last) >= this.ttlOf(provider);
    });
  }

  /** A retrying account (see `isRetrying`) is tried again once the short TTL has passed since its last attempt. */
  private retryDue(account: StoredAccount, now: number): boolean {
    const last = account.syncAttemptedAt ?? account.syncedAt;
    return last === null || now - Date.parse(last) >= this.deps.options.ttlMs;
  }

  private async run(userId: string, force: boolean, known: KnownRows | undefined): Promise<RefreshOutcome> {
    const { pool, credentials } = this.deps;
    const now = this.deps.now().getTime();
    const [linked, stored] = known
      ? [known.linked, known.stored]
      : await Promise.all([credentials.linkedProviders(pool, userId), loadAccounts(pool, userId)]);
    const due = linked.filter((p) => !this.syncOff(p) && (force || this.isStale(userId, p, stored, now)));
    // Accounts owed a refresh (an event or an order changed them) whose provider is not due as a
    // whole: read again now, sharing a refresh already asked for. One whose last attempt failed
    // waits for its retry like any failed account (its warning says how old its data is), a
    // disabled one for its repair.
    const owed = stored.filter(
      (a) =>
        a.refreshDue &&
        linked.includes(a.provider) &&
        !due.includes(a.provider) &&
        !this.syncOff(a.provider) &&
        (a.syncError === null || (isRetrying(a) && this.retryDue(a, now))),
    );
    await Promise.all([
      ...owed.map((a) =>
        this.refreshAccount(userId, a.id, { known: { stored, sealed: known?.sealed } }).catch(
          (error: unknown) => {
            this.deps.logger.error(
              { err: error, userId, accountId: a.id },
              "an account refresh could not be stored",
            );
          },
        ),
      ),
      ...due.map(async (provider) => {
        // The user's explicit refresh also re-lists accounts; a stale read refreshes the known ones.
        const plan = await this.plan(userId, provider, stored, { kind: "all", relist: force }, known?.sealed);
        const warnings = [...plan.warnings];
        try {
          await withTransaction(pool, (tx) => applyPlan(tx, plan, this.deps.now()));
        } catch (error) {
          this.deps.logger.error({ err: error, provider, userId }, "portfolio sync could not be stored");
          warnings.push({
            provider,
            message: "The latest data could not be stored; showing the last synced data.",
          });
        }
        this.recent.set(`${userId}:${provider}`, { at: now, warnings });
      }),
    ]);
    this.forgetOld(now);
    const warnings = linked.flatMap((p) => {
      if (this.syncOff(p)) return [snaptradeSyncOffWarning];
      return this.recent.get(`${userId}:${p}`)?.warnings ?? [];
    });
    return { warnings, synced: due.length > 0 || owed.length > 0 };
  }

  private forgetOld(now: number): void {
    for (const [key, entry] of this.recent) {
      const provider = key.slice(key.lastIndexOf(":") + 1) as Provider;
      if (now - entry.at >= this.ttlOf(provider)) this.recent.delete(key);
    }
  }
}
