import type { AccountOrderRecord } from "snaptrade-typescript-sdk";
import { cleanUntrustedText } from "../../core/untrusted-text.js";
import type { OrderType, TimeInForce } from "../../orders/contract/vocabulary.js";
import type { BrokerOrder, BrokerOrderStatus, OrderRequest } from "../model.js";
import { decimal } from "../numbers.js";
import type { OrderLookup } from "../session.js";

const knownStatuses: Record<string, BrokerOrderStatus> = {
  EXECUTED: "filled",
  PARTIAL: "partially_filled",
  CANCELED: "cancelled",
  PARTIAL_CANCELED: "cancelled",
  EXPIRED: "cancelled",
  // Replaced by another order: this one's fate is the replacement's, not "cancelled".
  REPLACED: "needs_review",
  REJECTED: "rejected",
  FAILED: "rejected",
};

/**
 * Every other SnapTrade state (NONE, PENDING, ACCEPTED, QUEUED, TRIGGERED, ACTIVATED,
 * CANCEL_PENDING, REPLACE_PENDING, STOPPED, SUSPENDED, PENDING_RISK_REVIEW, CONTINGENT_ORDER,
 * or one added later) is still working, partially filled when shares were.
 */
export function statusFromSnaptrade(status: string | undefined, filledQuantity = 0): BrokerOrderStatus {
  const known = knownStatuses[(status ?? "").toUpperCase()];
  if (known) return known;
  return filledQuantity > 0 ? "partially_filled" : "accepted";
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
  const status = statusFromSnaptrade(record.status, decimal(record.filled_quantity) ?? 0);
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
      status === "rejected"
        ? `SnapTrade status ${cleanUntrustedText(record.status ?? "")}`
        : status === "needs_review"
          ? "The brokerage replaced this order with another one; please check it at your brokerage."
          : null,
  };
}

/** The broker's clock may run a little behind ours. */
const clockSkewMs = 5_000;
const sizeTolerance = 1e-6;

/**
 * What identifies a record as an order, each with the spec's fallbacks; null where the record
 * does not say (the spec makes the symbol, the side's vocabulary and the times nullable).
 */
interface RecordIdentity {
  symbol: string | null;
  side: "buy" | "sell" | null;
  quantity: number | null;
  placedAt: number | null;
}

function sumOfLegs(record: AccountOrderRecord): number | null {
  const legs = [record.filled_quantity, record.open_quantity, record.canceled_quantity].map((v) =>
    decimal(v),
  );
  return legs.every((leg) => leg === null) ? null : legs.reduce<number>((sum, leg) => sum + (leg ?? 0), 0);
}

function firstTime(...values: Array<string | null | undefined>): number | null {
  for (const value of values) {
    const time = value ? Date.parse(value) : Number.NaN;
    if (Number.isFinite(time)) return time;
  }
  return null;
}

function identityOf(record: AccountOrderRecord): RecordIdentity {
  const listing = record.universal_symbol;
  const symbol = cleanUntrustedText(listing?.symbol ?? listing?.raw_symbol ?? "");
  const action = (record.action ?? "").toUpperCase();
  return {
    symbol: symbol ? symbol.toUpperCase() : null,
    side: action.startsWith("BUY") ? "buy" : action.startsWith("SELL") ? "sell" : null,
    quantity: decimal(record.total_quantity) ?? sumOfLegs(record),
    // The time placed, else the first time the brokerage reports for it: never later than placement.
    placedAt: firstTime(record.time_placed, record.time_executed, record.time_updated),
  };
}

function sameSize(expected: number | null, actual: number | null): boolean {
  // Unknown on either side (a notional order's shares before it fills) cannot rule a record out.
  if (expected === null || actual === null) return true;
  return Math.abs(expected - actual) <= sizeTolerance * Math.max(1, Math.abs(expected));
}

type Fit = "certain" | "unsure" | "no";

/**
 * Whether a record could be the order we sent. A known field that differs rules it out; a field
 * the record leaves null (after its fallbacks) cannot, but makes the fit unsure.
 */
function fitOf(order: OrderRequest, record: AccountOrderRecord, placedAfter: Date): Fit {
  const identity = identityOf(record);
  if (identity.symbol !== null && identity.symbol !== order.symbol.toUpperCase()) return "no";
  if (identity.side !== null && identity.side !== order.side) return "no";
  // A notional record reports a size in dollars; compare with what we asked in the same unit.
  const notional = decimal(record.notional_value as string | number | undefined);
  if (!sameSize(order.quantity, order.quantity === null ? null : identity.quantity)) return "no";
  if (!sameSize(order.notional, notional)) return "no";
  if (identity.placedAt !== null && identity.placedAt < placedAfter.getTime() - clockSkewMs) return "no";
  return identity.symbol === null || identity.side === null || identity.placedAt === null
    ? "unsure"
    : "certain";
}

/**
 * SnapTrade does not echo our client order id, so an order is recognised by what it is:
 * account (the list is per account), symbol, side, size and a placement time after ours.
 * Only one certain fit is ours; several fits, or one the record cannot fully vouch for (a null
 * symbol, side or time), cannot be told apart safely and go to a human, the candidates named.
 */
export function lookupAmong(
  records: AccountOrderRecord[],
  accountId: string,
  order: OrderRequest,
  placedAfter: Date,
): OrderLookup {
  const fits = records
    .filter((record) => record.brokerage_order_id)
    .map((record) => ({ record, fit: fitOf(order, record, placedAfter) }))
    .filter(({ fit }) => fit !== "no");
  const candidates = fits.map(({ record }) => toBrokerOrder(accountId, record));
  const [only] = candidates;
  if (fits.length === 1 && fits[0]?.fit === "certain" && only) return { kind: "found", order: only };
  if (candidates.length > 0) return { kind: "ambiguous", candidates };
  return { kind: "absent" };
}
