import type { BrokerAccount, ConnectionStatus, Provider } from "../../brokers/model.js";
import type { Queryable } from "../../core/db/queryable.js";
import type { AccountPosition, DefaultAccountChoice, PortfolioMode } from "../service.js";
import { type SealedTradingCredentials, sealedTradingCredentialsColumns } from "./sealed-credentials.js";
import { defaultAccountChoiceOf, defaultAccountColumns } from "./trading-preferences-store.js";

/** An account row as stored, before feature flags shape what callers see. */
export interface StoredAccount extends BrokerAccount {
  syncedAt: string | null;
  syncAttemptedAt: string | null;
  syncError: string | null;
  /** Refreshes requested so far (events, our orders); a sync covers those it saw before asking. */
  refreshRequests: number;
  /** Requested refreshes no stored sync covers: the data is out of date whatever its age. */
  refreshDue: boolean;
}

export interface AccountRow {
  id: string;
  provider: Provider;
  provider_account_id: string;
  connection_id: string | null;
  institution: string;
  name: string;
  number_masked: string;
  can_trade: boolean;
  connection_status: ConnectionStatus;
  is_paper: boolean;
  currency: string;
  cash: number | null;
  buying_power: number | null;
  total_value: number | null;
  synced_at: Date | string | null;
  sync_attempted_at: Date | string | null;
  sync_error: string | null;
  data_as_of: Date | string | null;
  /** bigint: a string from node-postgres, a number from json_agg. */
  refresh_requests: number | string;
  refresh_covered: number | string;
}

const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());

export function toStoredAccount(row: AccountRow): StoredAccount {
  return {
    id: row.id,
    provider: row.provider,
    providerAccountId: row.provider_account_id,
    connectionId: row.connection_id,
    institution: row.institution,
    name: row.name,
    numberMasked: row.number_masked,
    canTrade: row.can_trade,
    connectionStatus: row.connection_status,
    isPaper: row.is_paper,
    currency: row.currency,
    cash: row.cash,
    buyingPower: row.buying_power,
    totalValue: row.total_value,
    syncedAt: iso(row.synced_at),
    syncAttemptedAt: iso(row.sync_attempted_at),
    syncError: row.sync_error,
    dataAsOf: iso(row.data_as_of),
    refreshRequests: Number(row.refresh_requests),
    refreshDue: Number(row.refresh_requests) > Number(row.refresh_covered),
  };
}

export const accountColumns = `id, provider, provider_account_id, connection_id, institution, name, number_masked,
  can_trade, connection_status, is_paper, currency, cash, buying_power, total_value, synced_at,
  sync_attempted_at, sync_error, data_as_of, refresh_requests, refresh_covered`;

export async function loadAccounts(q: Queryable, userId: string): Promise<StoredAccount[]> {
  const result = await q.query<AccountRow>(
    `select ${accountColumns} from user_investment_accounts where user_id = $1
     order by provider, institution, name, id`,
    [userId],
  );
  return result.rows.map(toStoredAccount);
}

/** The select-list column `accounts`: the user's (`user`, a parameter) account rows as a JSON array, in `loadAccounts`' order. */
const accountsJsonColumn = (user: string) =>
  `(select json_agg(a order by a.provider, a.institution, a.name, a.id)
     from (select ${accountColumns} from user_investment_accounts where user_id = ${user}) a) as accounts`;

/**
 * The user's stored accounts and sealed trading credentials in one statement: what a refresh reads
 * before it asks the broker (the session then reads no credentials of its own).
 */
export async function loadAccountsWithCredentials(
  q: Queryable,
  userId: string,
): Promise<{ stored: StoredAccount[]; sealed: SealedTradingCredentials }> {
  const result = await q.query<SealedTradingCredentials & { accounts: AccountRow[] | null }>(
    `select ${sealedTradingCredentialsColumns("$1")},
       ${accountsJsonColumn("$1")}`,
    [userId],
  );
  const row = result.rows[0]!;
  return {
    stored: (row.accounts ?? []).map(toStoredAccount),
    sealed: { snaptrade: row.snaptrade, alpaca: row.alpaca },
  };
}

/**
 * The statement that counts one more refresh owed to a stored account, the user and account ids
 * in the named parameters (another statement may embed it in a CTE).
 */
export const accountRefreshRequest = (userParam: string, accountParam: string) =>
  `update user_investment_accounts set refresh_requests = refresh_requests + 1
     where user_id = ${userParam} and id = ${accountParam}`;

/**
 * Counts one more refresh owed to a stored account (one of our orders changed it); false when the
 * user has no such account.
 */
export async function requestAccountRefresh(
  q: Queryable,
  userId: string,
  accountId: string,
): Promise<boolean> {
  const result = await q.query(accountRefreshRequest("$1", "$2"), [userId, accountId]);
  return (result.rowCount ?? 0) > 0;
}

export async function findAccount(
  q: Queryable,
  userId: string,
  accountId: string,
): Promise<StoredAccount | null> {
  const result = await q.query<AccountRow>(
    `select ${accountColumns} from user_investment_accounts where user_id = $1 and id = $2`,
    [userId, accountId],
  );
  return result.rows[0] ? toStoredAccount(result.rows[0]) : null;
}

interface PositionRow {
  account_id: string;
  symbol: string;
  description: string;
  quantity: number;
  price: number | null;
  market_value: number | null;
  cost_basis: number | null;
}

const positionColumns = "account_id, symbol, description, quantity, price, market_value, cost_basis";

