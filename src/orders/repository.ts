import type { PoolLike, Queryable } from "../core/db/queryable.js";
import { requestMemo } from "../core/request-scope.js";
import type { OrderStatus } from "./contract/index.js";
import {
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
} from "./order-sql.js";
import {
  type OrderRecord,
  openOrderStatuses,
  type ProposalRecord,
  type ProposalStatus,
  unsettledOrderStatuses,
} from "./records.js";
import { orderFromRow, proposalFromRow, type Row } from "./rows.js";

const memoKey = (userId: string, id: string) => `${userId}/${id}`;
// The two memos share keys (user/proposal id), so their names must differ; which names they are is not behaviour.
// Stryker disable next-line StringLiteral: any name other than the order memo's keeps the memos apart
const proposalMemo = () => requestMemo<ProposalRecord>("orders.proposals");
// Stryker disable next-line StringLiteral: any name other than the proposal memo's keeps the memos apart
const orderMemo = () => requestMemo<OrderRecord>("orders.ordersByProposal");

/** SQL for proposals and orders. Every read by id is scoped to the user. */
export class OrdersRepository {
  constructor(readonly pool: PoolLike) {}

  async insertProposal(tx: Queryable, p: ProposalRecord): Promise<void> {
    await tx.query(proposalInsertSql, proposalInsertParams(p));
  }

  /** The proposal as it is now in the database. */
  async getProposal(userId: string, id: string, tx: Queryable = this.pool): Promise<ProposalRecord | null> {
    const rows = await tx.query<Row>("select * from trade_proposals where id = $1 and user_id = $2", [
      id,
      userId,
    ]);
    return rows.rows[0] ? this.rememberProposal(proposalFromRow(rows.rows[0])) : null;
  }

  /**
   * The proposal as this request last read or wrote it, read once when it has not: for showing a
   * card and deciding what to try. Every write is guarded in SQL (the claim checks status, expiry
   * and hash), and a guard that fails is answered from a fresh read (`getProposal`).
   */
  async recentProposal(userId: string, id: string): Promise<ProposalRecord | null> {
    return proposalMemo()?.get(memoKey(userId, id)) ?? this.getProposal(userId, id);
  }

  /** Remembers a proposal row for the rest of the request (nothing outside a request). */
  rememberProposal(p: ProposalRecord): ProposalRecord {
    proposalMemo()?.set(memoKey(p.userId, p.id), p);
    return p;
  }

  /** The order a proposal placed as this request last read or wrote it, read once when it has not. */
  async recentOrderOfProposal(userId: string, proposalId: string): Promise<OrderRecord | null> {
    return orderMemo()?.get(memoKey(userId, proposalId)) ?? this.getOrderByProposal(userId, proposalId);
  }

  /** Remembers an order row for the rest of the request, by the proposal that placed it. */
  rememberOrder(o: OrderRecord): OrderRecord {
    orderMemo()?.set(memoKey(o.userId, o.confirmationId), o);
    return o;
  }

  /** Moves a proposal from `from` to `to`: the row as it now stands, or null when it was no longer in `from`. */
  async transitionProposal(
    tx: Queryable,
    userId: string,
    id: string,
    from: ProposalStatus,
    to: ProposalStatus,
    supersededBy: string | null = null,
  ): Promise<ProposalRecord | null> {
    const rows = await tx.query<Row>(
      `update trade_proposals set status = $4, superseded_by = coalesce($5, superseded_by),
         decided_at = coalesce(decided_at, now()), updated_at = now()
       where id = $1 and user_id = $2 and status = $3 returning *`,
      [id, userId, from, to, supersededBy],
    );
    if (!rows.rows[0]) {
      proposalMemo()?.delete(memoKey(userId, id));
      return null;
    }
    return this.rememberProposal(proposalFromRow(rows.rows[0]));
  }

  async expireIfDue(userId: string, id: string): Promise<void> {
    await this.pool.query(
      `update trade_proposals set status = 'expired', updated_at = now()
       where id = $1 and user_id = $2 and status = 'awaiting' and expires_at <= now()`,
      [id, userId],
    );
    proposalMemo()?.delete(memoKey(userId, id));
  }

