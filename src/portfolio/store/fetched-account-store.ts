import type { BrokerAccount, BrokerPosition } from "../../brokers/model.js";
import type { Queryable } from "../../core/db/queryable.js";
import { ConflictError } from "../../core/errors.js";

/** How a fetch of one account went, for its row's sync columns. */
interface AccountSync {
  now: Date;
  /** Set when its positions could not be fetched. */
  error: string | null;
  /** The refreshes requested before the fetch began, which a successful fetch covers. */
  covers: number | null;
}

const accountUpsert = `insert into user_investment_accounts (id, user_id, provider, provider_account_id, connection_id,
       institution, name, number_masked, can_trade, connection_status, is_paper, currency, cash, buying_power,
       total_value, synced_at, sync_attempted_at, sync_error, updated_at, data_as_of)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15,
       case when $17::text is null then $16::timestamptz end, $16, $17, $16, $18)
     on conflict (id) do update set connection_id = excluded.connection_id, institution = excluded.institution,
       name = excluded.name, number_masked = excluded.number_masked, can_trade = excluded.can_trade,
       connection_status = excluded.connection_status, is_paper = excluded.is_paper, currency = excluded.currency,
       cash = excluded.cash, buying_power = excluded.buying_power, total_value = excluded.total_value,
       synced_at = coalesce(excluded.synced_at, user_investment_accounts.synced_at),
       sync_attempted_at = excluded.sync_attempted_at, sync_error = excluded.sync_error,
       updated_at = excluded.updated_at, data_as_of = excluded.data_as_of,
       refresh_covered = case when excluded.sync_error is null and $19::bigint is not null
         then greatest(user_investment_accounts.refresh_covered, $19::bigint)
         else user_investment_accounts.refresh_covered end
     where user_investment_accounts.user_id = excluded.user_id`;

// Both halves of a replacement in one statement: they touch different rows (the symbols held now,
// and the others).
const positionsReplacement = `with sold_out as (
       delete from account_positions where user_id = $2 and account_id = $1 and not (symbol = any($3::text[]))
     )
     insert into account_positions (account_id, symbol, user_id, description, quantity, price, market_value,
       cost_basis, currency, updated_at)
     select $1, t.symbol, $2, t.description, t.quantity, t.price, t.market_value, t.cost_basis, t.currency, $10
     from unnest($3::text[], $4::text[], $5::numeric[], $6::numeric[], $7::numeric[], $8::numeric[], $9::text[])
       as t(symbol, description, quantity, price, market_value, cost_basis, currency)
     on conflict (account_id, symbol) do update set description = excluded.description,
       quantity = excluded.quantity, price = excluded.price, market_value = excluded.market_value,
       cost_basis = excluded.cost_basis, currency = excluded.currency, updated_at = excluded.updated_at`;

/**
 * Stores one fetched account, in the caller's transaction: its row (inserted or refreshed) and,
 * when its positions were fetched, exactly those positions (sold-out symbols go, the rest are
 * upserted). The row comes first: its lock makes concurrent syncs of one account apply one after
 * the other, and the positions statement, begun once the lock is held, sees what an earlier sync
 * committed (one statement for both would read the positions as they were before it waited, and
 * leave an earlier sync's new symbols behind). With `sync.error` set the balances are refreshed
 * but `synced_at` keeps the last success and no requested refresh is covered; without it, the
 * refreshes requested before the fetch began are. Refuses an id another user owns.
 */
export async function storeFetchedAccount(
  q: Queryable,
  userId: string,
  account: BrokerAccount,
  positions: BrokerPosition[] | null,
  sync: AccountSync,
): Promise<void> {
  const stored = await q.query(accountUpsert, [
    account.id,
    userId,
    account.provider,
    account.providerAccountId,
    account.connectionId,
    account.institution,
    account.name,
    account.numberMasked,
    account.canTrade,
    account.connectionStatus,
    account.isPaper,
    account.currency,
    account.cash,
    account.buyingPower,
    account.totalValue,
    sync.now,
    sync.error,
    account.dataAsOf,
    sync.covers,
  ]);
  if (stored.rowCount === 0) {
    throw new ConflictError("This account is already linked to another user.", "account_linked_elsewhere");
  }
  if (!positions) return;
  await q.query(positionsReplacement, [
    account.id,
    userId,
    positions.map((p) => p.symbol),
    positions.map((p) => p.description),
    positions.map((p) => p.quantity),
    positions.map((p) => p.price),
    positions.map((p) => p.marketValue),
    positions.map((p) => p.costBasis),
    positions.map((p) => p.currency),
    sync.now,
  ]);
}
