import { newId } from "../lib/ids.js";
import { isZeroQuantity, roundMoney, roundQuantity } from "../lib/numbers.js";
import { picksEvenly } from "./behaviour.js";
import { applyExecution, availableQuantity, buyingPower, isOpenOrder } from "./ledger.js";
import type { Order, OrderSide, OrderType, Provider, TimeInForce } from "./types.js";
import type { World } from "./world.js";

/** Orders above this many shares fill in two steps (partially first), like a thin book. */
export const LARGE_ORDER_SHARES = 1000;

export interface OrderRequest {
  provider: Provider;
  accountId: string;
  symbol: string;
  side: OrderSide;
  quantity?: number | null;
  notional?: number | null;
  orderType: OrderType;
  limitPrice?: number | null;
  stopPrice?: number | null;
  timeInForce: TimeInForce;
  clientOrderId?: string | null;
}

export type RefusalCode =
  | "unknown_symbol"
  | "insufficient_buying_power"
  | "insufficient_quantity"
  | "invalid_order";

export interface OrderRefusal {
  code: RefusalCode;
  message: string;
  /** For insufficient quantity: what was asked and what is available. */
  requested?: number;
  available?: number;
}

export type SubmitResult = { ok: true; order: Order } | { ok: false; refusal: OrderRefusal; order: Order };

function validationProblem(request: OrderRequest): string | null {
  const hasQuantity = request.quantity !== undefined && request.quantity !== null;
  const hasNotional = request.notional !== undefined && request.notional !== null;
  if (hasQuantity === hasNotional) return "exactly one of qty or notional is required";
  if (hasQuantity && !((request.quantity ?? 0) > 0)) return "qty must be > 0";
  if (hasNotional && !((request.notional ?? 0) > 0)) return "notional must be > 0";
  const fractional = hasQuantity && !Number.isInteger(request.quantity);
  if ((hasNotional || fractional) && request.orderType !== "market") {
    return "fractional and notional orders must be market orders";
  }
  if ((hasNotional || fractional) && request.timeInForce !== "day")
    return "fractional orders must be DAY orders";
  const needsLimit = request.orderType === "limit" || request.orderType === "stop_limit";
  const needsStop = request.orderType === "stop" || request.orderType === "stop_limit";
  if (needsLimit && !((request.limitPrice ?? 0) > 0)) return "limit_price is required for limit orders";
  if (needsStop && !((request.stopPrice ?? 0) > 0)) return "stop_price is required for stop orders";
  return null;
}

/**
 * Alpaca values a market buy at a limit 2.5 % to 4 % above the market for its buying-power
 * check; the sandbox takes 4 % below $50 a share and 2.5 % from there.
 */
export function alpacaPriceCollar(price: number): number {
  return price < 50 ? 0.04 : 0.025;
}

/** Cash an order needs at submission (the broker checks buying power against this). */
function estimatedCost(world: World, request: OrderRequest, symbol: string): number {
  if (request.notional) return request.notional;
  const market = world.prices.price(symbol);
  const collared =
    request.provider === "alpaca" && request.orderType === "market" && world.behaviour.alpacaPriceCollar;
  const price =
    request.limitPrice ?? request.stopPrice ?? (collared ? market * (1 + alpacaPriceCollar(market)) : market);
  return roundMoney((request.quantity ?? 0) * price);
}

/**
 * With `fills: "working"`, limit and stop orders wait before their first match, and so do the
 * market orders `delayedMarketShare` picks; orders that must fill at once (IOC, FOK) never wait.
 */
function startsHeld(world: World, request: OrderRequest): boolean {
  const behaviour = world.behaviour;
  if (behaviour.fills === "instant") return false;
  if (request.timeInForce === "ioc" || request.timeInForce === "fok") return false;
  if (request.orderType !== "market") return true;
  const index = world.marketOrdersAccepted;
  world.marketOrdersAccepted += 1;
  return picksEvenly(behaviour.delayedMarketShare, index);
}

