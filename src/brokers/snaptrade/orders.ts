import type { AccountOrderRecord } from "snaptrade-typescript-sdk";
import { cleanUntrustedText } from "../../core/untrusted-text.js";
import type { BrokerOrder, BrokerOrderStatus, OrderRequest, OrderType, TimeInForce } from "../model.js";
import { decimal } from "../numbers.js";
import type { OrderLookup } from "../session.js";

const finalStatuses: Record<string, BrokerOrderStatus> = {
  EXECUTED: "filled",
  PARTIAL: "partially_filled",
  CANCELED: "cancelled",
  PARTIAL_CANCELED: "cancelled",
  EXPIRED: "cancelled",
  REPLACED: "cancelled",
  REJECTED: "rejected",
  FAILED: "rejected",
};

/** Every other SnapTrade state (PENDING, QUEUED, TRIGGERED, CANCEL_PENDING, ...) is still working. */
export function statusFromSnaptrade(status: string | undefined): BrokerOrderStatus {
  return finalStatuses[(status ?? "").toUpperCase()] ?? "accepted";
}

const orderTypesToSnaptrade = {
  market: "Market",
  limit: "Limit",
  stop: "Stop",
  stop_limit: "StopLimit",
} as const;
const timesInForceToSnaptrade = { day: "Day", gtc: "GTC", ioc: "IOC", fok: "FOK" } as const;

function orderTypeFromSnaptrade(value: string | null | undefined): OrderType | null {
  const compact = (value ?? "").toLowerCase().replace(/[^a-z]/g, "");
  const known: Record<string, OrderType> = {
    market: "market",
    limit: "limit",
    stop: "stop",
    stoplimit: "stop_limit",
  };
  return known[compact] ?? null;
}

function timeInForceFromSnaptrade(value: string | null | undefined): TimeInForce | null {
  const lower = (value ?? "").toLowerCase();
  return lower === "day" || lower === "gtc" || lower === "ioc" || lower === "fok" ? lower : null;
}

/** The fields getOrderImpact and placeForceOrder share. */
export function snaptradeOrderFields(
  order: OrderRequest,
  providerAccountId: string,
  universalSymbolId: string,
) {
  return {
    account_id: providerAccountId,
    action: order.side === "buy" ? ("BUY" as const) : ("SELL" as const),
    universal_symbol_id: universalSymbolId,
    order_type: orderTypesToSnaptrade[order.orderType],
    time_in_force: timesInForceToSnaptrade[order.timeInForce],
    price: order.limitPrice ?? undefined,
    stop: order.stopPrice ?? undefined,
    units: order.quantity ?? undefined,
    notional_value: order.notional ?? undefined,
  };
}

/**
 * `requested` fills what the record leaves out (a placement answer may be sparse) and is only
 * given for the order we just sent.
 */
export function toBrokerOrder(
  accountId: string,
  record: AccountOrderRecord,
  requested?: OrderRequest,
  clientOrderId: string | null = null,
): BrokerOrder {
  const status = statusFromSnaptrade(record.status);
  const notional = decimal(record.notional_value as string | number | undefined);
  return {
    brokerOrderId: record.brokerage_order_id ?? "",
    clientOrderId,
    accountId,
    symbol: cleanUntrustedText(record.universal_symbol?.symbol ?? "") || requested?.symbol || "",
    side: record.action
      ? record.action.toUpperCase().startsWith("BUY")
        ? "buy"
        : "sell"
      : (requested?.side ?? "buy"),
    quantity: decimal(record.total_quantity) ?? requested?.quantity ?? null,
    notional: notional ?? requested?.notional ?? null,
    orderType: orderTypeFromSnaptrade(record.order_type) ?? requested?.orderType ?? "market",
    limitPrice: decimal(record.limit_price) ?? requested?.limitPrice ?? null,
    stopPrice: decimal(record.stop_price) ?? requested?.stopPrice ?? null,
    timeInForce: timeInForceFromSnaptrade(record.time_in_force) ?? requested?.timeInForce ?? null,
    status,
    filledQuantity: decimal(record.filled_quantity) ?? 0,
    filledAvgPrice: decimal(record.execution_price),
    submittedAt: record.time_placed ?? null,
    updatedAt: record.time_updated ?? record.time_executed ?? record.time_placed ?? null,
    statusReason:
      status === "rejected" ? `SnapTrade status ${cleanUntrustedText(record.status ?? "")}` : null,
  };
}

/** The broker's clock may run a little behind ours. */
const clockSkewMs = 5_000;
const sizeTolerance = 1e-6;

function sameSize(expected: number | null, actual: number | null): boolean {
  // Unknown on either side (a notional order's shares before it fills) cannot rule a record out.
  if (expected === null || actual === null) return true;
  return Math.abs(expected - actual) <= sizeTolerance * Math.max(1, Math.abs(expected));
}

function couldBeOurs(order: OrderRequest, candidate: BrokerOrder, placedAfter: Date): boolean {
  const placedAt = candidate.submittedAt ? Date.parse(candidate.submittedAt) : Number.NaN;
  return (
    candidate.symbol.toUpperCase() === order.symbol.toUpperCase() &&
    candidate.side === order.side &&
    sameSize(order.quantity, candidate.quantity) &&
    sameSize(order.notional, candidate.notional) &&
    Number.isFinite(placedAt) &&
    placedAt >= placedAfter.getTime() - clockSkewMs
  );
}

/**
 * SnapTrade does not echo our client order id, so an order is recognised by what it is:
 * account (the list is per account), symbol, side, size and a placement time after ours.
 * Several fits cannot be told apart safely and go to a human.
 */
export function lookupAmong(
  records: AccountOrderRecord[],
  accountId: string,
  order: OrderRequest,
  placedAfter: Date,
): OrderLookup {
  const candidates = records
    .map((record) => toBrokerOrder(accountId, record))
    .filter((candidate) => candidate.brokerOrderId !== "" && couldBeOurs(order, candidate, placedAfter));
  const [only] = candidates;
  if (candidates.length === 1 && only) return { kind: "found", order: only };
  if (candidates.length > 1) return { kind: "ambiguous", candidates };
  return { kind: "absent" };
}