  async pendingForThread(userId: string, threadId: string): Promise<ProposalRecord[]> {
    const rows = await this.pool.query<Row>(
      `select * from trade_proposals where user_id = $1 and thread_id = $2 and status = 'awaiting'
       order by created_at desc`,
      [userId, threadId],
    );
    return rows.rows.map((row) => this.rememberProposal(proposalFromRow(row)));
  }

  async insertOrder(tx: Queryable, o: OrderRecord): Promise<void> {
    await tx.query(orderInsertSql(""), orderInsertParams(o));
  }

  async getOrder(userId: string, id: string): Promise<OrderRecord | null> {
    const rows = await this.pool.query<Row>("select * from trade_orders where id = $1 and user_id = $2", [
      id,
      userId,
    ]);
    return rows.rows[0] ? orderFromRow(rows.rows[0]) : null;
  }

  async getOrderByProposal(
    userId: string,
    proposalId: string,
    tx: Queryable = this.pool,
  ): Promise<OrderRecord | null> {
    const rows = await tx.query<Row>("select * from trade_orders where proposal_id = $1 and user_id = $2", [
      proposalId,
      userId,
    ]);
    return rows.rows[0] ? this.rememberOrder(orderFromRow(rows.rows[0])) : null;
  }

  async listOrders(
    userId: string,
    options: { limit?: number; symbol?: string } = {},
  ): Promise<OrderRecord[]> {
    const rows = await this.pool.query<Row>(
      `select * from trade_orders where user_id = $1 and ($2::text is null or symbol = $2)
       order by created_at desc limit $3`,
      [userId, options.symbol ?? null, options.limit ?? 50],
    );
    return rows.rows.map(orderFromRow);
  }

  /** The user's most recent order in one of `statuses`, however many orders came after it. */
  async latestOrderIn(userId: string, statuses: readonly OrderStatus[]): Promise<OrderRecord | null> {
    const rows = await this.pool.query<Row>(
      `select * from trade_orders where user_id = $1 and status = any($2::text[])
       order by created_at desc limit 1`,
      [userId, statuses],
    );
    return rows.rows[0] ? orderFromRow(rows.rows[0]) : null;
  }

  async findByBrokerOrderId(provider: string, brokerOrderId: string): Promise<OrderRecord | null> {
    const rows = await this.pool.query<Row>(
      "select * from trade_orders where provider = $1 and broker_order_id = $2",
      [provider, brokerOrderId],
    );
    return rows.rows[0] ? orderFromRow(rows.rows[0]) : null;
  }

  /**
   * The cards of a thread awaiting a decision (newest first, expired or not) and today's usage, in
   * one statement: what a new card in that thread is checked against first.
   */
  async waitingCardsAndUsage(
    userId: string,
    threadId: string,
  ): Promise<{ waiting: ProposalRecord[]; usage: DailyUsage }> {
    const rows = await this.pool.query<Row>(
      `select (select json_agg(p order by p.created_at desc) from trade_proposals p
           where p.user_id = $1 and p.thread_id = $2 and p.status = 'awaiting') as waiting,
         usage.notional, usage.orders
       from (${dailyUsageSql("$1")}) usage`,
      [userId, threadId],
    );
    const row = rows.rows[0];
    const waiting = ((row?.waiting as Row[] | null) ?? []).map((p) =>
      this.rememberProposal(proposalFromRow(p)),
    );
    return { waiting, usage: dailyUsageOf(row) };
  }

  /** Today's (UTC day) orders that reached or may have reached a broker count towards the limits. */
  async dailyUsage(tx: Queryable, userId: string): Promise<DailyUsage> {
    const rows = await tx.query<Row>(`select notional, orders from (${dailyUsageSql("$1")}) usage`, [userId]);
    return dailyUsageOf(rows.rows[0]);
  }

  /** Marks the broker call as about to happen; null before means it was certainly never made. */
  async markSendAttempt(id: string, leaseSeconds: number): Promise<void> {
    await this.pool.query(sendAttemptSql, [id, leaseSeconds]);
  }

  async updateOrder(id: string, changes: OrderChanges, tx: Queryable = this.pool): Promise<OrderRecord> {
    const rows = await tx.query<Row>(`${orderUpdateSql("")} returning *`, orderUpdateParams(id, changes));
    return this.rememberOrder(orderFromRow(rows.rows[0]!));
  }

