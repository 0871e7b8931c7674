import { stableUuid } from "../lib/ids.js";
import { decimalString, moneyString, roundMoney } from "../lib/numbers.js";
import { addDays, isoDate, startOfUtcDay } from "../lib/time.js";
import type { Instrument } from "../world/catalogue.js";
import { availableQuantity, buyingPower, marketValue } from "../world/ledger.js";
import { occSymbol, optionValue } from "../world/options.js";
import type { Account, Activity, OptionPosition, Order, Position } from "../world/types.js";
import type { World } from "../world/world.js";

/** Alpaca's JSON shapes: snake_case, money and quantities as decimal strings. */

export function assetShape(instrument: Instrument) {
  return {
    id: instrument.id,
    class: "us_equity",
    exchange: instrument.exchange,
    symbol: instrument.symbol,
    name: instrument.name,
    status: "active",
    tradable: true,
    marginable: true,
    shortable: true,
    easy_to_borrow: true,
    borrow_status: "easy_to_borrow",
    fractionable: true,
    maintenance_margin_requirement: 30,
    margin_requirement_long: "30",
    margin_requirement_short: "100",
    attributes: instrument.kind === "etf" ? [] : ["has_options"],
  };
}

function lastEquity(world: World, account: Account): number {
  let total = account.cash;
  for (const p of account.positions)
    total += p.units * (world.prices.get(p.symbol)?.previousClose ?? p.avgPrice);
  return roundMoney(total);
}

export function accountShape(world: World, account: Account) {
  const longValue = marketValue(world, account);
  const equity = roundMoney(account.cash + longValue);
  const power = moneyString(buyingPower(world, account));
  return {
    id: account.id,
    account_number: account.number,
    status: account.alpacaStatus ?? "ACTIVE",
    crypto_status: "ACTIVE",
    currency: "USD",
    buying_power: power,
    regt_buying_power: power,
    daytrading_buying_power: "0",
    effective_buying_power: power,
    non_marginable_buying_power: power,
    options_buying_power: power,
    bod_dtbp: "0",
    cash: moneyString(account.cash),
    accrued_fees: "0",
    pending_transfer_in: "0",
    portfolio_value: moneyString(equity),
    pattern_day_trader: false,
    trading_blocked: false,
    transfers_blocked: false,
    account_blocked: false,
    created_at: account.createdAt,
    trade_suspended_by_user: account.tradeSuspendedByUser ?? false,
    multiplier: "1",
    shorting_enabled: false,
    equity: moneyString(equity),
    last_equity: moneyString(lastEquity(world, account)),
    long_market_value: moneyString(longValue),
    short_market_value: "0",
    position_market_value: moneyString(longValue),
    initial_margin: "0",
    maintenance_margin: "0",
    last_maintenance_margin: "0",
    sma: "0",
    daytrade_count: 0,
    balance_asof: isoDate(addDays(world.now(), -1)),
    options_approved_level: 0,
    options_trading_level: 0,
    intraday_adjustments: "0",
    pending_reg_taf_fees: "0",
  };
}

export function positionShape(world: World, account: Account, position: Position) {
  const instrument = world.catalogue.find(position.symbol);
  const quote = world.prices.get(position.symbol);
  const price = quote?.price ?? position.avgPrice;
  const previousClose = quote?.previousClose ?? price;
  const value = position.units * price;
  const cost = position.units * position.avgPrice;
  const intraday = position.units * (price - previousClose);
  return {
    asset_id: instrument?.id ?? stableUuid(`symbol:${position.symbol}`),
    symbol: position.symbol,
    exchange: instrument?.exchange ?? "",
    asset_class: "us_equity",
    asset_marginable: true,
    qty: decimalString(position.units),
    qty_available: decimalString(Math.max(0, availableQuantity(world, account, position.symbol))),
    avg_entry_price: decimalString(position.avgPrice, 4),
    side: "long",
    market_value: moneyString(value),
    cost_basis: moneyString(cost),
    unrealized_pl: moneyString(value - cost),
    unrealized_plpc: decimalString(cost > 0 ? (value - cost) / cost : 0, 6),
    unrealized_intraday_pl: moneyString(intraday),
    unrealized_intraday_plpc: decimalString(
      previousClose > 0 ? (price - previousClose) / previousClose : 0,
      6,
    ),
    current_price: decimalString(price, 4),
    lastday_price: decimalString(previousClose, 4),
    change_today: decimalString(previousClose > 0 ? (price - previousClose) / previousClose : 0, 6),
  };
}

