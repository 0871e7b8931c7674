import { randomInt } from "node:crypto";
import type { PoolClientLike, PoolLike } from "./queryable.js";

/** The advisory-lock namespace (first key of the two-key form) that presence locks live in. */
export const PRESENCE_LOCK_NAMESPACE = 0x7e5e;

export interface ProcessPresenceOptions {
  /** After the presence connection is lost, how long to wait before claiming the key again. */
  reclaimDelayMs?: number;
}

/**
 * This process's presence in a shared PostgreSQL: a session advisory lock on a connection held for
 * the process's life. When the process dies (even by kill -9), Postgres ends its session and
 * releases the lock, so another process sees at once that whatever this one held (a thread's run
 * lease) is abandoned, instead of waiting for a lease to lapse.
 *
 * `key` is what rows record as their owner's presence; `isPresent(key)` is a `pg_locks` lookup.
 */
export class ProcessPresence {
  private client: PoolClientLike | null;
  private closed = false;

  private constructor(
    private readonly pool: PoolLike,
    readonly key: number,
    client: PoolClientLike,
    private readonly options: ProcessPresenceOptions,
  ) {
    this.client = client;
    this.watch(client);
  }

  /** Takes a fresh presence key: one no live process holds. */
  static async claim(pool: PoolLike, options: ProcessPresenceOptions = {}): Promise<ProcessPresence> {
    const client = await pool.connect();
    try {
      for (;;) {
        const key = randomInt(1, 2 ** 31 - 1);
        if (await tryLock(client, key)) return new ProcessPresence(pool, key, client, options);
      }
    } catch (error) {
      client.release(true);
      throw error;
    }
  }

  /** Releases the presence (the process is shutting down cleanly); it is released when this resolves. */
  async close(): Promise<void> {
    this.closed = true;
    const client = this.client;
    this.client = null;
    if (!client) return;
    // Destroying the connection ends the session and so the lock, but only once its backend has
    // exited, after the release returns: unlock first, so others see the key free at once.
    await client
      .query("select pg_advisory_unlock($1, $2)", [PRESENCE_LOCK_NAMESPACE, this.key])
      .catch(() => {});
    client.release(true);
  }

  private watch(client: PoolClientLike): void {
    // A checked-out pg client has no error listener; a dropped connection must not crash the
    // process. The lock died with the connection: claim the same key again on a new one.
    client.on?.("error", () => {
      if (this.client !== client) return;
      this.client = null;
      client.release(true);
      this.reclaimLater();
    });
  }

  private reclaimLater(): void {
    if (this.closed) return;
    const timer = setTimeout(() => {
      void this.reclaim();
    }, this.options.reclaimDelayMs ?? 1_000);
    timer.unref();
  }

  private async reclaim(): Promise<void> {
    if (this.closed || this.client) return;
    try {
      const client = await this.pool.connect();
      if (this.closed || !(await tryLock(client, this.key))) {
        // Our old session may not have ended yet (its lock goes when its backend exits): try again.
        client.release(true);
        this.reclaimLater();
        return;
      }
      this.client = client;
      this.watch(client);
    } catch {
      this.reclaimLater();
    }
  }
}

async function tryLock(client: PoolClientLike, key: number): Promise<boolean> {
  const got = await client.query<{ locked: boolean }>("select pg_try_advisory_lock($1, $2) as locked", [
    PRESENCE_LOCK_NAMESPACE,
    key,
  ]);
  return got.rows[0]?.locked === true;
}

/**
 * SQL that is true when the process whose presence key is `keyExpression` is alive: its presence
 * lock is held by some session. For use inside statements that decide whether to take over.
 */
export function presenceAliveSql(keyExpression: string): string {
  return `exists (select 1 from pg_locks l where l.locktype = 'advisory' and l.granted
    and l.classid = ${PRESENCE_LOCK_NAMESPACE} and l.objid = (${keyExpression})::oid and l.objsubid = 2)`;
}
