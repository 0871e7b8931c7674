import type {
  AccountPosition,
  AccountUniversalActivity,
  Balance,
  BrokerageAuthorization,
  Account as SnaptradeAccount,
  UniversalSymbol,
} from "snaptrade-typescript-sdk";
import { maskAccountNumber } from "../../core/logger.js";
import { cleanUntrustedText } from "../../core/untrusted-text.js";
import type { Activity, ActivityType, BrokerAccount, BrokerPosition } from "../model.js";
import { prefixedAccountId } from "../model.js";
import { cents, decimal } from "../numbers.js";
import type { SymbolInfo } from "../session.js";

/** A SnapTrade brokerage authorization: one login at one brokerage, holding one or more accounts. */
export interface SnaptradeConnection {
  id: string;
  brokerageName: string;
  brokerageSlug: string;
  type: "trade" | "read";
  disabled: boolean;
  disabledAt: string | null;
  /** The brokerage's `allows_fractional_units`; null when it does not say. */
  fractionalUnits: boolean | null;
}

export function toConnection(authorization: BrokerageAuthorization): SnaptradeConnection {
  const brokerage = authorization.brokerage;
  return {
    id: authorization.id ?? "",
    brokerageName:
      cleanUntrustedText(brokerage?.display_name || brokerage?.name || authorization.name || "") ||
      "SnapTrade",
    brokerageSlug: brokerage?.slug ?? "",
    // Anything but an explicit trade authorization is treated as read-only.
    type: authorization.type === "trade" ? "trade" : "read",
    disabled: authorization.disabled === true,
    disabledAt: authorization.disabled_date ?? null,
    fractionalUnits:
      typeof brokerage?.allows_fractional_units === "boolean" ? brokerage.allows_fractional_units : null,
  };
}

/** The balance in the account's own currency, else the first one listed. */
function accountBalance(balances: Balance[], currency: string): Balance | undefined {
  return balances.find((b) => b.currency?.code === currency) ?? balances[0];
}

/**
 * `balances` is null when SnapTrade could not give them (a disabled connection): money fields
 * are then unknown, not zero.
 */
export function toAccount(
  account: SnaptradeAccount,
  connection: SnaptradeConnection | undefined,
  balances: Balance[] | null,
): BrokerAccount {
  const currency = account.balance?.total?.currency || "USD";
  const balance = balances ? accountBalance(balances, currency) : undefined;
  const institution =
    cleanUntrustedText(account.institution_name ?? "") || connection?.brokerageName || "SnapTrade";
  return {
    id: prefixedAccountId("snaptrade", account.id),
    provider: "snaptrade",
    providerAccountId: account.id,
    connectionId: account.brokerage_authorization ?? null,
    institution,
    name: cleanUntrustedText(account.name ?? "") || institution,
    numberMasked: maskAccountNumber(account.number),
    canTrade: connection?.type === "trade" && !connection.disabled,
    connectionStatus: connection?.disabled ? "disabled" : "active",
    isPaper: account.is_paper === true,
    currency,
    cash: decimal(balance?.cash),
    buyingPower: decimal(balance?.buying_power),
    totalValue: decimal(account.balance?.total?.amount),
    dataAsOf: account.sync_status?.holdings?.last_successful_sync ?? null,
  };
}

/** `fractionalUnits`: the brokerage's `allows_fractional_units` behind the account (null: unknown). */
export function toSymbolInfo(listing: UniversalSymbol, fractionalUnits: boolean | null = null): SymbolInfo {
  const symbol = cleanUntrustedText(listing.symbol);
  return {
    symbol,
    description: cleanUntrustedText(listing.description ?? "") || symbol,
    tradable: listing.type?.is_supported !== false,
    // The symbol search does not say; fractional support is the brokerage's.
    fractionable: fractionalUnits,
  };
}

/**
 * A stored account brought up to date from its balances and positions alone (no account list):
 * the total is the cash plus every position's value, unknown when any position is unpriced or
 * in another currency, never a guess.
 */
export function withBalances(
  account: BrokerAccount,
  balances: Balance[] | null,
  positions: BrokerPosition[],
): BrokerAccount {
  if (balances === null) return { ...account, cash: null, buyingPower: null, totalValue: null };
  const balance = accountBalance(balances, account.currency);
  const cash = decimal(balance?.cash);
  const comparable = positions.every((p) => p.marketValue !== null && p.currency === account.currency);
  const invested = positions.reduce((sum, p) => sum + (p.marketValue ?? 0), 0);
  return {
    ...account,
    cash,
    buyingPower: decimal(balance?.buying_power),
    totalValue: cash !== null && comparable ? cents(cash + invested) : null,
  };
}

/**
 * positions/all sends every number as a string. `price` is per share and `cost_basis` per unit
 * held (per contract for options), so a contract's value is price x units x its multiplier
 * (100 shares for a standard option, 10 for a mini, the contract size for a future).
 */
export function toPosition(accountId: string, position: AccountPosition): BrokerPosition {
  const quantity = decimal(position.units) ?? 0;
  const price = decimal(position.price);
  const unitCost = decimal(position.cost_basis);
  const symbol = cleanUntrustedText(position.instrument.symbol);
  const multiplier =
    decimal((position.instrument as { multiplier?: string | number | null }).multiplier) ?? 1;
  return {
    accountId,
    symbol,
    description: cleanUntrustedText(position.instrument.description ?? "") || symbol,
    quantity,
    price,
    marketValue: price === null ? null : cents(price * quantity * multiplier),
    costBasis: unitCost === null ? null : unitCost * quantity,
    currency: position.currency || position.instrument.currency || "USD",
  };
}

const activityTypes: Record<string, ActivityType> = {
  BUY: "buy",
  SELL: "sell",
  DIVIDEND: "dividend",
  STOCK_DIVIDEND: "dividend",
  SUBSTITUTE_DIVIDEND: "dividend",
  REI: "dividend",
  CONTRIBUTION: "deposit",
  DEPOSIT: "deposit",
  WITHDRAWAL: "withdrawal",
  FEE: "fee",
  TAX: "fee",
  INTEREST: "interest",
};

/** Null for an activity without any date: it cannot be placed in time. */
export function toActivity(accountId: string, activity: AccountUniversalActivity): Activity | null {
  const date = activity.trade_date || activity.settlement_date;
  if (!date) return null;
  return {
    id: activity.id ?? `${accountId}:${date}:${activity.type ?? ""}`,
    accountId,
    type: activityTypes[(activity.type ?? "").toUpperCase()] ?? "other",
    symbol: activity.symbol?.symbol ? cleanUntrustedText(activity.symbol.symbol) : null,
    quantity: decimal(activity.units),
    price: decimal(activity.price),
    amount: decimal(activity.amount),
    currency: activity.currency?.code || "USD",
    at: new Date(date).toISOString(),
  };
}
