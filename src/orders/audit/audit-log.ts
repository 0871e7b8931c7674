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
 * Appends one event in one statement. The upsert on the user's chain head takes the head's row
 * lock (so concurrent appends queue, on any replica) and computes the next link from the latest
 * committed head; the event row is inserted from what it returns. The hash is `eventHash` computed
 * by Postgres: the canonical body is rendered here with the sequence number left as a gap, and
 * the database fills the gap with the number it assigns.
 */
const appendSql = `
with head as (
  insert into audit_chain_heads as h (user_id, seq, prev_hash, hash)
  values ($2, 1, $10::text,
    encode(sha256(convert_to($10::text || chr(10) || $11::text || '1' || $12::text, 'UTF8')), 'hex'))
  on conflict (user_id) do update set
    seq = h.seq + 1,
    prev_hash = h.hash,
    hash = encode(sha256(convert_to(h.hash || chr(10) || $11::text || (h.seq + 1)::text || $12::text, 'UTF8')), 'hex')
  returning seq, prev_hash, hash
)
insert into audit_events (id, user_id, seq, at, actor, type, thread_id, proposal_id, order_id, data, prev_hash, hash)
select $1, $2, head.seq, $3, $4, $5, $6, $7, $8, $9, head.prev_hash, head.hash from head
returning seq, prev_hash, hash`;

/** The canonical body split around its `seq` value, which the database assigns. */
function bodyAroundSeq(body: Omit<AuditEvent, "hash" | "prevHash" | "seq">): [string, string] {
  const gap = `"${randomUUID()}"`;
  const parts = canonicalJson({ ...body, seq: gap.slice(1, -1) }).split(gap);
  // Stryker disable next-line StringLiteral: unreachable, a fresh UUID occurs in the body only where it was put
  if (parts.length !== 2) throw new Error("the audit body could not be split around its sequence number");
  return [parts[0]!, parts[1]!];
}

/** Append-only, hash-chained audit trail; the database refuses updates and deletes. */
export class AuditLog {
  constructor(private readonly pool: PoolLike) {}

  /** Appends inside the caller's transaction (so the event commits with the change it records). */
  async appendWith(tx: Queryable, entry: AuditEntry): Promise<AuditEvent> {
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
    const rows = await tx.query<{ seq: number; prev_hash: string; hash: string }>(appendSql, [
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
    ]);
    const row = rows.rows[0]!;
    return { ...body, seq: Number(row.seq), prevHash: row.prev_hash, hash: row.hash };
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
