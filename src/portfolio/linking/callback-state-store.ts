import type { Queryable } from "../../core/db/queryable.js";

/**
 * Marks a callback state used; false when it already was (a replay). Rows outlive the state's
 * own expiry by a day and are swept by later calls.
 */
export async function consumeCallbackState(q: Queryable, nonce: string, expiresAt: Date): Promise<boolean> {
  await q.query("delete from used_link_states where expires_at < now() - interval '1 day'");
  const inserted = await q.query(
    "insert into used_link_states (nonce, expires_at) values ($1, $2) on conflict (nonce) do nothing returning nonce",
    [nonce, expiresAt.toISOString()],
  );
  return inserted.rows.length > 0;
}
