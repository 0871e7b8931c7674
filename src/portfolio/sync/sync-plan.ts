import type { BrokerAccount, BrokerPosition, Provider } from "../../brokers/model.js";
import type { BrokerSession } from "../../brokers/session.js";
import type { Queryable } from "../../core/db/queryable.js";
import type { SnaptradeConnectionInfo } from "../broker-clients.js";
import type { PortfolioWarning } from "../service.js";
import { deleteAccounts, markAccountsFailed } from "../store/accounts-store.js";
import { pruneConnections, upsertConnection } from "../store/connections-store.js";
import { storeFetchedAccount } from "../store/fetched-account-store.js";
import { describeFailure, type SyncFailure, withTimeout } from "./failures.js";

/**
 * A sync in two halves: fetching (network, no database) builds a plan; applying it (database
 * only) happens in one transaction, so readers see each account either before or after, and a
 * webhook can apply its plan in the same transaction as its de-duplication row.
 */
export interface FetchedAccount {
  account: BrokerAccount;
  /** Null: positions could not be fetched, the stored rows stay. */
  positions: BrokerPosition[] | null;
  failure: SyncFailure | null;
}

export interface SyncPlan {
  userId: string;
  provider: Provider;
  /** SnapTrade connections as listed now; connections missing from the list are removed. */
  connections?: SnaptradeConnectionInfo[];
  accounts: FetchedAccount[];
  /** Stored accounts the provider could not be asked about at all. */
  failed: Array<{ accountIds: string[]; failure: SyncFailure }>;
  /** Stored accounts of this provider (within the scope) that the provider no longer lists. */
  removeAccountIds: string[];
  /** Problems not tied to a stored account (nothing linked yet, provider off). */
  warnings: PortfolioWarning[];
  /**
   * Per stored account, the refreshes requested when the fetch began (read before the broker was
   * asked): what a successful fetch of it covers.
   */
  requestsSeen?: Record<string, number>;
}

export function emptyPlan(userId: string, provider: Provider): SyncPlan {
  return { userId, provider, accounts: [], failed: [], removeAccountIds: [], warnings: [] };
}

/** Brokers may report one symbol in several lots; the table holds one row per account and symbol. */
export function mergeLots(positions: BrokerPosition[]): BrokerPosition[] {
  const bySymbol = new Map<string, BrokerPosition>();
  const add = (a: number | null, b: number | null) => (a === null || b === null ? null : a + b);
  for (const p of positions) {
    const seen = bySymbol.get(p.symbol);
    if (!seen) {
      bySymbol.set(p.symbol, { ...p });
      continue;
    }
    seen.quantity += p.quantity;
    seen.marketValue = add(seen.marketValue, p.marketValue);
    seen.costBasis = add(seen.costBasis, p.costBasis);
  }
  return [...bySymbol.values()].filter((p) => p.quantity !== 0);
}

/** Positions of each account, fetched in parallel; one account's failure does not touch the others. */
export async function fetchPositions(
  session: BrokerSession,
  accounts: BrokerAccount[],
  timeoutMs: number,
): Promise<FetchedAccount[]> {
  return Promise.all(
    accounts.map(async (account): Promise<FetchedAccount> => {
      try {
        const positions = await withTimeout(session.listPositions(account.id), timeoutMs, account.provider);
        return { account, positions: mergeLots(positions), failure: null };
      } catch (error) {
        return failedAccount(account, error);
      }
    }),
  );
}

/** An account whose positions could not be read: its stored rows stay, the failure is noted. */
export function failedAccount(account: BrokerAccount, error: unknown): FetchedAccount {
  const failure = describeFailure(account.provider, error, account.connectionId);
  const status = failure.status ?? account.connectionStatus;
  return {
    account: { ...account, connectionStatus: status, canTrade: account.canTrade && status === "active" },
    positions: null,
    failure,
  };
}

export async function applyPlan(q: Queryable, plan: SyncPlan, now: Date): Promise<void> {
  if (plan.connections) {
    for (const connection of plan.connections) await upsertConnection(q, plan.userId, connection);
    await pruneConnections(
      q,
      plan.userId,
      plan.connections.map((c) => c.id),
    );
  }
  await deleteAccounts(q, plan.userId, plan.removeAccountIds);
  for (const fetched of plan.accounts) {
    await storeFetchedAccount(q, plan.userId, fetched.account, fetched.positions, {
      now,
      error: fetched.failure?.message ?? null,
      covers: plan.requestsSeen?.[fetched.account.id] ?? null,
    });
  }
  for (const { accountIds, failure } of plan.failed) {
    await markAccountsFailed(q, plan.userId, accountIds, failure, now);
  }
}
