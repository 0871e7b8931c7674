import type { PoolLike, Queryable } from "../core/db/queryable.js";
import type { AccountCard, Estimate, Order, OrderStatus, RoutingCard } from "./contract/index.js";
import type { OrderRecord, ProposalRecord, ProposalStatus } from "./records.js";
import { readCancelSpec, readOrderSpec, readRequest, storeRequest } from "./stored-spec.js";

type Row = Record<string, unknown>;
const iso = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string).toISOString());
const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

function proposalFromRow(row: Row): ProposalRecord {
  const routing = row.routing as Omit<RoutingCard, "rule"> & {
    rule?: RoutingCard["rule"];
    account: AccountCard;
    basis?: string | null;
  };
  const base = {
    id: row.id as string,
    userId: row.user_id as string,
    threadId: (row.thread_id as string | null) ?? null,
    status: row.status as ProposalStatus,
    account: routing.account,
    storedSpec: row.order_spec,
    estimate: row.estimate as Estimate,
    routing: { reason: routing.reason, rule: routing.rule ?? null, alternatives: routing.alternatives },
    basis: routing.basis ?? null,
    warnings: row.warnings as string[],
    cardText: row.card_text as string,
    hash: row.hash as string,
    expiresAt: iso(row.expires_at)!,
    brokerPreview: (row.broker_preview as ProposalRecord["brokerPreview"]) ?? null,
    supersededBy: (row.superseded_by as string | null) ?? null,
    createdAt: iso(row.created_at)!,
  };
  return row.kind === "cancel"
    ? { ...base, kind: "cancel", spec: readCancelSpec(row.order_spec), request: null }
    : { ...base, kind: "order", spec: readOrderSpec(row.order_spec), request: readRequest(row.intent) };
}

function orderFromRow(row: Row): OrderRecord {
  return {
    id: row.id as string,
    confirmationId: row.proposal_id as string,
    userId: row.user_id as string,
    threadId: (row.thread_id as string | null) ?? null,
    accountId: row.account_id as string,
    provider: row.provider as Order["provider"],
    symbol: row.symbol as string,
    side: row.side as Order["side"],
    quantity: num(row.quantity),
    notional: num(row.notional),
    orderType: row.order_type as Order["orderType"],
    limitPrice: num(row.limit_price),
    stopPrice: num(row.stop_price),
    timeInForce: row.time_in_force as Order["timeInForce"],
    status: row.status as OrderStatus,
    statusDetail: (row.status_detail as string | null) ?? null,
    brokerOrderId: (row.broker_order_id as string | null) ?? null,
    clientOrderId: row.client_order_id as string,
    filledQuantity: Number(row.filled_quantity ?? 0),
    filledAvgPrice: num(row.filled_avg_price),
    createdAt: iso(row.created_at)!,
    updatedAt: iso(row.updated_at)!,
    riskNotional: Number(row.risk_notional ?? 0),
    sendAttemptedAt: iso(row.send_attempted_at),
    leaseUntil: iso(row.lease_until),
    checkAttempts: Number(row.check_attempts ?? 0),
  };
}

/** The public `Order` shape, without the engine's bookkeeping. */
export function publicOrder(record: OrderRecord): Order {
  const {
    userId: _u,
    riskNotional: _r,
    sendAttemptedAt: _s,
    leaseUntil: _l,
    checkAttempts: _c,
    ...order
  } = record;
  return order;
}

/** SQL for proposals and orders. Every read by id is scoped to the user. */
export class OrdersRepository {
  constructor(readonly pool: PoolLike) {}

  async insertProposal(tx: Queryable, p: ProposalRecord): Promise<void> {
    await tx.query(
      `insert into trade_proposals (id, user_id, thread_id, kind, status, account_id, provider, order_spec, intent,
         estimate, routing, warnings, card_text, hash, expires_at, broker_preview, created_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)`,
      [
        p.id,
        p.userId,
        p.threadId,
        p.kind,
        p.status,
        p.account.id,
        p.account.provider,
        JSON.stringify(p.storedSpec),
        p.request ? JSON.stringify(storeRequest(p.request)) : null,
        JSON.stringify(p.estimate),
        JSON.stringify({ ...p.routing, account: p.account, basis: p.basis }),
        JSON.stringify(p.warnings),
        p.cardText,
        p.hash,
        p.expiresAt,
        p.brokerPreview ? JSON.stringify(p.brokerPreview) : null,
        p.createdAt,
      ],
    );
  }

  async getProposal(userId: string, id: string, tx: Queryable = this.pool): Promise<ProposalRecord | null> {
    const rows = await tx.query<Row>("select * from trade_proposals where id = $1 and user_id = $2", [
      id,
      userId,
    ]);
    return rows.rows[0] ? proposalFromRow(rows.rows[0]) : null;
  }

