import type { BrokerAccount, Provider } from "../../brokers/model.js";
import type { BrokerSession } from "../../brokers/session.js";
import type {
  PlaidClient,
  SnaptradeClient,
  SnaptradeConnectionInfo,
  SnaptradeCredentials,
} from "../broker-clients.js";
import type { StoredAccount } from "../store/accounts-store.js";
import { describeFailure, providerName, reconnectHint, type SyncFailure, withTimeout } from "./failures.js";
import {
  emptyPlan,
  type FetchedAccount,
  failedAccount,
  fetchPositions,
  mergeLots,
  type SyncPlan,
} from "./sync-plan.js";

/**
 * Which of the provider's accounts to refresh: all of them, or one (webhook, after an order).
 * `relist` asks the provider for its list of accounts (and SnapTrade connections) too: after
 * linking, on connection events and on the user's explicit refresh. Otherwise the stored
 * accounts are refreshed one by one, all at once, in one round trip.
 */
export type SyncScope = { kind: "all"; relist?: boolean } | { kind: "account"; accountId: string };

export interface FetchInput {
  userId: string;
  /** The user's stored accounts of this provider (to mark stale or remove). */
  stored: StoredAccount[];
  scope: SyncScope;
  timeoutMs: number;
}

/** Records a failure on every stored account in scope, or as a warning when none is stored yet. */
export function failedPlan(
  input: FetchInput,
  provider: Provider,
  failure: SyncFailure,
  accountIds?: string[],
): SyncPlan {
  const plan = emptyPlan(input.userId, provider);
  const ids = accountIds ?? inScope(input).map((a) => a.id);
  if (ids.length > 0) plan.failed.push({ accountIds: ids, failure });
  else plan.warnings.push({ provider, message: failure.message });
  return plan;
}

function inScope(input: FetchInput): StoredAccount[] {
  const { scope } = input;
  return scope.kind === "all" ? input.stored : input.stored.filter((a) => a.id === scope.accountId);
}

/** The stored accounts can be refreshed without asking the provider to list them. */
function canRefreshStored(input: FetchInput, session: BrokerSession): boolean {
  const { scope } = input;
  if (!session.refreshAccount || (scope.kind === "all" && scope.relist)) return false;
  const stored = inScope(input);
  // A broken link is re-checked through the listing, which says whether it works again.
  return stored.length > 0 && stored.every((a) => a.connectionStatus !== "broken");
}

/** Every stored account in scope refreshed at once (balances and positions in parallel). */
async function refreshStored(
  input: FetchInput,
  session: BrokerSession,
  plan: SyncPlan,
  prepared: (account: BrokerAccount) => FetchedAccount | null = () => null,
): Promise<SyncPlan> {
  plan.accounts = await Promise.all(
    inScope(input).map(async (stored): Promise<FetchedAccount> => {
      const account = brokerAccountOf(stored);
      const ready = prepared(account);
      if (ready) return ready;
      try {
        const fresh = await withTimeout(session.refreshAccount!(account), input.timeoutMs, account.provider);
        return { account: fresh.account, positions: mergeLots(fresh.positions), failure: null };
      } catch (error) {
        return failedAccount(account, error);
      }
    }),
  );
  return plan;
}

/** The broker's view of a stored account, without the sync bookkeeping. */
function brokerAccountOf(stored: StoredAccount): BrokerAccount {
  const { syncedAt: _synced, syncAttemptedAt: _attempted, syncError: _error, ...account } = stored;
  return account;
}

/** The listed accounts in scope, positions fetched, and the stored ones the provider dropped. */
async function fetchListed(
  input: FetchInput,
  session: BrokerSession,
  listed: BrokerAccount[],
  plan: SyncPlan,
  prepared: (account: BrokerAccount) => FetchedAccount | null = () => null,
): Promise<SyncPlan> {
  const { scope } = input;
  const wanted = scope.kind === "all" ? listed : listed.filter((a) => a.id === scope.accountId);
  const listedIds = new Set(listed.map((a) => a.id));
  plan.removeAccountIds = inScope(input)
    .filter((a) => !listedIds.has(a.id))
    .map((a) => a.id);
  const ready = wanted.map((a) => prepared(a));
  const toFetch = wanted.filter((_, i) => ready[i] === null);
  const fetched = await fetchPositions(session, toFetch, input.timeoutMs);
  plan.accounts = [...ready.filter((r): r is FetchedAccount => r !== null), ...fetched];
  return plan;
}

