import { randomUUID } from "node:crypto";
import type { PoolLike, Queryable } from "../../core/db/queryable.js";
import { canonicalJson } from "../canonical-json.js";
import { type AuditActor, type AuditEvent, type ChainVerdict, genesisHash, verifyChain } from "./chain.js";

export interface AuditEntry {
  userId: string;
  actor: AuditActor;
  type: string;
  threadId?: string | null;
  proposalId?: string | null;
  orderId?: string | null;
  data?: Record<string, unknown>;
}

interface AuditRow {
  id: string;
  user_id: string;
  seq: number;
  at: Date;
  actor: AuditActor;
  type: string;
  thread_id: string | null;
  proposal_id: string | null;
  order_id: string | null;
  data: Record<string, unknown>;
  prev_hash: string;
  hash: string;
}

const fromRow = (row: AuditRow): AuditEvent => ({
  id: row.id,
  userId: row.user_id,
  seq: Number(row.seq),
  at: new Date(row.at).toISOString(),
  actor: row.actor,
  type: row.type,
  threadId: row.thread_id,
  proposalId: row.proposal_id,
  orderId: row.order_id,
  data: row.data,
  prevHash: row.prev_hash,
  hash: row.hash,
});

/**
 * The append as two CTEs, `audit_head` and `audit_event`, over the 12 parameters from `$first` on.
 * The upsert on the user's chain head takes the head's row lock (so concurrent appends queue, on
 * any replica) and computes the next link from the latest committed head; the event row is
 * inserted from what it returns. The hash is `eventHash` computed by Postgres: the canonical body
 * is rendered here with the sequence number left as a gap, and the database fills the gap with the
 * number it assigns. With a gate (a CTE of the same statement), the event is written only when
 * that CTE produced a row: a change and the event recording it commit together or not at all.
 */
function appendCtes(first: number, gate: string | null): string {
  const p = (k: number) => `$${first + k - 1}`;
  return `audit_head as (
  insert into audit_chain_heads as h (user_id, seq, prev_hash, hash)
  select ${p(2)}::uuid, 1, ${p(10)}::text,
    encode(sha256(convert_to(${p(10)}::text || chr(10) || ${p(11)}::text || '1' || ${p(12)}::text, 'UTF8')), 'hex')
  ${gate ? `where exists (select 1 from ${gate})` : ""}
  on conflict (user_id) do update set
    seq = h.seq + 1,
    prev_hash = h.hash,
    hash = encode(sha256(convert_to(h.hash || chr(10) || ${p(11)}::text || (h.seq + 1)::text || ${p(12)}::text, 'UTF8')), 'hex')
  returning seq, prev_hash, hash
),
audit_event as (
  insert into audit_events (id, user_id, seq, at, actor, type, thread_id, proposal_id, order_id, data, prev_hash, hash)
  select ${p(1)}::uuid, ${p(2)}::uuid, audit_head.seq, ${p(3)}::timestamptz, ${p(4)}::text, ${p(5)}::text,
    ${p(6)}::text, ${p(7)}::uuid, ${p(8)}::uuid, ${p(9)}::jsonb, audit_head.prev_hash, audit_head.hash
  from audit_head
  returning seq, prev_hash, hash
)`;
}

const appendSql = `with ${appendCtes(1, null)} select seq, prev_hash, hash from audit_event`;

/**
 * A change to record in the same statement as its audit event: data-modifying CTEs (`name as
 * (...)`, comma-separated, over `params` as $1..$n), and the CTE whose row is the answer. No row
 * there means nothing changed, and then no event is written either.
 */
export interface AuditedChange {
  ctes: string;
  params: unknown[];
  gate: string;
  /** More columns of the answer, e.g. a scalar subquery over a CTE read in the same snapshot. */
  columns?: string;
}