  /**
   * The single-flight claim: only one caller, on any replica, moves an awaiting, unexpired
   * proposal with this hash to `submitting`.
   */
  async claimProposal(
    tx: Queryable,
    userId: string,
    id: string,
    hash: string,
  ): Promise<ProposalRecord | null> {
    const rows = await tx.query<Row>(
      `update trade_proposals set status = 'submitting', decided_at = now(), updated_at = now()
       where id = $1 and user_id = $2 and status = 'awaiting' and expires_at > now() and hash = $3
       returning *`,
      [id, userId, hash],
    );
    return rows.rows[0] ? proposalFromRow(rows.rows[0]) : null;
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
    return rows.rows[0] ? proposalFromRow(rows.rows[0]) : null;
  }

  async expireIfDue(userId: string, id: string): Promise<void> {
    await this.pool.query(
      `update trade_proposals set status = 'expired', updated_at = now()
       where id = $1 and user_id = $2 and status = 'awaiting' and expires_at <= now()`,
      [id, userId],
    );
  }

  async pendingForThread(userId: string, threadId: string): Promise<ProposalRecord[]> {
    const rows = await this.pool.query<Row>(
      `select * from trade_proposals where user_id = $1 and thread_id = $2 and status = 'awaiting'
       order by created_at desc`,
      [userId, threadId],
    );
    return rows.rows.map(proposalFromRow);
  }

  async insertOrder(tx: Queryable, o: OrderRecord): Promise<void> {
    await tx.query(
      `insert into trade_orders (id, user_id, proposal_id, thread_id, account_id, provider, symbol, side, quantity,
         notional, order_type, limit_price, stop_price, time_in_force, status, client_order_id, risk_notional, lease_until)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)`,
      [
        o.id,
        o.userId,
        o.confirmationId,
        o.threadId,
        o.accountId,
        o.provider,
        o.symbol,
        o.side,
        o.quantity,
        o.notional,
        o.orderType,
        o.limitPrice,
        o.stopPrice,
        o.timeInForce,
        o.status,
        o.clientOrderId,
        o.riskNotional,
        o.leaseUntil,
      ],
    );
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
    return rows.rows[0] ? orderFromRow(rows.rows[0]) : null;
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

  async findByBrokerOrderId(provider: string, brokerOrderId: string): Promise<OrderRecord | null> {
    const rows = await this.pool.query<Row>(
      "select * from trade_orders where provider = $1 and broker_order_id = $2",
      [provider, brokerOrderId],
    );
    return rows.rows[0] ? orderFromRow(rows.rows[0]) : null;
  }

  /** Today's (UTC day) orders that reached or may have reached a broker count towards the limits. */
  async dailyUsage(tx: Queryable, userId: string): Promise<{ notional: number; orders: number }> {
    const rows = await tx.query<{ notional: number; orders: number }>(
      `select coalesce(sum(risk_notional), 0) as notional, count(*)::int as orders from trade_orders
       where user_id = $1 and created_at >= date_trunc('day', now() at time zone 'utc') at time zone 'utc'
         and status <> 'rejected'`,
      [userId],
    );
    return { notional: Number(rows.rows[0]?.notional ?? 0), orders: Number(rows.rows[0]?.orders ?? 0) };
  }

  /** Marks the broker call as about to happen; null before means it was certainly never made. */
  async markSendAttempt(id: string, leaseSeconds: number): Promise<void> {
    await this.pool.query(
      `update trade_orders set send_attempted_at = now(), lease_until = now() + make_interval(secs => $2),
         updated_at = now() where id = $1`,
      [id, leaseSeconds],
    );
  }

  async updateOrder(
    id: string,
    changes: Partial<
      Pick<OrderRecord, "status" | "statusDetail" | "brokerOrderId" | "filledQuantity" | "filledAvgPrice">
    > & { releaseLease?: boolean; checked?: boolean },
    tx: Queryable = this.pool,
  ): Promise<OrderRecord> {
    const rows = await tx.query<Row>(
      `update trade_orders set
         status = coalesce($2, status),
         status_detail = case when $2::text is null then status_detail else $3 end,
         broker_order_id = coalesce($4, broker_order_id),
         filled_quantity = coalesce($5, filled_quantity),
         filled_avg_price = coalesce($6, filled_avg_price),
         lease_until = case when $7 then null else lease_until end,
         last_checked_at = case when $8 then now() else last_checked_at end,
         check_attempts = check_attempts + case when $8 then 1 else 0 end,
         updated_at = now()
       where id = $1 returning *`,
      [
        id,
        changes.status ?? null,
        changes.statusDetail ?? null,
        changes.brokerOrderId ?? null,
        changes.filledQuantity ?? null,
        changes.filledAvgPrice ?? null,
        changes.releaseLease ?? false,
        changes.checked ?? false,
      ],
    );
    return orderFromRow(rows.rows[0]!);
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
         and (status in ('submitting', 'unknown')
           or (status in ('accepted', 'partially_filled')
             and coalesce(last_checked_at, created_at) < now() - make_interval(secs => $3)))
       order by case when status in ('submitting', 'unknown') then 1 else 0 end,
         case when status in ('submitting', 'unknown') then null else coalesce(last_checked_at, created_at) end,
         coalesce(send_attempted_at, created_at) desc
       limit $1`,
      [limit, minAgeSeconds, openPollSeconds],
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
