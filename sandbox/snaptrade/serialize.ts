import { stableUuid } from "../lib/ids.js";
import { decimalString, roundMoney } from "../lib/numbers.js";
import { isoDate } from "../lib/time.js";
import type { Instrument } from "../world/catalogue.js";
import { buyingPower, totalValue } from "../world/ledger.js";
import { occSymbol } from "../world/options.js";
import type {
  Account,
  Activity,
  Brokerage,
  OptionPosition,
  Order,
  Position,
  SnaptradeConnection,
} from "../world/types.js";
import type { World } from "../world/world.js";

/** Shapes of SnapTrade's API (spec 11.0.3), built from the world. */

export const USD = { id: stableUuid("currency:USD"), code: "USD", name: "US Dollar" };

const EXCHANGES = {
  NASDAQ: { code: "NASDAQ", mic_code: "XNAS", name: "Nasdaq" },
  NYSE: { code: "NYSE", mic_code: "XNYS", name: "New York Stock Exchange" },
  ARCA: { code: "ARCA", mic_code: "ARCX", name: "NYSE Arca" },
} as const;

/** Brokerages SnapTrade offers read-only. */
const READ_ONLY_BROKERAGES = new Set(["FIDELITY", "VANGUARD"]);

export function exchangeOf(instrument: Instrument) {
  const exchange = EXCHANGES[instrument.exchange];
  return {
    id: stableUuid(`exchange:${exchange.code}`),
    ...exchange,
    timezone: "America/New_York",
    start_time: "09:30:00",
    close_time: "16:00:00",
    suffix: null,
  };
}

function securityType(instrument: Instrument) {
  const code = instrument.kind === "etf" ? "et" : "cs";
  return {
    id: stableUuid(`security-type:${code}`),
    code,
    description: instrument.kind === "etf" ? "ETF" : "Common Stock",
    is_supported: true,
  };
}

export function universalSymbol(instrument: Instrument) {
  return {
    id: instrument.id,
    symbol: instrument.symbol,
    raw_symbol: instrument.symbol,
    description: instrument.name,
    currency: USD,
    exchange: exchangeOf(instrument),
    type: securityType(instrument),
    figi_code: null,
    figi_instrument: null,
    currencies: [USD],
  };
}

export function brokerageShape(brokerage: Brokerage) {
  return {
    id: stableUuid(`brokerage:${brokerage.slug}`),
    slug: brokerage.slug,
    name: brokerage.name,
    display_name: brokerage.name,
    description: `${brokerage.name} (SnapTrade sandbox)`,
    aws_s3_logo_url: `https://passiv-brokerage-logos.s3.ca-central-1.amazonaws.com/${brokerage.slug.toLowerCase()}.png`,
    aws_s3_square_logo_url: null,
    url: null,
    enabled: true,
    maintenance_mode: false,
    is_degraded: false,
    allows_trading: !READ_ONLY_BROKERAGES.has(brokerage.slug),
    allows_fractional_units: brokerage.allowsFractionalUnits ?? true,
    has_reporting: true,
    is_real_time_connection: true,
    brokerage_type: { id: stableUuid("brokerage-type:traditional"), name: "Traditional Brokerage" },
    exchanges: [],
    open_url: null,
  };
}

export function authorizationShape(connection: SnaptradeConnection) {
  return {
    id: connection.id,
    created_date: connection.createdAt,
    updated_date: connection.disabledAt ?? connection.createdAt,
    brokerage: brokerageShape(connection.brokerage),
    name: `Connection-${connection.brokerage.slug}`,
    type: connection.type,
    disabled: connection.disabled,
    disabled_date: connection.disabledAt,
    meta: {},
    is_eligible_for_payout: false,
    data_freshness_mode: "realtime",
  };
}

function rawTypeOf(account: Account): string {
  const name = account.name.toLowerCase();
  if (name.includes("roth")) return "ROTH_IRA";
  if (name.includes("ira")) return "IRA";
  if (name.includes("401")) return "401K";
  return "Margin";
}

/**
 * When SnapTrade last synced the account from its brokerage: with the daily cache, the last
 * sync (a refresh, a fill, or the connection); otherwise every answer is live.
 */
export function lastSyncOf(world: World, account: Account): string {
  return world.behaviour.snaptradeDailyCache ? (account.syncedAt ?? account.createdAt) : world.nowIso();
}

function syncStatus(world: World, account: Account) {
  const now = world.now();
  return {
    transactions: {
      initial_sync_completed: true,
      last_successful_sync: isoDate(now),
      first_transaction_date: isoDate(new Date(now.getTime() - 90 * 86_400_000)),
    },
    holdings: { initial_sync_completed: true, last_successful_sync: lastSyncOf(world, account) },
  };
}

export function accountShape(world: World, account: Account) {
  return {
    id: account.id,
    brokerage_authorization: account.connectionId,
    name: account.name,
    number: account.number,
    institution_name: account.institution,
    institution_account_id: null,
    created_date: account.createdAt,
    opening_date: null,
    funding_date: null,
    sync_status: syncStatus(world, account),
    balance: { total: { amount: totalValue(world, account), currency: "USD" } },
    status: "open",
    raw_type: rawTypeOf(account),
    account_category: "INVESTMENT",
    meta: { type: rawTypeOf(account), status: "ACTIVE", institution_name: account.institution },
    cash_restrictions: [],
    is_paper: false,
  };
}

/** The short account shape used inside trade impacts. */
export function accountSimpleShape(world: World, account: Account) {
  return {
    id: account.id,
    name: account.name,
    number: account.number,
    institution_account_id: null,
    sync_status: syncStatus(world, account),
  };
}

