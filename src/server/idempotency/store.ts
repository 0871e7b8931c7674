import type { PoolLike } from "../../core/db/queryable.js";

export interface StoredAnswer {
  status: number;
  contentType: string | null;
  body: string;
}

export type Claim =
  /** This request runs; its answer is stored under the key. */
  | { kind: "claimed" }
  | { kind: "replay"; answer: StoredAnswer }
  /** The same request is running elsewhere (another replica or tab). */
  | { kind: "in_progress" }
  /** The key was used for a different request. */
  | { kind: "mismatch" };

/** Idempotency keys in Postgres, so every replica sees the first answer. */
export class IdempotencyStore {
  private claimsSinceSweep = 0;

  constructor(
    private readonly pool: PoolLike,
    private readonly options: { lockSeconds: number; retentionHours: number },
  ) {}

  async claim(userId: string, key: string, fingerprint: string): Promise<Claim> {
    this.sweepNowAndThen();
    // New key, or a running row whose process died (its lock lapsed): this request runs.
    const claimed = await this.pool.query(
      `insert into idempotency_keys (user_id, key, fingerprint, state, locked_until)
       values ($1, $2, $3, 'running', now() + make_interval(secs => $4))
       on conflict (user_id, key) do update set locked_until = excluded.locked_until, created_at = now()
         where idempotency_keys.state = 'running' and idempotency_keys.locked_until < now()
           and idempotency_keys.fingerprint = excluded.fingerprint
       returning key`,
      [userId, key, fingerprint, this.options.lockSeconds],
    );
    if (claimed.rows.length === 1) return { kind: "claimed" };
    const rows = await this.pool.query<{
      fingerprint: string;
      state: string;
      response_status: number | null;
      response_type: string | null;
      response_body: string | null;
    }>(
      "select fingerprint, state, response_status, response_type, response_body from idempotency_keys where user_id = $1 and key = $2",
      [userId, key],
    );
    const row = rows.rows[0];
    if (!row) return this.claim(userId, key, fingerprint);
    if (row.fingerprint !== fingerprint) return { kind: "mismatch" };
    if (row.state !== "done") return { kind: "in_progress" };
    return {
      kind: "replay",
      answer: {
        status: Number(row.response_status),
        contentType: row.response_type,
        body: row.response_body ?? "",
      },
    };
  }

  async complete(userId: string, key: string, answer: StoredAnswer): Promise<void> {
    await this.pool.query(
      `update idempotency_keys set state = 'done', response_status = $3, response_type = $4, response_body = $5
       where user_id = $1 and key = $2`,
      [userId, key, answer.status, answer.contentType, answer.body],
    );
  }

  /** The request's answer is not final (a 5xx, a busy thread): a retry under the key runs again. */
  async release(userId: string, key: string): Promise<void> {
    await this.pool.query(
      "delete from idempotency_keys where user_id = $1 and key = $2 and state = 'running'",
      [userId, key],
    );
  }

  private sweepNowAndThen(): void {
    this.claimsSinceSweep += 1;
    if (this.claimsSinceSweep < 500) return;
    this.claimsSinceSweep = 0;
    void this.pool
      .query("delete from idempotency_keys where created_at < now() - make_interval(hours => $1)", [
        this.options.retentionHours,
      ])
      .catch(() => {});
  }
}
