import type { Queryable } from "../../core/db/queryable.js";

/** True once an event id was processed (a cheap check before any broker call). */
export async function isWebhookEventProcessed(q: Queryable, id: string): Promise<boolean> {
  const result = await q.query("select 1 from webhook_events where id = $1 and processed_at is not null", [
    id,
  ]);
  return result.rows.length > 0;
}

/**
 * Inserts the event's row; false when it already exists (another delivery won). Meant to run in
 * the transaction that applies the event, so a failure rolls the row back and a redelivery retries.
 */
export async function claimWebhookEvent(
  q: Queryable,
  event: { id: string; eventType: string; userId: string | null },
): Promise<boolean> {
  const result = await q.query<{ id: string }>(
    `insert into webhook_events (id, provider, event_type, user_id, processed_at)
     values ($1, 'snaptrade', $2, $3, now())
     on conflict (id) do nothing returning id`,
    [event.id, event.eventType, event.userId],
  );
  return result.rows.length > 0;
}