/**
 * Accepts or refuses an order, then tries to fill it at once. Refused orders are still
 * recorded (invisible to the broker APIs) so the admin log shows every order a broker received.
 */
export function submitOrder(world: World, request: OrderRequest): SubmitResult {
  const instrument = world.catalogue.find(request.symbol);
  const now = world.nowIso();
  const account = world.accounts.get(request.accountId);
  const order: Order = {
    id: newId(),
    provider: request.provider,
    accountId: request.accountId,
    userId: account?.userId ?? null,
    symbol: instrument?.symbol ?? request.symbol.toUpperCase(),
    side: request.side,
    quantity: request.quantity ?? null,
    notional: request.notional ?? null,
    orderType: request.orderType,
    limitPrice: request.limitPrice ?? null,
    stopPrice: request.stopPrice ?? null,
    timeInForce: request.timeInForce,
    clientOrderId: request.clientOrderId ?? null,
    status: world.clock.isOpen ? "new" : "accepted",
    filledQuantity: 0,
    filledAvgPrice: null,
    triggered: request.orderType === "market" || request.orderType === "limit",
    rejectReason: null,
    visible: true,
    receivedAt: now,
    updatedAt: now,
    filledAt: null,
    canceledAt: null,
    expiredAt: null,
  };
  const refusal = refusalFor(world, request);
  world.orders.set(order.id, order);
  if (refusal) {
    order.status = "rejected";
    order.rejectReason = refusal.message;
    order.visible = false;
    return { ok: false, refusal, order };
  }
  order.held = startsHeld(world, request);
  world.emit({ kind: "orderUpdated", order });
  if (world.clock.isOpen) matchOrder(world, order, true);
  return { ok: true, order };
}

/** Why the broker would refuse this order now (null: it would accept it); changes nothing. */
export function refusalFor(world: World, request: OrderRequest): OrderRefusal | null {
  const account = world.accounts.get(request.accountId);
  if (!account) return { code: "invalid_order", message: "account not found" };
  const instrument = world.catalogue.find(request.symbol);
  if (!instrument) {
    return { code: "unknown_symbol", message: `asset "${request.symbol}" not found` };
  }
  const order = { symbol: instrument.symbol };
  const problem = validationProblem(request);
  if (problem) return { code: "invalid_order", message: problem };
  if (request.side === "buy") {
    const cost = estimatedCost(world, request, order.symbol);
    if (cost > buyingPower(world, account) + 1e-6) {
      return { code: "insufficient_buying_power", message: "insufficient buying power" };
    }
  } else {
    const requested = request.quantity ?? (request.notional ?? 0) / world.prices.price(order.symbol);
    const available = availableQuantity(world, account, order.symbol);
    if (requested > available + 1e-9) {
      return {
        code: "insufficient_quantity",
        message: `insufficient qty available for order (requested: ${roundQuantity(requested)}, available: ${Math.max(0, available)})`,
        requested: roundQuantity(requested),
        available: Math.max(0, available),
      };
    }
  }
  return null;
}

/** The price an order would execute at now, or null when it is not marketable. */
function executablePrice(order: Order, price: number): number | null {
  if (!order.triggered) {
    const stop = order.stopPrice ?? 0;
    const crossed = order.side === "buy" ? price >= stop : price <= stop;
    if (!crossed) return null;
    order.triggered = true;
  }
  const limit = order.limitPrice;
  if (order.orderType === "limit" || order.orderType === "stop_limit") {
    if (limit === null) return null;
    if (order.side === "buy" && price > limit) return null;
    if (order.side === "sell" && price < limit) return null;
  }
  return price;
}

