import type { AccountCard, Estimate, Order, OrderStatus, RoutingCard } from "./contract/index.js";
import type { OrderRecord, ProposalRecord, ProposalStatus } from "./records.js";
import { readCancelSpec, readOrderSpec, readRequest } from "./stored-spec.js";

/** Rows of trade_proposals and trade_orders as the driver returns them, and their records. */
export type Row = Record<string, unknown>;
const iso = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string).toISOString());
const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

export function proposalFromRow(row: Row): ProposalRecord {
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

export function orderFromRow(row: Row): OrderRecord {
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
