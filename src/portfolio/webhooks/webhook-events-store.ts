import type { Queryable } from "../../core/db/queryable.js";
import {
  type AccountRow,
  accountColumns,
  accountRefreshRequest,
  type StoredAccount,
  toStoredAccount,
} from "../store/accounts-store.js";

/** What a SnapTrade delivery is about, as stored before it is processed. */
export interface SnaptradeDeliverySubject {
  /** The event id was processed already (a redelivery): nothing is read from the broker. */
  processed: boolean;
  /** Our user behind SnapTrade's user id; null when it names none of ours. */
  userId: string | null;
  /** That user's stored accounts (every provider), to tell which a refresh is about. */
  accounts: StoredAccount[];
}

/**
 * Whether the event was processed, whose it is and what that user has stored: one statement
 * before any broker call (a delivery's three reads, sent together).
 */
export async function snaptradeDeliverySubject(
  q: Queryable,
  webhookId: string,
  snaptradeUserId: string | null,
): Promise<SnaptradeDeliverySubject> {
  const result = await q.query<{ processed: boolean; user_id: string | null } & Nullable<AccountRow>>(
    `select exists (select 1 from webhook_events where id = $1 and processed_at is not null) as processed,
            u.user_id, a.*
       from (select 1) as one
       left join snaptrade_users u on u.snaptrade_user_id = $2
       left join lateral (
         select ${accountColumns} from user_investment_accounts where user_id = u.user_id
       ) a on true
      order by a.provider, a.institution, a.name, a.id`,
    [webhookId, snaptradeUserId],
  );
  // At least one row: the joins hang off a one-row select (the account columns are null when the
  // user has none).
  const first = result.rows[0]!;
  return {
    processed: first.processed,
    userId: first.user_id,
    accounts: result.rows
      .filter((row): row is typeof row & AccountRow => row.id !== null)
      .map(toStoredAccount),
  };
}

type Nullable<T> = { [K in keyof T]: T[K] | null };

/**
 * The insert that claims a SnapTrade event: its row, from `row` (a select of id, event type and
 * user id), unless a row with that id exists; returns the claimed row's `user_id`.
 */
const eventClaim = (row: string) =>
  `insert into webhook_events (id, provider, event_type, user_id, processed_at)
   select id, 'snaptrade', event_type, user_id, now() from (${row}) as event(id, event_type, user_id)
   on conflict (id) do nothing returning user_id`;

/**
 * Inserts the event's row; false when it already exists (another delivery won). Meant to run with
 * whatever else applies the event (in one transaction), so a failure rolls the row back and a
 * redelivery retries.
 */
export async function claimWebhookEvent(
  q: Queryable,
  event: { id: string; eventType: string; userId: string | null },
): Promise<boolean> {
  const result = await q.query(eventClaim("select $1::text, $2::text, $3::uuid"), [
    event.id,
    event.eventType,
    event.userId,
  ]);
  return result.rows.length === 1;
}

/** What one statement found and did about an event naming one account (see `claimAccountEvent`). */
export interface AccountEventClaim {
  /** Our user behind SnapTrade's user id; null when it names none of ours. */
  userId: string | null;
  /** That user has the named account stored. */
  accountStored: boolean;
  /** This statement inserted the event's row and counted the account's refresh. */
  claimed: boolean;
}

/**
 * An event about one account, whole in one statement when that account is stored: whose it is,
 * whether the account is stored, and only then the event's row inserted (the claim
 * `claimWebhookEvent` makes) and the refresh it owes the account counted. Stored but not
 * claimed: the row exists (a redelivery, or another delivery won). Nothing is written when the
 * user is not ours or the account is not stored: the caller takes the delivery's whole subject
 * then (it re-lists first).
 */
export async function claimAccountEvent(
  q: Queryable,
  event: { id: string; eventType: string },
  snaptradeUserId: string | null,
  accountId: string,
): Promise<AccountEventClaim> {
  const result = await q.query<{ user_id: string | null; account_stored: boolean; claimed: boolean }>(
    `with subject as (
       select u.user_id,
              exists (select 1 from user_investment_accounts a where a.user_id = u.user_id and a.id = $4)
                as account_stored
         from snaptrade_users u where u.snaptrade_user_id = $3
     ), claimed as (
       ${eventClaim("select $1::text, $2::text, subject.user_id from subject where subject.account_stored")}
     ), owed as (
       ${accountRefreshRequest("(select user_id from claimed)", "$4")}
     )
     select subject.user_id, coalesce(subject.account_stored, false) as account_stored,
            exists (select 1 from claimed) as claimed
       from (select 1) as one left join subject on true`,
    [event.id, event.eventType, snaptradeUserId, accountId],
  );
  const row = result.rows[0]!;
  return { userId: row.user_id, accountStored: row.account_stored, claimed: row.claimed };
}