/** The canonical body split around its `seq` value, which the database assigns. */
function bodyAroundSeq(body: Omit<AuditEvent, "hash" | "prevHash" | "seq">): [string, string] {
  const gap = `"${randomUUID()}"`;
  const parts = canonicalJson({ ...body, seq: gap.slice(1, -1) }).split(gap);
  // Stryker disable next-line StringLiteral: unreachable, a fresh UUID occurs in the body only where it was put
  if (parts.length !== 2) throw new Error("the audit body could not be split around its sequence number");
  return [parts[0]!, parts[1]!];
}

/** The event's body and the 12 parameters of `appendCtes`. */
function eventParams(entry: AuditEntry) {
  const body = {
    id: randomUUID(),
    userId: entry.userId,
    at: new Date().toISOString(),
    actor: entry.actor,
    type: entry.type,
    threadId: entry.threadId ?? null,
    proposalId: entry.proposalId ?? null,
    orderId: entry.orderId ?? null,
    data: entry.data ?? {},
  };
  const [before, after] = bodyAroundSeq(body);
  const params = [
    body.id,
    body.userId,
    body.at,
    body.actor,
    body.type,
    body.threadId,
    body.proposalId,
    body.orderId,
    JSON.stringify(body.data),
    genesisHash,
    before,
    after,
  ];
  return { body, params };
}

/** Append-only, hash-chained audit trail; the database refuses updates and deletes. */
export class AuditLog {
  constructor(private readonly pool: PoolLike) {}

  /** Appends inside the caller's transaction (so the event commits with the change it records). */
  async appendWith(tx: Queryable, entry: AuditEntry): Promise<AuditEvent> {
    const { body, params } = eventParams(entry);
    const rows = await tx.query<{ seq: number; prev_hash: string; hash: string }>(appendSql, params);
    const row = rows.rows[0]!;
    return { ...body, seq: Number(row.seq), prevHash: row.prev_hash, hash: row.hash };
  }

  /**
   * Makes a change and appends the event recording it in one statement (one round trip, atomic
   * without a transaction of its own): the change's row and the event, or null when the change
   * touched nothing (and no event was written).
   */
  async appendAfter<R>(
    q: Queryable,
    change: AuditedChange,
    entry: AuditEntry,
  ): Promise<{ row: R; event: AuditEvent } | null> {
    const { body, params } = eventParams(entry);
    const sql = `with ${change.ctes},
${appendCtes(change.params.length + 1, change.gate)}
select ${change.gate}.*, audit_event.seq as audit_seq, audit_event.prev_hash as audit_prev_hash,
  audit_event.hash as audit_hash${change.columns ? `, ${change.columns}` : ""}
from ${change.gate} left join audit_event on true`;
    const rows = await q.query<R & { audit_seq: number; audit_prev_hash: string; audit_hash: string }>(sql, [
      ...change.params,
      ...params,
    ]);
    const row = rows.rows[0];
    if (!row) return null;
    const { audit_seq, audit_prev_hash, audit_hash, ...rest } = row;
    return {
      row: rest as unknown as R,
      event: { ...body, seq: Number(audit_seq), prevHash: audit_prev_hash, hash: audit_hash },
    };
  }

  /** One statement, so it needs no transaction of its own. */
  append(entry: AuditEntry): Promise<AuditEvent> {
    return this.appendWith(this.pool, entry);
  }

  async list(userId: string, filter: { proposalId?: string; orderId?: string } = {}): Promise<AuditEvent[]> {
    const rows = await this.pool.query<AuditRow>(
      `select * from audit_events where user_id = $1
         and ($2::uuid is null or proposal_id = $2) and ($3::uuid is null or order_id = $3)
       order by seq`,
      [userId, filter.proposalId ?? null, filter.orderId ?? null],
    );
    return rows.rows.map(fromRow);
  }

  async verify(userId: string): Promise<ChainVerdict> {
    return verifyChain(await this.list(userId));
  }

  /** Every user with events, for a full verification pass. */
  async users(): Promise<string[]> {
    const rows = await this.pool.query<{ user_id: string }>("select distinct user_id from audit_events");
    return rows.rows.map((r) => r.user_id);
  }
}
