import type { Queryable } from "../../core/db/queryable.js";

/** The user who linked a Plaid item, or null when it is not (or no longer) ours. */
export async function plaidItemOwner(q: Queryable, itemId: string): Promise<string | null> {
  const rows = await q.query<{ user_id: string }>("select user_id from plaid_items where item_id = $1", [
    itemId,
  ]);
  return rows.rows[0]?.user_id ?? null;
}

export async function markPlaidItemBroken(
  q: Queryable,
  userId: string,
  itemId: string,
  errorCode: string | null,
): Promise<void> {
  await q.query(
    "update plaid_items set status = 'broken', error_code = $3 where user_id = $1 and item_id = $2",
    [userId, itemId, errorCode],
  );
}

export async function setPlaidConsentExpiry(
  q: Queryable,
  userId: string,
  itemId: string,
  expiresAt: string | null,
): Promise<void> {
  await q.query("update plaid_items set consent_expires_at = $3 where user_id = $1 and item_id = $2", [
    userId,
    itemId,
    expiresAt,
  ]);
}

export async function isPlaidEventRecorded(q: Queryable, id: string): Promise<boolean> {
  return (await q.query("select 1 from webhook_events where id = $1", [id])).rows.length > 0;
}

/** The event's de-duplication row; false when a delivery of it was already recorded. */
export async function recordPlaidEvent(
  q: Queryable,
  event: { id: string; eventType: string },
  userId: string | null,
): Promise<boolean> {
  const inserted = await q.query(
    `insert into webhook_events (id, provider, event_type, user_id, processed_at) values ($1, 'plaid', $2, $3, now())
     on conflict (id) do nothing returning id`,
    [event.id, event.eventType, userId],
  );
  return inserted.rows.length > 0;
}