/** An option position as Alpaca lists it: per-share prices, values with the multiplier. */
export function optionPositionShape(option: OptionPosition) {
  const symbol = occSymbol(option);
  const value = optionValue(option);
  const cost = option.avgPrice * option.units * option.multiplier;
  return {
    asset_id: stableUuid(`option:${symbol}`),
    symbol,
    exchange: "",
    asset_class: "us_option",
    asset_marginable: false,
    qty: decimalString(option.units),
    qty_available: decimalString(option.units),
    avg_entry_price: decimalString(option.avgPrice, 4),
    side: "long",
    market_value: moneyString(value),
    cost_basis: moneyString(cost),
    unrealized_pl: moneyString(value - cost),
    unrealized_plpc: decimalString(cost > 0 ? (value - cost) / cost : 0, 6),
    unrealized_intraday_pl: "0",
    unrealized_intraday_plpc: "0",
    current_price: decimalString(option.price, 4),
    lastday_price: decimalString(option.price, 4),
    change_today: "0",
  };
}

const optionalDecimal = (value: number | null, decimals = 9) =>
  value === null ? null : decimalString(value, decimals);

function expiresAt(order: Order): string {
  const received = new Date(order.receivedAt);
  const days = order.timeInForce === "gtc" ? 90 : 1;
  return new Date(startOfUtcDay(addDays(received, days)).getTime() + 20 * 3_600_000).toISOString();
}

/** Whether an Alpaca account may place orders (what its `status` and flags say). */
export function alpacaCanTrade(account: Account): boolean {
  return (account.alpacaStatus ?? "ACTIVE") === "ACTIVE" && !account.tradeSuspendedByUser;
}

export function orderShape(world: World, order: Order, statusOverride?: string) {
  const instrument = world.catalogue.find(order.symbol);
  const isNotional = order.notional !== null;
  return {
    id: order.id,
    client_order_id: order.clientOrderId ?? order.id,
    created_at: order.receivedAt,
    updated_at: order.updatedAt,
    submitted_at: order.receivedAt,
    filled_at: order.filledAt,
    expired_at: order.expiredAt,
    canceled_at: order.canceledAt,
    failed_at: order.status === "rejected" ? order.updatedAt : null,
    replaced_at: null,
    replaced_by: null,
    replaces: null,
    asset_id: instrument?.id ?? stableUuid(`symbol:${order.symbol}`),
    symbol: order.symbol,
    asset_class: "us_equity",
    notional: isNotional ? decimalString(order.notional ?? 0, 2) : null,
    qty: isNotional ? null : optionalDecimal(order.quantity),
    filled_qty: decimalString(order.filledQuantity),
    filled_avg_price: optionalDecimal(order.filledAvgPrice, 4),
    order_class: "",
    order_type: order.orderType,
    type: order.orderType,
    side: order.side,
    position_intent: order.side === "buy" ? "buy_to_open" : "sell_to_close",
    time_in_force: order.timeInForce,
    limit_price: optionalDecimal(order.limitPrice, 4),
    stop_price: optionalDecimal(order.stopPrice, 4),
    status: statusOverride ?? order.vendorStatus ?? order.status,
    extended_hours: false,
    legs: null,
    trail_percent: null,
    trail_price: null,
    hwm: null,
    expires_at: expiresAt(order),
  };
}

/** `20240102150405123::<uuid>`: Alpaca activity ids sort by time. */
function activityId(activity: Activity): string {
  return `${activity.at.replace(/[-:TZ.]/g, "").slice(0, 17)}::${activity.id}`;
}

const NON_TRADE_TYPES = { CONTRIBUTION: "CSD", DIVIDEND: "DIV", INTEREST: "INT" } as const;

export function activityType(activity: Activity): string {
  return activity.type === "BUY" || activity.type === "SELL" ? "FILL" : NON_TRADE_TYPES[activity.type];
}

export function activityShape(world: World, activity: Activity) {
  if (activity.type === "BUY" || activity.type === "SELL") {
    const order = activity.orderId ? world.orders.get(activity.orderId) : undefined;
    const total = order?.quantity ?? activity.units;
    const cumulative = order?.filledQuantity ?? activity.units;
    return {
      id: activityId(activity),
      activity_type: "FILL",
      transaction_time: activity.at,
      type: order && order.status === "partially_filled" ? "partial_fill" : "fill",
      price: decimalString(activity.price, 4),
      qty: decimalString(activity.units),
      side: activity.type === "BUY" ? "buy" : "sell",
      symbol: activity.symbol ?? "",
      leaves_qty: decimalString(Math.max(0, total - cumulative)),
      order_id: activity.orderId ?? stableUuid(`seeded-order:${activity.id}`),
      cum_qty: decimalString(cumulative),
      order_status: order?.status ?? "filled",
    };
  }
  return {
    id: activityId(activity),
    activity_type: NON_TRADE_TYPES[activity.type],
    date: activity.at,
    created_at: activity.at,
    net_amount: moneyString(activity.amount),
    description: activity.description,
    status: "executed",
    currency: "USD",
    ...(activity.symbol
      ? { symbol: activity.symbol, per_share_amount: decimalString(activity.price, 4) }
      : {}),
  };
}