/** Tries to (partly) fill one working order at the current price. */
function matchOrder(world: World, order: Order, atSubmission: boolean): void {
  if (!isOpenOrder(order) || order.status === "accepted" || order.held) return;
  const account = world.accounts.get(order.accountId);
  const quote = world.prices.get(order.symbol);
  if (!account || !quote) return;
  const price = executablePrice(order, quote.price);
  const immediateOnly = order.timeInForce === "ioc" || order.timeInForce === "fok";
  if (price === null) {
    if (immediateOnly && atSubmission) finish(world, order, "canceled");
    return;
  }
  if (order.quantity === null && order.notional !== null) {
    order.quantity = roundQuantity(order.notional / price);
  }
  const total = order.quantity ?? 0;
  const remaining = roundQuantity(total - order.filledQuantity);
  if (remaining <= 0) return;
  // Large orders (every order of 2+ shares with `partialFills: "always"`) fill half first;
  // immediate-or-cancel orders take what is there at once.
  const sliced = total > LARGE_ORDER_SHARES || (world.behaviour.partialFills === "always" && total >= 2);
  const firstSlice = sliced && order.filledQuantity === 0 && !immediateOnly;
  const units = firstSlice ? Math.floor(total / 2) : remaining;
  if (order.side === "buy" && units * price > account.cash + account.margin + 1e-6) {
    finish(world, order, "rejected", "insufficient buying power");
    return;
  }
  if (
    order.side === "sell" &&
    units > (account.positions.find((p) => p.symbol === order.symbol)?.units ?? 0) + 1e-9
  ) {
    finish(world, order, "rejected", "insufficient qty available for order");
    return;
  }
  applyExecution(world, account, order, units, price);
  const filledBefore = order.filledQuantity;
  order.filledQuantity = roundQuantity(filledBefore + units);
  order.filledAvgPrice = roundMoney(
    (filledBefore * (order.filledAvgPrice ?? 0) + units * price) / order.filledQuantity,
  );
  order.updatedAt = world.nowIso();
  order.vendorStatus = null;
  const done = isZeroQuantity(order.filledQuantity - total);
  order.status = done ? "filled" : "partially_filled";
  if (done) order.filledAt = order.updatedAt;
  world.emit({ kind: "orderUpdated", order });
  world.emit({ kind: "holdingsUpdated", account });
}

function finish(
  world: World,
  order: Order,
  status: "canceled" | "rejected" | "expired",
  reason?: string,
): void {
  order.status = status;
  order.updatedAt = world.nowIso();
  order.vendorStatus = null;
  if (status === "canceled") order.canceledAt = order.updatedAt;
  if (status === "expired") order.expiredAt = order.updatedAt;
  if (reason) order.rejectReason = reason;
  world.emit({ kind: "orderUpdated", order });
}

/** Re-checks every working order (after a price move, the open, or a partial fill). */
export function runMatching(world: World): void {
  if (!world.clock.isOpen) return;
  for (const order of world.orders.values()) {
    if (order.status === "accepted") {
      order.status = "new";
      order.updatedAt = world.nowIso();
      world.emit({ kind: "orderUpdated", order });
    }
    matchOrder(world, order, false);
  }
}

/** The vendor has routed a held order: it is matched from now on. */
export function releaseHeldOrder(world: World, order: Order): void {
  if (!order.held) return;
  order.held = false;
  if (world.clock.isOpen) matchOrder(world, order, false);
}

export type CancelResult = { ok: true; order: Order } | { ok: false; reason: "not_cancelable"; order: Order };

export function cancelOrder(world: World, order: Order): CancelResult {
  if (!isOpenOrder(order)) return { ok: false, reason: "not_cancelable", order };
  finish(world, order, "canceled");
  return { ok: true, order };
}

/** At the close, day orders that were working expire (orders queued while closed wait). */
export function expireDayOrders(world: World): void {
  for (const order of world.orders.values()) {
    if ((order.status === "new" || order.status === "partially_filled") && order.timeInForce === "day") {
      finish(world, order, "expired");
    }
  }
}