const toPosition = (r: PositionRow): AccountPosition => ({
  accountId: r.account_id,
  symbol: r.symbol,
  description: r.description,
  quantity: Number(r.quantity),
  price: r.price === null ? null : Number(r.price),
  marketValue: r.market_value === null ? null : Number(r.market_value),
  costBasis: r.cost_basis === null ? null : Number(r.cost_basis),
});

export async function loadPositions(q: Queryable, userId: string): Promise<AccountPosition[]> {
  const result = await q.query<PositionRow>(
    `select ${positionColumns} from account_positions where user_id = $1 order by account_id, symbol`,
    [userId],
  );
  return result.rows.map(toPosition);
}

/** The providers a user has linked, their accounts and their positions, as read together. */
export interface PortfolioState {
  linked: Provider[];
  /** The trading credentials, still sealed: a trading session opened in the same request reads none. */
  sealed: SealedTradingCredentials;
  accounts: StoredAccount[];
  positions: AccountPosition[];
  /** The user's default trading account setting, read in the same statement (routing needs both). */
  defaultAccount: DefaultAccountChoice | null;
}

/**
 * Linked providers (with the sealed trading credentials), accounts, positions and the default account setting in one statement, so one snapshot of the database
 * (a sync committing meanwhile cannot pair old accounts with new positions) at one round trip.
 * The rows come back as JSON arrays in the order the separate reads give.
 */
export async function readPortfolio(q: Queryable, userId: string): Promise<PortfolioState> {
  const result = await q.query<
    SealedTradingCredentials & {
      plaid: boolean;
      accounts: AccountRow[] | null;
      positions: PositionRow[] | null;
      default_account: Record<string, unknown> | null;
    }
  >(
    `select ${sealedTradingCredentialsColumns("$1")},
       exists (select 1 from plaid_items where user_id = $1) as plaid,
       ${accountsJsonColumn("$1")},
       (select json_agg(p order by p.account_id, p.symbol)
          from (select ${positionColumns} from account_positions where user_id = $1) p) as positions,
       (select row_to_json(d) from (select ${defaultAccountColumns} from user_trading_preferences
          where user_id = $1) d) as default_account`,
    [userId],
  );
  const row = result.rows[0]!;
  const sealed = { snaptrade: row.snaptrade, alpaca: row.alpaca };
  return {
    linked: (["snaptrade", "alpaca", "plaid"] as const).filter((provider) =>
      provider === "plaid" ? row.plaid : sealed[provider] !== null,
    ),
    sealed,
    accounts: (row.accounts ?? []).map(toStoredAccount),
    positions: (row.positions ?? []).map(toPosition),
    defaultAccount: row.default_account ? defaultAccountChoiceOf(row.default_account) : null,
  };
}

/** Records a failed sync: the last good rows stay, flagged with why they are stale. */
export async function markAccountsFailed(
  q: Queryable,
  userId: string,
  accountIds: string[],
  failure: { message: string; status: ConnectionStatus | null },
  now: Date,
): Promise<void> {
  if (accountIds.length === 0) return;
  await q.query(
    `update user_investment_accounts set sync_error = $3, sync_attempted_at = $4,
       connection_status = coalesce($5, connection_status), updated_at = $4
     where user_id = $1 and id = any($2::text[])`,
    [userId, accountIds, failure.message, now, failure.status],
  );
}

export async function setConnectionAccountsStatus(
  q: Queryable,
  userId: string,
  connectionId: string,
  status: ConnectionStatus,
): Promise<void> {
  await q.query(
    `update user_investment_accounts set connection_status = $3, updated_at = now()
     where user_id = $1 and connection_id = $2`,
    [userId, connectionId, status],
  );
}

/** Removes accounts (their positions cascade). */
export async function deleteAccounts(q: Queryable, userId: string, accountIds: string[]): Promise<void> {
  if (accountIds.length === 0) return;
  await q.query("delete from user_investment_accounts where user_id = $1 and id = any($2::text[])", [
    userId,
    accountIds,
  ]);
}

export async function deleteAccountsOfProvider(
  q: Queryable,
  userId: string,
  provider: Provider,
): Promise<void> {
  await q.query("delete from user_investment_accounts where user_id = $1 and provider = $2", [
    userId,
    provider,
  ]);
}

export async function deleteAccountsOfConnection(
  q: Queryable,
  userId: string,
  connectionId: string,
): Promise<void> {
  await q.query("delete from user_investment_accounts where user_id = $1 and connection_id = $2", [
    userId,
    connectionId,
  ]);
}

/** Which providers have accounts, by the database's own rule (get_user_portfolio_mode, migration 0001). */
export async function loadPortfolioMode(
  q: Queryable,
  userId: string,
): Promise<{ mode: PortfolioMode["mode"]; hasAlpaca: boolean; hasSnaptrade: boolean; hasPlaid: boolean }> {
  const result = await q.query<{
    mode: PortfolioMode["mode"];
    has_alpaca: boolean;
    has_snaptrade: boolean;
    has_plaid: boolean;
  }>("select mode, has_alpaca, has_snaptrade, has_plaid from get_user_portfolio_mode($1)", [userId]);
  const row = result.rows[0];
  return {
    mode: row?.mode ?? "none",
    hasAlpaca: row?.has_alpaca ?? false,
    hasSnaptrade: row?.has_snaptrade ?? false,
    hasPlaid: row?.has_plaid ?? false,
  };
}
