import { newId } from "../lib/ids.js";
import { isZeroQuantity, roundMoney, roundQuantity } from "../lib/numbers.js";
import { optionsValue } from "./options.js";
import type { Account, Activity, Order, Position } from "./types.js";
import type { World } from "./world.js";

/** Orders that still hold cash or shares (they count against buying power and quantity). */
export function isOpenOrder(order: Order): boolean {
  return order.status === "accepted" || order.status === "new" || order.status === "partially_filled";
}

export function findPosition(account: Account, symbol: string): Position | undefined {
  return account.positions.find((p) => p.symbol === symbol);
}

export function heldQuantity(account: Account, symbol: string): number {
  return findPosition(account, symbol)?.units ?? 0;
}

export function marketValue(world: World, account: Account): number {
  let total = 0;
  for (const position of account.positions) {
    const price = world.prices.get(position.symbol)?.price ?? position.avgPrice;
    total += position.units * price;
  }
  return roundMoney(total + optionsValue(account));
}

export function totalValue(world: World, account: Account): number {
  return roundMoney(account.cash + marketValue(world, account));
}

/** Shares or cash an open order still needs (its unfilled part). */
function remainingQuantity(world: World, order: Order): number {
  if (order.quantity !== null) return Math.max(0, order.quantity - order.filledQuantity);
  const price = world.prices.get(order.symbol)?.price ?? 1;
  return order.notional !== null ? order.notional / price : 0;
}

function reservedCash(world: World, order: Order): number {
  if (order.quantity === null && order.notional !== null) return order.notional;
  const referencePrice = order.limitPrice ?? order.stopPrice ?? world.prices.get(order.symbol)?.price ?? 0;
  return remainingQuantity(world, order) * referencePrice;
}

/** Cash + margin, minus what open buy orders have reserved (as Alpaca reports it). */
export function buyingPower(world: World, account: Account, excludeOrderId?: string): number {
  let reserved = 0;
  for (const order of world.ordersOf(account.id)) {
    if (order.side === "buy" && isOpenOrder(order) && order.id !== excludeOrderId) {
      reserved += reservedCash(world, order);
    }
  }
  return roundMoney(account.cash + account.margin - reserved);
}

/** Held shares minus those already promised to open sell orders. */
export function availableQuantity(
  world: World,
  account: Account,
  symbol: string,
  excludeOrderId?: string,
): number {
  let promised = 0;
  for (const order of world.ordersOf(account.id)) {
    if (
      order.side === "sell" &&
      order.symbol === symbol &&
      isOpenOrder(order) &&
      order.id !== excludeOrderId
    ) {
      promised += remainingQuantity(world, order);
    }
  }
  return roundQuantity(heldQuantity(account, symbol) - promised);
}

/** Moves cash and shares for one execution and records the activity. */
export function applyExecution(
  world: World,
  account: Account,
  order: Order,
  units: number,
  price: number,
): Activity {
  const gross = roundMoney(units * price);
  const position = findPosition(account, order.symbol);
  if (order.side === "buy") {
    account.cash = roundMoney(account.cash - gross);
    if (position) {
      const newUnits = roundQuantity(position.units + units);
      position.avgPrice = roundMoney((position.units * position.avgPrice + gross) / newUnits);
      position.units = newUnits;
    } else {
      account.positions.push({ symbol: order.symbol, units: roundQuantity(units), avgPrice: price });
    }
  } else {
    account.cash = roundMoney(account.cash + gross);
    if (position) {
      position.units = roundQuantity(position.units - units);
      if (isZeroQuantity(position.units)) account.positions = account.positions.filter((p) => p !== position);
    }
  }
  const activity: Activity = {
    id: newId(),
    accountId: account.id,
    type: order.side === "buy" ? "BUY" : "SELL",
    symbol: order.symbol,
    units: roundQuantity(units),
    price,
    amount: order.side === "buy" ? -gross : gross,
    fee: 0,
    at: world.nowIso(),
    orderId: order.id,
    description: `${order.side === "buy" ? "Bought" : "Sold"} ${roundQuantity(units)} ${order.symbol} @ ${price}`,
  };
  world.activities.push(activity);
  return activity;
}
