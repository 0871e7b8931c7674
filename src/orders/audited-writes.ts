import type { Queryable } from "../core/db/queryable.js";
import type { AuditEntry, AuditLog } from "./audit/audit-log.js";
import {
  claimSql,
  type DailyUsage,
  dailyUsageOf,
  dailyUsageSql,
  type OrderChanges,
  orderInsertParams,
  orderInsertSql,
  orderUpdateParams,
  orderUpdateSql,
  proposalInsertParams,
  proposalInsertSql,
  sendAttemptSql,
  shiftParams,
} from "./order-sql.js";
import type { OrderRecord, ProposalRecord } from "./records.js";
import type { OrdersRepository } from "./repository.js";
import { orderFromRow, proposalFromRow, type Row } from "./rows.js";

/** The figures of an order row that an audit event of the broker's answer records. */
export type AnsweredFields = Pick<
  OrderRecord,
  "status" | "brokerOrderId" | "filledQuantity" | "filledAvgPrice"
>;

/**
 * Writes to proposals and orders that carry their audit event in the same statement: one round
 * trip each, and the change and its event commit together or not at all.
 */
export class AuditedWrites {
  constructor(
    private readonly repo: OrdersRepository,
    private readonly audit: AuditLog,
  ) {}

  /** Stores a new proposal and the event of what the user will be shown. */
  async storeProposal(p: ProposalRecord, entry: AuditEntry): Promise<void> {
    const stored = await this.audit.appendAfter<Row>(
      this.repo.pool,
      {
        ctes: `stored as (${proposalInsertSql} returning *)`,
        params: proposalInsertParams(p),
        gate: "stored",
      },
      entry,
    );
    // Stryker disable next-line StringLiteral: unreachable text; an insert of values returns its row or raises, the guard narrows the type
    if (!stored) throw new Error("the proposal was not stored");
    this.repo.rememberProposal(proposalFromRow(stored.row));
  }

  /**
   * The approval's claim (`claimSql`) with, only when it succeeds, the order row and the decision's
   * event; and today's usage before this order, read in the same snapshot. Run it inside the
   * transaction that holds the user's decision lock, so a refusal on the usage rolls it all back.
   * Null when the claim matched nothing (decided, expired, another hash): then nothing was written.
   */
  async claim(
    tx: Queryable,
    proposal: ProposalRecord,
    order: OrderRecord | null,
    entry: AuditEntry,
  ): Promise<{ proposal: ProposalRecord; usage: DailyUsage } | null> {
    const params: unknown[] = [proposal.id, proposal.userId, proposal.hash];
    let ctes = `claimed as (${claimSql} returning *),
usage as (${dailyUsageSql("$2")})`;
    if (order) {
      ctes += `,\nplaced as (${shiftParams(orderInsertSql("from claimed"), params.length)} returning id)`;
      params.push(...orderInsertParams(order));
    }
    const claimed = await this.audit.appendAfter<Row>(
      tx,
      {
        ctes,
        params,
        gate: "claimed",
        columns: "(select notional from usage) as usage_notional, (select orders from usage) as usage_orders",
      },
      entry,
    );
    if (!claimed) return null;
    const { usage_notional, usage_orders, ...row } = claimed.row;
    return {
      proposal: this.repo.rememberProposal(proposalFromRow(row)),
      usage: dailyUsageOf({ notional: usage_notional, orders: usage_orders }),
    };
  }

  /** Marks the broker call as about to happen, with the event of what is sent. */
  async markSendAttempt(order: OrderRecord, leaseSeconds: number, entry: AuditEntry): Promise<void> {
    await this.audit.appendAfter(
      this.repo.pool,
      { ctes: `sent as (${sendAttemptSql} returning id)`, params: [order.id, leaseSeconds], gate: "sent" },
      entry,
    );
  }

  /**
   * Writes the broker's answer and its event in one statement, provided the row still holds the
   * figures `order` has (so the event's figures, worked out here, are the row's); with `settle`,
   * the approved proposal moves submitting → submitted in the same statement. Null when something
   * else changed the row meanwhile: then nothing was written, and the caller writes it in steps.
   */
  async recordAnswer(
    order: OrderRecord,
    changes: OrderChanges,
    entryFor: (answered: AnsweredFields) => AuditEntry,
    settle: boolean,
  ): Promise<{ order: OrderRecord; proposal: ProposalRecord | null } | null> {
    const answered: AnsweredFields = {
      status: changes.status ?? order.status,
      brokerOrderId: changes.brokerOrderId ?? order.brokerOrderId,
      filledQuantity: changes.filledQuantity ?? order.filledQuantity,
      filledAvgPrice: changes.filledAvgPrice ?? order.filledAvgPrice,
    };
    const guard = `and status = $9 and broker_order_id is not distinct from $10::text
      and filled_quantity = $11::numeric and filled_avg_price is not distinct from $12::numeric`;
    let ctes = `updated as (${orderUpdateSql(guard)} returning *)`;
    const params = [
      ...orderUpdateParams(order.id, changes),
      order.status,
      order.brokerOrderId,
      order.filledQuantity,
      order.filledAvgPrice,
    ];
    if (settle) {
      ctes += `,
settled as (update trade_proposals set status = 'submitted', decided_at = coalesce(decided_at, now()), updated_at = now()
  where id = $13 and user_id = $14 and status = 'submitting' and exists (select 1 from updated) returning *)`;
      params.push(order.confirmationId, order.userId);
    }
    const written = await this.audit.appendAfter<Row>(
      this.repo.pool,
      {
        ctes,
        params,
        gate: "updated",
        columns: settle ? "(select to_jsonb(settled) from settled) as settled_proposal" : undefined,
      },
      entryFor(answered),
    );
    if (!written) return null;
    const { settled_proposal, ...row } = written.row;
    return {
      order: this.repo.rememberOrder(orderFromRow(row)),
      proposal: settled_proposal
        ? this.repo.rememberProposal(proposalFromRow(settled_proposal as Row))
        : null,
    };
  }
}
