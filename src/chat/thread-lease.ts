import { randomUUID } from "node:crypto";
import { type ProcessPresence, presenceAliveSql } from "../core/db/process-presence.js";
import type { PoolLike } from "../core/db/queryable.js";
import { ConflictError, NotFoundError } from "../core/errors.js";

export interface ThreadLeaseOptions {
  /**
   * The database is used by this process alone (PGlite): a lease another process left behind
   * is certainly dead and is taken over at once.
   */
  singleProcess?: boolean;
  /**
   * This process's presence on a shared PostgreSQL: a lease whose holder's presence is gone is
   * taken over at once (the holder died), without waiting for the lease to lapse.
   */
  presence?: ProcessPresence;
  /** A lease not renewed for this long is free. Default 15 s. */
  ttlSeconds?: number;
  /** How often a running turn renews its lease. Default every 5 s. */
  heartbeatSeconds?: number;
}

/** This process, as named in the leases it holds. */
const processOwner = randomUUID();

/**
 * One turn at a time per thread, on any replica: a lease row naming its holder (one turn) and
 * owner (this process), renewed by a heartbeat while the turn runs. A holder that dies stops
 * renewing, so its lease lapses within `ttlSeconds`; on a single-process store a restarted
 * process takes it over at once.
 */
export class ThreadLeases {
  private readonly ttlSeconds: number;
  private readonly heartbeatMs: number;

  constructor(
    private readonly pool: PoolLike,
    private readonly options: ThreadLeaseOptions = {},
  ) {
    this.ttlSeconds = options.ttlSeconds ?? 15;
    this.heartbeatMs = (options.heartbeatSeconds ?? 5) * 1000;
  }

  /**
   * Runs `work` holding the thread's lease; ConflictError `thread_busy` when a live turn holds it.
   * With `ownerId`, the same statement checks the thread is that user's (NotFoundError if not).
   */
  async run<T>(threadId: string, work: () => Promise<T>, ownerId?: string): Promise<T> {
    const { owned, holder } = await this.acquire(threadId, ownerId ?? null);
    if (!owned) throw new NotFoundError("Thread");
    if (!holder) {
      throw new ConflictError(
        "This conversation is still answering the previous message; try again in a moment.",
        "thread_busy",
      );
    }
    const heartbeat = setInterval(() => {
      this.renew(threadId, holder).catch(() => {
        // A missed beat is retried at the next one; the lease outlives several.
      });
    }, this.heartbeatMs);
    heartbeat.unref();
    try {
      return await work();
    } finally {
      clearInterval(heartbeat);
      await this.pool.query("delete from thread_run_leases where thread_id = $1 and holder = $2", [
        threadId,
        holder,
      ]);
    }
  }

  private async acquire(
    threadId: string,
    ownerId: string | null,
  ): Promise<{ owned: boolean; holder: string | null }> {
    const holder = randomUUID();
    // With an owner to check, the lease is taken only on that user's thread (one statement).
    const got = await this.pool.query<{ owned: boolean; holder: string | null }>(
      `with owned as (
         select $7::uuid is null
           or exists (select 1 from chat_threads where id = $1::uuid and user_id = $7::uuid) as ok
       ),
       got as (
         insert into thread_run_leases (thread_id, holder, owner, owner_presence, expires_at, heartbeat_at)
         select $1::uuid, $2::uuid, $3::text, $6::integer, now() + make_interval(secs => $4::double precision), now()
         where (select ok from owned)
         on conflict (thread_id) do update set holder = excluded.holder, owner = excluded.owner,
           owner_presence = excluded.owner_presence, expires_at = excluded.expires_at,
           heartbeat_at = excluded.heartbeat_at
           where thread_run_leases.expires_at < now()
             or ($5::boolean and thread_run_leases.owner <> excluded.owner)
             or ($6::integer is not null and thread_run_leases.owner_presence is not null
               and thread_run_leases.owner_presence <> $6::integer
               and not ${presenceAliveSql("thread_run_leases.owner_presence")})
         returning holder
       )
       select (select ok from owned) as owned, (select holder from got) as holder`,
      [
        threadId,
        holder,
        processOwner,
        this.ttlSeconds,
        this.options.singleProcess ?? false,
        this.options.presence?.key ?? null,
        ownerId,
      ],
    );
    const row = got.rows[0];
    return { owned: row?.owned === true, holder: row?.holder === holder ? holder : null };
  }

  private async renew(threadId: string, holder: string): Promise<void> {
    await this.pool.query(
      `update thread_run_leases set expires_at = now() + make_interval(secs => $3), heartbeat_at = now()
       where thread_id = $1 and holder = $2`,
      [threadId, holder, this.ttlSeconds],
    );
  }
}