/**
 * SnapTrade: connections first (their type and disabled flag decide whether an account can
 * trade), then accounts, then positions of every account whose connection is not disabled
 * (SnapTrade answers 402 for those anyway; their last rows stay, marked with a reconnect hint).
 */
export async function fetchSnaptrade(
  input: FetchInput,
  client: SnaptradeClient,
  credentials: SnaptradeCredentials,
): Promise<SyncPlan> {
  const plan = emptyPlan(input.userId, "snaptrade");
  let connections: SnaptradeConnectionInfo[] | undefined;
  let listed: BrokerAccount[];
  const session = client.session(credentials);
  if (canRefreshStored(input, session)) return refreshStored(input, session, plan, disabledNow);
  try {
    [connections, listed] = await Promise.all([
      input.scope.kind === "all"
        ? withTimeout(client.listConnections(credentials), input.timeoutMs, "snaptrade")
        : Promise.resolve(undefined),
      withTimeout(session.listAccounts(), input.timeoutMs, "snaptrade"),
    ]);
  } catch (error) {
    return failedPlan(input, "snaptrade", describeFailure("snaptrade", error));
  }
  if (connections) plan.connections = connections;
  const byId = new Map((connections ?? []).map((c) => [c.id, c]));
  const shaped = listed.map((account) => {
    const connection = account.connectionId ? byId.get(account.connectionId) : undefined;
    if (!connection) return account;
    const status = connection.disabled ? "disabled" : account.connectionStatus;
    return {
      ...account,
      connectionStatus: status,
      canTrade: account.canTrade && connection.type === "trade" && status === "active",
    };
  });
  return fetchListed(input, session, shaped, plan, disabledNow);
}

/** A disabled SnapTrade connection answers 402: its accounts keep their rows and a reconnect hint. */
function disabledNow(account: BrokerAccount): FetchedAccount | null {
  return account.connectionStatus === "disabled"
    ? {
        account,
        positions: null,
        failure: { status: "disabled", message: reconnectHint(account.connectionId) },
      }
    : null;
}

export async function fetchAlpaca(input: FetchInput, session: BrokerSession): Promise<SyncPlan> {
  const plan = emptyPlan(input.userId, "alpaca");
  if (canRefreshStored(input, session)) return refreshStored(input, session, plan);
  try {
    const listed = await withTimeout(session.listAccounts(), input.timeoutMs, "alpaca");
    return await fetchListed(input, session, listed, plan);
  } catch (error) {
    return failedPlan(input, "alpaca", describeFailure("alpaca", error));
  }
}

/** Plaid, item by item: one item failing (login required, timeout) leaves the others fresh. */
export async function fetchPlaid(
  input: FetchInput,
  client: PlaidClient,
  items: Array<{ itemId: string; institution: string; accessToken: string | Error }>,
): Promise<SyncPlan> {
  const plans = await Promise.all(
    items.map(async (item): Promise<SyncPlan> => {
      const itemInput = { ...input, stored: input.stored.filter((a) => a.connectionId === item.itemId) };
      const failItem = (error: unknown) => {
        const failure = describeFailure("plaid", error);
        const plan = failedPlan(itemInput, "plaid", failure);
        for (const w of plan.warnings) w.message = `${item.institution}: ${w.message}`;
        return plan;
      };
      if (item.accessToken instanceof Error) return failItem(item.accessToken);
      const session = client.session(item.accessToken);
      try {
        const listed = await withTimeout(session.listAccounts(), input.timeoutMs, "plaid");
        return await fetchListed(itemInput, session, listed, emptyPlan(input.userId, "plaid"));
      } catch (error) {
        return failItem(error);
      }
    }),
  );
  const merged = emptyPlan(input.userId, "plaid");
  for (const plan of plans) {
    merged.accounts.push(...plan.accounts);
    merged.failed.push(...plan.failed);
    merged.removeAccountIds.push(...plan.removeAccountIds);
    merged.warnings.push(...plan.warnings);
  }
  return merged;
}

export function notConfiguredPlan(input: FetchInput, provider: Provider): SyncPlan {
  return failedPlan(input, provider, {
    status: null,
    message: `${providerName(provider)} is not configured on this server; showing the last synced data.`,
  });
}
