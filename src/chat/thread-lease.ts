import { randomUUID } from "node:crypto";
import { type ProcessPresence, presenceAliveSql } from "../core/db/process-presence.js";
import type { PoolLike } from "../core/db/queryable.js";
import { ConflictError } from "../core/errors.js";
import type { HeldTurnWrites } from "./held-turn-writes.js";
import { type StoredMessageRow, storableJson } from "./stored-messages.js";

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

/** What a finished turn leaves on its thread: its new messages and the proposal the graph now waits on. */
export interface TurnRecord {
  messages: StoredMessageRow[];
  waitingOn: string | null;
  /** The checkpoint of the card it ended at, stored by the same statement as the record. */
  checkpoint?: HeldTurnWrites;
}

/** The lease a turn holds, as the turn sees it. */
export interface TurnLease {
  /**
   * The lease was taken over from a holder that never released it (a crash mid-turn): the
   * thread's row may not reflect its checkpoint.
   */
  readonly tookOver: boolean;
  /** What the turn did, written with the lease's release (one statement); the last record wins. */
  record(turn: TurnRecord): void;
}

/** A lease a turn took, and whether it was taken over from a holder that never released it. */
export interface AcquiredLease {
  holder: string;
  tookOver: boolean;
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
   * The release also writes what the turn recorded (its messages, what it waits on); a turn that
   * failed without recording leaves its thread marked unsettled, to be recovered from its checkpoint.
   */
  async run<T>(threadId: string, work: (lease: TurnLease) => Promise<T>): Promise<T> {
    const acquisition = this.acquisition("$1", 1);
    const got = await this.pool.query<{ holder: string; took_over: boolean }>(acquisition.sql, [
      threadId,
      ...acquisition.params,
    ]);
    return this.runHeld(threadId, acquisition.outcome(got.rows[0]), work);
  }

  /**
   * The lease's insert for the thread named by `threadRef` (a parameter or a column of `from`),
   * as part of a statement whose own parameters end at `$offset`: its parameters follow. It
   * returns `holder` and `took_over` of the row it wrote, which `outcome` reads. With `from` (a
   * CTE), the lease is taken only when that CTE has a row.
   */
  acquisition(threadRef: string, offset: number, from?: string) {
    const holder = randomUUID();
    const $ = (n: number) => `$${offset + n}`;
    const sql = `insert into thread_run_leases (thread_id, holder, owner, owner_presence, expires_at, heartbeat_at)
       select ${threadRef}::uuid, ${$(1)}::uuid, ${$(2)}::text, ${$(5)}::integer, now() + make_interval(secs => ${$(3)}), now()
       ${from ? `from ${from}` : ""}
       on conflict (thread_id) do update set holder = excluded.holder, owner = excluded.owner,
         owner_presence = excluded.owner_presence, expires_at = excluded.expires_at,
         heartbeat_at = excluded.heartbeat_at
         where thread_run_leases.expires_at < now()
           or (${$(4)} and thread_run_leases.owner <> excluded.owner)
           or (${$(5)}::integer is not null and thread_run_leases.owner_presence is not null
             and thread_run_leases.owner_presence <> ${$(5)}::integer
             and not ${presenceAliveSql("thread_run_leases.owner_presence")})
       returning holder, (xmax::text <> '0') as took_over`;
    return {
      sql,
      params: [
        holder,
        processOwner,
        this.ttlSeconds,
        this.options.singleProcess ?? false,
        this.options.presence?.key ?? null,
      ],
      /** The lease this holder got from the statement's returned row; null when a live turn holds it. */
      outcome(row: { holder?: unknown; took_over?: unknown } | undefined): AcquiredLease | null {
        return row?.holder === holder ? { holder, tookOver: row.took_over === true } : null;
      },
    };
  }

  /**
   * Runs `work` under a lease the caller's statement took (`acquisition`); ConflictError
   * `thread_busy` when it took none because a live turn holds the thread.
   */
  async runHeld<T>(
    threadId: string,
    acquired: AcquiredLease | null,
    work: (lease: TurnLease) => Promise<T>,
  ): Promise<T> {
    if (!acquired) {
      throw new ConflictError(
        "This conversation is still answering the previous message; try again in a moment.",
        "thread_busy",
      );
    }
    const { holder } = acquired;
    const heartbeat = setInterval(() => {
      this.renew(threadId, holder).catch(() => {
        // A missed beat is retried at the next one; the lease outlives several.
      });
    }, this.heartbeatMs);
    heartbeat.unref();
    let recorded: TurnRecord | null = null;
    const lease: TurnLease = {
      tookOver: acquired.tookOver,
      record: (turn) => {
        recorded = turn;
      },
    };
    let failed = true;
    try {
      const result = await work(lease);
      failed = false;
      return result;
    } finally {
      clearInterval(heartbeat);
      await this.release(threadId, holder, recorded, failed);
    }
  }

  private async release(threadId: string, holder: string, turn: TurnRecord | null, failed: boolean) {
    const free = "delete from thread_run_leases where thread_id = $1 and holder = $2";
    if (turn) {
      const writes = turn.checkpoint;
      try {
        const params: unknown[] = [threadId, holder, storableJson(turn.messages), turn.waitingOn];
        const parts = writes ? await writes.partsFrom(params.length + 1) : null;
        // Checkpoint writes that cannot share the statement are stored first, on their own.
        if (writes && !parts) await writes.persist();
        const also = (parts?.ctes ?? []).map(([name, sql]) => `, ${name} as (${sql})`).join("");
        await this.pool.query(
          `with appended as (
           insert into chat_messages (thread_id, message_id, role, content, tool_name, gist, message)
           ${appendedRowsSql("$1", "$3")}
         ), thread as (
           update chat_threads set waiting_on = $4, settled = true where id = $1
         )${also}
         ${free}`,
          [...params, ...(parts?.params ?? [])],
        );
        writes?.discard();
      } catch (error) {
        // A record that cannot be written must not keep the thread held: it is freed, unsettled,
        // with the card's checkpoint stored on its own when it can be (the recovery reads it).
        await writes?.persist().catch(() => {});
        await this.release(threadId, holder, null, true);
        throw error;
      }
    } else if (failed) {
      await this.pool.query(
        `with thread as (update chat_threads set settled = false where id = $1) ${free}`,
        [threadId, holder],
      );
    } else {
      await this.pool.query(free, [threadId, holder]);
    }
  }

  private async renew(threadId: string, holder: string): Promise<void> {
    await this.pool.query(
      `update thread_run_leases set expires_at = now() + make_interval(secs => $3), heartbeat_at = now()
       where thread_id = $1 and holder = $2`,
      [threadId, holder, this.ttlSeconds],
    );
  }
}

/**
 * The select of rows appended to `chat_messages` from a JSON array of StoredMessageRow (param
 * `rows`) for thread `thread`, in the array's order; a message already stored is left as it was.
 */
export function appendedRowsSql(thread: string, rows: string): string {
  return `select ${thread}::uuid, r.value->>'id', r.value->>'role',
       coalesce(r.value->>'content', r.value->'message'->'data'->>'content'), r.value->>'toolName',
       r.value->>'gist', r.value->'message'
     from jsonb_array_elements(${rows}::jsonb) with ordinality as r(value, ord)
     order by r.ord
     on conflict (thread_id, message_id) do nothing`;
}