export function balancesShape(world: World, account: Account) {
  return [{ currency: USD, cash: roundMoney(account.cash), buying_power: buyingPower(world, account) }];
}

function stockInstrument(world: World, symbol: string) {
  const instrument = world.catalogue.find(symbol);
  return {
    kind: instrument?.kind ?? "stock",
    id: instrument?.id ?? stableUuid(`symbol:${symbol}`),
    symbol,
    raw_symbol: symbol,
    description: instrument?.name ?? symbol,
    currency: "USD",
    exchange: instrument ? exchangeOf(instrument).mic_code : null,
    figi_instrument: null,
  };
}

/** positions/all row of an option: prices per share, cost basis per contract, the multiplier said. */
export function optionPositionShape(world: World, option: OptionPosition) {
  const symbol = occSymbol(option);
  return {
    instrument: {
      kind: "option",
      id: stableUuid(`option:${symbol}`),
      symbol,
      option_type: option.type === "call" ? "CALL" : "PUT",
      strike_price: decimalString(option.strike, 4),
      expiration_date: option.expiration,
      multiplier: decimalString(option.multiplier),
      description: `${option.underlying} ${option.expiration} ${option.strike} ${option.type.toUpperCase()}`,
      underlying: stockInstrument(world, option.underlying),
    },
    units: decimalString(option.units),
    price: decimalString(option.price, 4),
    cost_basis: decimalString(option.avgPrice * option.multiplier, 4),
    currency: "USD",
    cash_equivalent: false,
  };
}

export function accountPositionShape(world: World, position: Position) {
  const price = world.prices.get(position.symbol)?.price ?? position.avgPrice;
  return {
    instrument: stockInstrument(world, position.symbol),
    units: decimalString(position.units),
    price: decimalString(price, 4),
    cost_basis: decimalString(position.avgPrice, 4),
    currency: "USD",
    cash_equivalent: false,
  };
}

export const SNAPTRADE_ORDER_TYPES = {
  market: "Market",
  limit: "Limit",
  stop: "Stop",
  stop_limit: "StopLimit",
} as const;
export const SNAPTRADE_TIME_IN_FORCE = {
  day: "Day",
  gtc: "GTC",
  ioc: "IOC",
  fok: "FOK",
  opg: "Day",
  cls: "Day",
} as const;

export function orderStatus(order: Order): string {
  if (order.vendorStatus) return order.vendorStatus;
  switch (order.status) {
    case "accepted":
      return "PENDING";
    case "new":
      return "ACCEPTED";
    case "partially_filled":
      return "PARTIAL";
    case "filled":
      return "EXECUTED";
    case "canceled":
      return order.filledQuantity > 0 ? "PARTIAL_CANCELED" : "CANCELED";
    case "expired":
      return "EXPIRED";
    case "rejected":
      return "REJECTED";
  }
}

export function orderRecordShape(world: World, order: Order) {
  const instrument = world.catalogue.find(order.symbol);
  const total = order.quantity;
  const canceled = order.status === "canceled" || order.status === "expired";
  const open =
    total === null || canceled || order.status === "rejected" ? 0 : Math.max(0, total - order.filledQuantity);
  return {
    brokerage_order_id: order.id,
    brokerage_group_order_id: null,
    order_role: null,
    status: orderStatus(order),
    universal_symbol: instrument ? universalSymbol(instrument) : null,
    option_symbol: null,
    quote_universal_symbol: null,
    quote_currency: USD,
    action: order.side === "buy" ? "BUY" : "SELL",
    total_quantity: total === null ? null : decimalString(total),
    open_quantity: decimalString(open),
    canceled_quantity: decimalString(canceled && total !== null ? total - order.filledQuantity : 0),
    filled_quantity: decimalString(order.filledQuantity),
    execution_price: order.filledAvgPrice === null ? null : decimalString(order.filledAvgPrice, 4),
    limit_price: order.limitPrice === null ? null : decimalString(order.limitPrice, 4),
    stop_price: order.stopPrice === null ? null : decimalString(order.stopPrice, 4),
    trailing_stop: null,
    order_type: SNAPTRADE_ORDER_TYPES[order.orderType],
    time_in_force: SNAPTRADE_TIME_IN_FORCE[order.timeInForce],
    time_placed: order.receivedAt,
    time_updated: order.updatedAt,
    time_executed: order.filledAt,
    expiry_date: null,
    symbol: instrument?.id ?? stableUuid(`symbol:${order.symbol}`),
    child_brokerage_order_ids: null,
  };
}

const ACTIVITY_DATE_TIME = (at: string) => `${at.slice(0, 10)}T00:00:00.000Z`;

export function activityShape(world: World, account: Account, activity: Activity) {
  const instrument = activity.symbol ? world.catalogue.find(activity.symbol) : undefined;
  const {
    currencies: _currencies,
    description: _description,
    ...symbol
  } = instrument ? universalSymbol(instrument) : { currencies: null, description: null };
  return {
    id: activity.id,
    symbol: instrument ? { ...symbol, description: instrument.name } : null,
    currency_universal_symbol: null,
    option_symbol: null,
    price: activity.price,
    units: activity.units,
    amount: activity.amount,
    currency: USD,
    type: activity.type,
    option_type: "",
    description: activity.description,
    trade_date: activity.at,
    settlement_date: ACTIVITY_DATE_TIME(activity.at),
    fee: activity.fee,
    fx_rate: null,
    institution: account.institution,
    external_reference_id: activity.orderId,
  };
}
