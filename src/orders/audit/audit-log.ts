import { randomUUID } from "node:crypto";
import { withTransaction } from "../../core/db/database.js";
import type { PoolLike, Queryable } from "../../core/db/queryable.js";
import {
  type AuditActor,
  type AuditEvent,
  type ChainVerdict,
  eventHash,
  genesisHash,
  verifyChain,
} from "./chain.js";

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

/** Serializes appends per user so two events never claim the same place in the chain. */
const chainLock = "select pg_advisory_xact_lock(hashtext('audit:' || $1::text))";

/** Append-only, hash-chained audit trail; the database refuses updates and deletes. */
export class AuditLog {
  constructor(private readonly pool: PoolLike) {}

  /** Appends inside the caller's transaction (so the event commits with the change it records). */
  async appendWith(tx: Queryable, entry: AuditEntry): Promise<AuditEvent> {
    await tx.query(chainLock, [entry.userId]);
    const last = await tx.query<{ seq: number; hash: string }>(
      "select seq, hash from audit_events where user_id = $1 order by seq desc limit 1",
      [entry.userId],
    );
    const body: Omit<AuditEvent, "hash"> = {
      id: randomUUID(),
      userId: entry.userId,
      seq: (last.rows[0] ? Number(last.rows[0].seq) : 0) + 1,
      at: new Date().toISOString(),
      actor: entry.actor,
      type: entry.type,
      threadId: entry.threadId ?? null,
      proposalId: entry.proposalId ?? null,
      orderId: entry.orderId ?? null,
      data: entry.data ?? {},
      prevHash: last.rows[0]?.hash ?? genesisHash,
    };
    const event: AuditEvent = { ...body, hash: eventHash(body) };
    await tx.query(
      `insert into audit_events (id, user_id, seq, at, actor, type, thread_id, proposal_id, order_id, data, prev_hash, hash)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
      [
        event.id,
        event.userId,
        event.seq,
        event.at,
        event.actor,
        event.type,
        event.threadId,
        event.proposalId,
        event.orderId,
        JSON.stringify(event.data),
        event.prevHash,
        event.hash,
      ],
    );
    return event;
  }

  append(entry: AuditEntry): Promise<AuditEvent> {
    return withTransaction(this.pool, (tx) => this.appendWith(tx, entry));
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
