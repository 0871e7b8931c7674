import { randomUUID } from "node:crypto";
import type { PoolLike } from "../core/db/queryable.js";
import { NotFoundError } from "../core/errors.js";
import { type ThreadLeaseOptions, ThreadLeases } from "./thread-lease.js";

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
  private readonly leases: ThreadLeases;

  constructor(
    private readonly pool: PoolLike,
    leaseOptions: ThreadLeaseOptions = {},
  ) {
    this.leases = new ThreadLeases(pool, leaseOptions);
  }

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

  /**
   * `owned` and a touch in one statement, for a new message: the thread when the user owns it
   * (now touched, its title set from the message if it had none), and whether a card of the
   * thread is awaiting a decision (a proposal row, unexpired or not); NotFoundError otherwise.
   */
  async ownedAndTouched(
    userId: string,
    threadId: string,
    title: string,
  ): Promise<ThreadRecord & { hasAwaitingCard: boolean }> {
    if (!uuidPattern.test(threadId)) throw new NotFoundError("Thread");
    const rows = await this.pool.query<Record<string, unknown>>(
      `update chat_threads set updated_at = now(), title = case when title = '' then $3 else title end
       where id = $1 and user_id = $2
       returning *, exists (select 1 from trade_proposals p where p.user_id = $2 and p.thread_id = $1::text
         and p.status = 'awaiting') as has_awaiting_card`,
      [threadId, userId, threadTitle(title)],
    );
    if (!rows.rows[0]) throw new NotFoundError("Thread");
    return { ...toThread(rows.rows[0]), hasAwaitingCard: rows.rows[0].has_awaiting_card === true };
  }

  async list(userId: string, limit = 50): Promise<ThreadRecord[]> {
    const rows = await this.pool.query<Record<string, unknown>>(
      "select * from chat_threads where user_id = $1 order by updated_at desc limit $2",
      [userId, limit],
    );
    return rows.rows.map(toThread);
  }

  /** Runs `work` holding the thread's lease: one turn at a time per thread, on any replica. */
  withLease<T>(threadId: string, work: () => Promise<T>): Promise<T> {
    return this.leases.run(threadId, work);
  }

  /** `owned` and `withLease` in one statement: NotFoundError unless the user owns the thread. */
  withOwnedLease<T>(userId: string, threadId: string, work: () => Promise<T>): Promise<T> {
    if (!uuidPattern.test(threadId)) return Promise.reject(new NotFoundError("Thread"));
    return this.leases.run(threadId, work, userId);
  }
}

/**
 * A title from the start of a message: Postgres text cannot hold a NUL byte, and control
 * characters have no place in a title, so both go; whitespace runs become one space.
 */
function threadTitle(text: string): string {
  let kept = "";
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code === 0x09 || code === 0x0a || code === 0x0d) kept += " ";
    else if (code >= 0x20 && code !== 0x7f) kept += ch;
  }
  return kept.replace(/\s+/g, " ").trim();
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
