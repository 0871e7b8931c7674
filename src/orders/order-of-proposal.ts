import { randomUUID } from "node:crypto";
import type { OrderRecord, ProposalRecord } from "./records.js";
import { riskNotional } from "./risk-limits.js";

/** The order row an approved card places: its stored order, to its account, not yet sent. */
export function orderOfProposal(
  userId: string,
  row: Extract<ProposalRecord, { kind: "order" }>,
): OrderRecord {
  const spec = row.spec;
  const size = riskNotional(riskInputOf(row)) ?? row.estimate.amount ?? 0;
  const now = new Date().toISOString();
  return {
    id: randomUUID(),
    confirmationId: row.id,
    userId,
    threadId: row.threadId,
    accountId: row.account.id,
    provider: row.account.provider,
    symbol: spec.symbol,
    side: spec.side,
    quantity: spec.quantity,
    notional: spec.notional,
    orderType: spec.orderType,
    limitPrice: spec.limitPrice,
    stopPrice: spec.stopPrice,
    timeInForce: spec.timeInForce,
    status: "submitting",
    statusDetail: null,
    brokerOrderId: null,
    // The proposal id is a UUID within every broker's length limit: the broker's idempotency key.
    clientOrderId: row.id,
    filledQuantity: 0,
    filledAvgPrice: null,
    createdAt: now,
    updatedAt: now,
    riskNotional: Math.max(size, 0),
    sendAttemptedAt: null,
    leaseUntil: new Date(Date.now() + 60_000).toISOString(),
    checkAttempts: 0,
  };
}

/** What the risk limits check of a card: its order and the price it was quoted at. */
export function riskInputOf(row: Extract<ProposalRecord, { kind: "order" }>) {
  const spec = row.spec;
  return {
    orderType: spec.orderType,
    quantity: spec.quantity,
    notional: spec.notional,
    quotePrice: row.estimate.price,
    limitPrice: spec.limitPrice,
    stopPrice: spec.stopPrice,
  };
}