  /**
   * Orders whose fate the reconciler must settle or follow, lease expired. Open orders first,
   * least recently checked first; then unsettled ones newest send first (oldest-unknown last): a
   * broker order can only be evidence for orders sent before it, so the newest has the fewest
   * possible owners and is looked at before an older twin's wider window takes it in.
   */
  async ordersToReconcile(
    limit: number,
    minAgeSeconds: number,
    openPollSeconds: number,
  ): Promise<OrderRecord[]> {
    // Unsettled orders are looked at once quiet; open ones at most every `openPollSeconds` (the
    // brokers ask for no faster than about 15 s per account).
    const rows = await this.pool.query<Row>(
      `select * from trade_orders
       where (lease_until is null or lease_until < now())
         and updated_at < now() - make_interval(secs => $2)
         and (status = any($4::text[])
           or (status = any($5::text[])
             and coalesce(last_checked_at, created_at) < now() - make_interval(secs => $3)))
       order by case when status = any($4::text[]) then 1 else 0 end,
         case when status = any($4::text[]) then null else coalesce(last_checked_at, created_at) end,
         coalesce(send_attempted_at, created_at) desc
       limit $1`,
      [limit, minAgeSeconds, openPollSeconds, unsettledOrderStatuses, openOrderStatuses],
    );
    return rows.rows.map(orderFromRow);
  }

  /** Which of these broker orders of one account are already linked to one of our orders. */
  async linkedBrokerOrderIds(
    provider: string,
    accountId: string,
    brokerOrderIds: string[],
  ): Promise<Set<string>> {
    if (brokerOrderIds.length === 0) return new Set();
    const rows = await this.pool.query<{ broker_order_id: string }>(
      `select broker_order_id from trade_orders
       where provider = $1 and account_id = $2 and broker_order_id = any($3::text[])`,
      [provider, accountId, brokerOrderIds],
    );
    return new Set(rows.rows.map((r) => r.broker_order_id));
  }

  /**
   * Our other orders on the same account, symbol and side that were sent (or may have been) in
   * the window, and carry no broker order yet: each could be the sender of a broker order placed
   * in that window. Across users: an account id names one brokerage account.
   */
  async unlinkedTwinsSentBetween(
    order: Pick<OrderRecord, "id" | "provider" | "accountId" | "symbol" | "side">,
    from: Date,
    to: Date,
  ): Promise<OrderRecord[]> {
    const rows = await this.pool.query<Row>(
      `select * from trade_orders
       where provider = $1 and account_id = $2 and upper(symbol) = upper($3) and side = $4 and id <> $5
         and broker_order_id is null and send_attempted_at is not null
         and status in ('submitting', 'unknown', 'needs_review')
         and send_attempted_at between $6 and $7
       order by send_attempted_at`,
      [
        order.provider,
        order.accountId,
        order.symbol,
        order.side,
        order.id,
        from.toISOString(),
        to.toISOString(),
      ],
    );
    return rows.rows.map(orderFromRow);
  }

  /**
   * Links an unsettled order to a broker order, only while no other order holds it (the unique
   * index `trade_orders_broker_order_once` is the backstop against a concurrent link). Null when
   * the order was settled meanwhile or the broker order is taken.
   */
  async linkBrokerOrder(
    id: string,
    fields: Pick<OrderRecord, "status" | "statusDetail" | "filledQuantity" | "filledAvgPrice"> & {
      brokerOrderId: string;
    },
  ): Promise<OrderRecord | null> {
    const rows = await this.pool.query<Row>(
      `update trade_orders o set status = $2, status_detail = $3, broker_order_id = $4, filled_quantity = $5,
         filled_avg_price = $6, last_checked_at = now(), check_attempts = check_attempts + 1, updated_at = now()
       where o.id = $1 and o.broker_order_id is null
         and not exists (select 1 from trade_orders t where t.provider = o.provider and t.account_id = o.account_id
           and t.broker_order_id = $4 and t.id <> o.id)
       returning *`,
      [
        id,
        fields.status,
        fields.statusDetail,
        fields.brokerOrderId,
        fields.filledQuantity,
        fields.filledAvgPrice,
      ],
    );
    return rows.rows[0] ? orderFromRow(rows.rows[0]) : null;
  }
}
