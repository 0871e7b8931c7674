import type { OrderRecord, ProposalRecord } from "./records.js";
import type { Row } from "./rows.js";
import { storeRequest } from "./stored-spec.js";

/**
 * Statements on proposals and orders that run alone (the repository) and as parts of a larger
 * statement (an audited write, a combined read). Parameters are numbered from $1; `shiftParams`
 * renumbers a statement placed after others.
 */

export function shiftParams(sql: string, offset: number): string {
  return sql.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + offset}`);
}

export const proposalInsertSql = `insert into trade_proposals (id, user_id, thread_id, kind, status, account_id,
    provider, order_spec, intent, estimate, routing, warnings, card_text, hash, expires_at, broker_preview, created_at)
  values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)`;

export function proposalInsertParams(p: ProposalRecord): unknown[] {
  return [
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
  ];
}

/** Inserts an order; `source` (e.g. "from claimed") makes the insert depend on another CTE's row. */
export function orderInsertSql(source: string): string {
  return `insert into trade_orders (id, user_id, proposal_id, thread_id, account_id, provider, symbol, side,
    quantity, notional, order_type, limit_price, stop_price, time_in_force, status, client_order_id, risk_notional,
    lease_until)
  select $1::uuid, $2::uuid, $3::uuid, $4::text, $5::text, $6::text, $7::text, $8::text, $9::numeric, $10::numeric,
    $11::text, $12::numeric, $13::numeric, $14::text, $15::text, $16::text, $17::numeric, $18::timestamptz
  ${source}`;
}

export function orderInsertParams(o: OrderRecord): unknown[] {
  return [
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
  ];
}

export interface DailyUsage {
  notional: number;
  orders: number;
}

/**
 * Today's (UTC day) orders of the user named by `userParam` that reached or may have reached a
 * broker: what counts towards the daily limits. One row, `notional` and `orders`.
 */
export function dailyUsageSql(userParam: string): string {
  return `select coalesce(sum(risk_notional), 0) as notional, count(*)::int as orders from trade_orders
    where user_id = ${userParam} and created_at >= date_trunc('day', now() at time zone 'utc') at time zone 'utc'
      and status <> 'rejected'`;
}

export function dailyUsageOf(row: Row | undefined): DailyUsage {
  return { notional: Number(row?.notional ?? 0), orders: Number(row?.orders ?? 0) };
}

/** Marks the broker call as about to happen ($1 the order, $2 how long other replicas keep off). */
export const sendAttemptSql = `update trade_orders set send_attempted_at = now(),
    lease_until = now() + make_interval(secs => $2), updated_at = now()
  where id = $1`;

/** What an update of an order row may change; unset fields keep their value. */
export type OrderChanges = Partial<
  Pick<OrderRecord, "status" | "statusDetail" | "brokerOrderId" | "filledQuantity" | "filledAvgPrice">
> & { releaseLease?: boolean; checked?: boolean };

/** Updates order $1 with `orderUpdateParams`; `guard` adds conditions on the row as it stands. */
export function orderUpdateSql(guard: string): string {
  return `update trade_orders set
    status = coalesce($2, status),
    status_detail = case when $2::text is null then status_detail else $3 end,
    broker_order_id = coalesce($4, broker_order_id),
    filled_quantity = coalesce($5, filled_quantity),
    filled_avg_price = coalesce($6, filled_avg_price),
    lease_until = case when $7 then null else lease_until end,
    last_checked_at = case when $8 then now() else last_checked_at end,
    check_attempts = check_attempts + case when $8 then 1 else 0 end,
    updated_at = now()
  where id = $1 ${guard}`;
}

export function orderUpdateParams(id: string, changes: OrderChanges): unknown[] {
  return [
    id,
    changes.status ?? null,
    changes.statusDetail ?? null,
    changes.brokerOrderId ?? null,
    changes.filledQuantity ?? null,
    changes.filledAvgPrice ?? null,
    changes.releaseLease ?? false,
    changes.checked ?? false,
  ];
}

/**
 * The single-flight claim ($1 proposal, $2 user, $3 hash): only one caller, on any replica, moves
 * an awaiting, unexpired proposal with this hash to `submitting`.
 */
export const claimSql = `update trade_proposals set status = 'submitting', decided_at = now(), updated_at = now()
  where id = $1 and user_id = $2 and status = 'awaiting' and expires_at > now() and hash = $3`;
