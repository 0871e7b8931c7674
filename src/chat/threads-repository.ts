import { randomUUID } from "node:crypto";
import type { PoolLike } from "../core/db/queryable.js";
import { ConflictError, NotFoundError } from "../core/errors.js";

export interface ThreadRecord {
  id: string;
  userId: string;
  title: string;
  createdAt: string;
  updatedAt: string;
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Thread ownership and the one-turn-at-a-time lease. Every read is scoped to the user. */
export class ThreadsRepository {
  constructor(private readonly pool: PoolLike) {}

  async create(userId: string): Promise<ThreadRecord> {
    const id = randomUUID();
    const rows = await this.pool.query<Record<string, unknown>>(
      "insert into chat_threads (id, user_id) values ($1, $2) returning *",
      [id, userId],
    );
    return toThread(rows.rows[0]!);
  }

  /** The thread when the user owns it; NotFoundError otherwise (another user's thread looks absent). */
  async owned(userId: string, threadId: string): Promise<ThreadRecord> {
    if (!uuidPattern.test(threadId)) throw new NotFoundError("Thread");
    const rows = await this.pool.query<Record<string, unknown>>(
      "select * from chat_threads where id = $1 and user_id = $2",
      [threadId, userId],
    );
    if (!rows.rows[0]) throw new NotFoundError("Thread");
    return toThread(rows.rows[0]);
  }

  async list(userId: string, limit = 50): Promise<ThreadRecord[]> {
    const rows = await this.pool.query<Record<string, unknown>>(
      "select * from chat_threads where user_id = $1 order by updated_at desc limit $2",
      [userId, limit],
    );
    return rows.rows.map(toThread);
  }

  async touch(threadId: string, title?: string): Promise<void> {
    await this.pool.query(
      "update chat_threads set updated_at = now(), title = case when title = '' and $2::text is not null then $2 else title end where id = $1",
      [threadId, title ?? null],
    );
  }

  /**
   * Runs `work` holding the thread's lease: one turn at a time per thread, on any replica.
   * A crashed holder's lease lapses after `leaseSeconds`.
   */
  async withLease<T>(threadId: string, work: () => Promise<T>, leaseSeconds = 120): Promise<T> {
    const holder = randomUUID();
    const got = await this.pool.query<{ holder: string }>(
      `insert into thread_run_leases (thread_id, holder, expires_at) values ($1, $2, now() + make_interval(secs => $3))
       on conflict (thread_id) do update set holder = excluded.holder, expires_at = excluded.expires_at
         where thread_run_leases.expires_at < now()
       returning holder`,
      [threadId, holder, leaseSeconds],
    );
    if (got.rows[0]?.holder !== holder) {
      throw new ConflictError(
        "This conversation is still answering the previous message; try again in a moment.",
        "thread_busy",
      );
    }
    try {
      return await work();
    } finally {
      await this.pool.query("delete from thread_run_leases where thread_id = $1 and holder = $2", [
        threadId,
        holder,
      ]);
    }
  }
}

function toThread(row: Record<string, unknown>): ThreadRecord {
  return {
    id: row.id as string,
    userId: row.user_id as string,
    title: row.title as string,
    createdAt: new Date(row.created_at as string).toISOString(),
    updatedAt: new Date(row.updated_at as string).toISOString(),
  };
}
