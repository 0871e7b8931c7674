import { stableUuid } from "../lib/ids.js";
import { roundMoney, roundQuantity } from "../lib/numbers.js";
import { isoDate } from "../lib/time.js";
import { marketValue } from "../world/ledger.js";
import type { Account, Activity, PlaidItem, Position } from "../world/types.js";
import type { World } from "../world/world.js";

/** Plaid's shapes (API version 2020-09-14), keeping every key the spec requires. */

const MIC = { NASDAQ: "XNAS", NYSE: "XNYS", ARCA: "ARCX" } as const;

export function securityId(symbol: string): string {
  return stableUuid(`plaid-security:${symbol}`).replace(/-/g, "");
}

function subtypeOf(account: Account): string {
  const name = account.name.toLowerCase();
  if (name.includes("roth")) return "roth";
  if (name.includes("ira")) return "ira";
  if (name.includes("401")) return "401k";
  return "brokerage";
}

export function itemShape(item: PlaidItem, webhook: string | null) {
  return {
    item_id: item.id,
    institution_id: item.institutionId,
    institution_name: item.institutionName,
    webhook,
    auth_method: null,
    error: null,
    available_products: ["balance"],
    billed_products: ["investments"],
    products: ["investments"],
    consented_products: ["investments"],
    consent_expiration_time: null,
    update_type: "background",
  };
}

export function accountShape(world: World, account: Account) {
  return {
    account_id: account.id,
    balances: {
      available: roundMoney(account.cash),
      current: roundMoney(account.cash + marketValue(world, account)),
      limit: null,
      iso_currency_code: "USD",
      unofficial_currency_code: null,
      margin_loan_amount: null,
    },
    mask: account.number.slice(-4),
    name: account.name,
    official_name: `${account.institution} ${account.name}`,
    type: "investment",
    subtype: subtypeOf(account),
  };
}

export function holdingShape(world: World, account: Account, position: Position) {
  const quote = world.prices.get(position.symbol);
  const price = quote?.price ?? position.avgPrice;
  return {
    account_id: account.id,
    security_id: securityId(position.symbol),
    institution_price: price,
    institution_price_as_of: isoDate(world.now()),
    institution_price_datetime: null,
    institution_value: roundMoney(position.units * price),
    cost_basis: roundMoney(position.units * position.avgPrice),
    quantity: position.units,
    iso_currency_code: "USD",
    unofficial_currency_code: null,
    vested_quantity: null,
    vested_value: null,
  };
}

export function securityShape(world: World, symbol: string) {
  const instrument = world.catalogue.find(symbol);
  const quote = world.prices.get(symbol);
  return {
    security_id: securityId(symbol),
    isin: null,
    cusip: null,
    sedol: null,
    institution_security_id: null,
    institution_id: null,
    proxy_security_id: null,
    name: instrument?.name ?? symbol,
    ticker_symbol: symbol,
    is_cash_equivalent: false,
    type: instrument?.kind === "etf" ? "etf" : "equity",
    subtype: instrument?.kind === "etf" ? "etf" : "common stock",
    close_price: quote?.previousClose ?? null,
    close_price_as_of: isoDate(new Date(world.now().getTime() - 86_400_000)),
    update_datetime: null,
    iso_currency_code: "USD",
    unofficial_currency_code: null,
    market_identifier_code: instrument ? MIC[instrument.exchange] : null,
    sector: null,
    industry: null,
    cfi_code: null,
    option_contract: null,
    fixed_income: null,
  };
}

/** Plaid's sign convention: positive amounts leave the account (a buy), negative arrive. */
export function investmentTransactionShape(activity: Activity) {
  const kinds = {
    BUY: { type: "buy", subtype: "buy", name: "BUY" },
    SELL: { type: "sell", subtype: "sell", name: "SELL" },
    DIVIDEND: { type: "cash", subtype: "dividend", name: "DIVIDEND" },
    CONTRIBUTION: { type: "cash", subtype: "deposit", name: "DEPOSIT" },
    INTEREST: { type: "cash", subtype: "interest", name: "INTEREST" },
  } as const;
  const kind = kinds[activity.type];
  const quantity = activity.type === "SELL" ? -activity.units : activity.units;
  return {
    investment_transaction_id: activity.id.replace(/-/g, ""),
    cancel_transaction_id: null,
    account_id: activity.accountId,
    security_id: activity.symbol ? securityId(activity.symbol) : null,
    date: activity.at.slice(0, 10),
    transaction_datetime: null,
    name: activity.description || kind.name,
    quantity: roundQuantity(quantity),
    amount: roundMoney(-activity.amount),
    price: activity.price,
    fees: activity.fee,
    type: kind.type,
    subtype: kind.subtype,
    iso_currency_code: "USD",
    unofficial_currency_code: null,
  };
}
