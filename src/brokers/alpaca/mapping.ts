import type { trading } from "@alpacahq/alpaca-trade-api/rest";
import { maskAccountNumber } from "../../core/logger.js";
import { cleanUntrustedText } from "../../core/untrusted-text.js";
import type { OrderType, TimeInForce } from "../../orders/contract/vocabulary.js";
import type {
  Activity,
  ActivityType,
  BrokerAccount,
  BrokerOrder,
  BrokerOrderStatus,
  BrokerPosition,
} from "../model.js";
import { prefixedAccountId } from "../model.js";
import { decimal } from "../numbers.js";
import type { SymbolInfo } from "../session.js";

/** The SDK turns timestamps into Dates, an Invalid Date when the field is absent or odd. */
export function isoOrNull(value: Date | string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

export function toAccount(account: trading.Account, paper: boolean): BrokerAccount {
  return {
    id: prefixedAccountId("alpaca", account.id),
    provider: "alpaca",
    providerAccountId: account.id,
    connectionId: null,
    institution: "Alpaca",
    name: paper ? "Alpaca paper account" : "Alpaca brokerage account",
    numberMasked: maskAccountNumber(account.accountNumber),
    // Only an ACTIVE account whose owner has not suspended trading can place orders.
    canTrade:
      String(account.status ?? "") === "ACTIVE" &&
      !account.tradingBlocked &&
      !account.accountBlocked &&
      !account.tradeSuspendedByUser,
    connectionStatus: "active",
    isPaper: paper,
    currency: account.currency || "USD",
    cash: decimal(account.cash),
    buyingPower: decimal(account.buyingPower),
    totalValue: decimal(account.portfolioValue) ?? decimal(account.equity),
    // Alpaca's figures are its own, live.
    dataAsOf: null,
  };
}

export function toSymbolInfo(asset: trading.Assets): SymbolInfo {
  const symbol = cleanUntrustedText(asset.symbol);
  return {
    symbol,
    description: cleanUntrustedText(asset.name ?? "") || symbol,
    tradable: asset.tradable && asset.status === "active",
    fractionable: asset.fractionable,
  };
}

export function toPosition(accountId: string, position: trading.Position): BrokerPosition {
  const quantity = decimal(position.qty) ?? 0;
  return {
    accountId,
    symbol: cleanUntrustedText(position.symbol),
    // Alpaca positions carry no security name.
    description: cleanUntrustedText(position.symbol),
    quantity: position.side === "short" ? -Math.abs(quantity) : quantity,
    price: decimal(position.currentPrice),
    marketValue: decimal(position.marketValue),
    costBasis: decimal(position.costBasis),
    currency: "USD",
  };
}

const statuses: Partial<Record<string, BrokerOrderStatus>> = {
  partially_filled: "partially_filled",
  filled: "filled",
  canceled: "cancelled",
  expired: "cancelled",
  // Replaced by a new order (`replaced_by`): this one's fate is the replacement's, not "cancelled".
  replaced: "needs_review",
  rejected: "rejected",
};

/**
 * new, accepted, pending_new, accepted_for_bidding, held, done_for_day, calculated,
 * pending_cancel, pending_replace, stopped, suspended, and any status Alpaca adds later are
 * still working: never read as final. A working order with shares filled is partially filled.
 */
export function statusFromAlpaca(status: string | undefined, filledQuantity = 0): BrokerOrderStatus {
  const known = statuses[status ?? ""];
  if (known) return known;
  return filledQuantity > 0 ? "partially_filled" : "accepted";
}

const orderTypes: Partial<Record<string, OrderType>> = {
  market: "market",
  limit: "limit",
  stop: "stop",
  stop_limit: "stop_limit",
  trailing_stop: "stop",
};

function timeInForceFromAlpaca(value: string | undefined): TimeInForce | null {
  return value === "day" || value === "gtc" || value === "ioc" || value === "fok" ? value : null;
}

export function toBrokerOrder(accountId: string, order: trading.Order): BrokerOrder {
  const status = statusFromAlpaca(order.status, decimal(order.filledQty) ?? 0);
  return {
    brokerOrderId: order.id ?? "",
    clientOrderId: order.clientOrderId ?? null,
    accountId,
    symbol: cleanUntrustedText(order.symbol ?? ""),
    side: order.side === "sell" ? "sell" : "buy",
    quantity: decimal(order.qty),
    notional: decimal(order.notional),
    orderType: orderTypes[String(order.type ?? order.orderType)] ?? "market",
    limitPrice: decimal(order.limitPrice),
    stopPrice: decimal(order.stopPrice),
    timeInForce: timeInForceFromAlpaca(order.timeInForce),
    status,
    filledQuantity: decimal(order.filledQty) ?? 0,
    filledAvgPrice: decimal(order.filledAvgPrice),
    submittedAt: isoOrNull(order.submittedAt) ?? isoOrNull(order.createdAt),
    updatedAt: isoOrNull(order.updatedAt),
    statusReason:
      status === "rejected"
        ? "Alpaca rejected the order"
        : status === "needs_review"
          ? `Alpaca replaced this order with order ${cleanUntrustedText(order.replacedBy ?? "(not named)")}; please check it at Alpaca.`
          : null,
  };
}

const nonTradeTypes: Partial<Record<string, ActivityType>> = {
  DIV: "dividend",
  DIVCGL: "dividend",
  DIVCGS: "dividend",
  DIVNRA: "dividend",
  DIVROC: "dividend",
  DIVTXEX: "dividend",
  CSD: "deposit",
  CSW: "withdrawal",
  FEE: "fee",
  INT: "interest",
};

/** A cash journal (JNLC) moves money either way: its sign says which. */
function nonTradeType(kind: string, netAmount: number | null): ActivityType {
  if (kind === "JNLC") {
    if (netAmount === null || netAmount === 0) return "other";
    return netAmount < 0 ? "withdrawal" : "deposit";
  }
  return nonTradeTypes[kind] ?? "other";
}

/** Null for an activity without a time. */
export function toActivity(
  accountId: string,
  activity: trading.GetAccountActivities200ResponseInner,
): Activity | null {
  const kind = String(activity.activityType ?? "");
  const quantity = decimal(activity.qty);
  const price = decimal(activity.price);
  if (kind === "FILL") {
    const at = isoOrNull(activity.transactionTime);
    if (!at) return null;
    const side = activity.side === "sell" || activity.side === "sell_short" ? "sell" : "buy";
    const gross = quantity !== null && price !== null ? quantity * price : null;
    return {
      id: activity.id ?? `${accountId}:${at}`,
      accountId,
      type: side,
      symbol: activity.symbol ? cleanUntrustedText(activity.symbol) : null,
      quantity,
      price,
      // Cash effect: a buy takes money out.
      amount: gross === null ? null : side === "buy" ? -gross : gross,
      currency: "USD",
      at,
    };
  }
  const at = isoOrNull(activity.date) ?? isoOrNull(activity.createdAt);
  if (!at) return null;
  return {
    id: activity.id ?? `${accountId}:${at}:${kind}`,
    accountId,
    type: nonTradeType(kind, decimal(activity.netAmount)),
    symbol: activity.symbol ? cleanUntrustedText(activity.symbol) : null,
    quantity,
    price: price ?? decimal(activity.perShareAmount),
    amount: decimal(activity.netAmount),
    currency: activity.currency || "USD",
    at,
  };
}
