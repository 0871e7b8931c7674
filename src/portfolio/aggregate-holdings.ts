import { Decimal } from "decimal.js";
import { type DecimalInput, sumDecimal, toMoney, toMoneyOrNull, toPrice } from "../core/money.js";
import type { Account, AccountPosition, Holding, PortfolioTotals } from "./service.js";

function sumOrNull(values: Array<number | null>): Decimal | null {
  if (values.some((v) => v === null)) return null;
  return sumDecimal(values as number[]);
}

function minus(a: DecimalInput | null, b: DecimalInput | null): number | null {
  return a === null || b === null ? null : toMoney(new Decimal(a).minus(b));
}

/** What one account is worth: the broker's total when it gives one, else cash plus positions. */
export function accountValue(account: Account, positions: AccountPosition[]): number {
  if (account.totalValue !== null) return account.totalValue;
  const invested = sumDecimal(
    positions.filter((p) => p.accountId === account.id).map((p) => p.marketValue ?? 0),
  );
  return toMoney(invested.plus(account.cash ?? 0));
}

export function portfolioValue(accounts: Account[], positions: AccountPosition[]): number {
  return toMoney(sumDecimal(accounts.map((account) => accountValue(account, positions))));
}

/**
 * One row per symbol (live and paper apart) across the given accounts (positions of other
 * accounts are ignored), each with its per-account contributions, largest first.
 */
export function aggregateHoldings(accounts: Account[], positions: AccountPosition[]): Holding[] {
  const byId = new Map(accounts.map((a) => [a.id, a]));
  const groups = new Map<string, AccountPosition[]>();
  for (const position of positions) {
    const account = byId.get(position.accountId);
    if (!account || position.quantity === 0) continue;
    const key = `${account.isPaper ? "paper" : "live"}:${position.symbol}`;
    groups.set(key, [...(groups.get(key) ?? []), position]);
  }
  const holdings: Holding[] = [];
  for (const rows of groups.values()) {
    const symbol = rows[0]!.symbol;
    const quantity = sumDecimal(rows.map((p) => p.quantity));
    const marketValue = sumOrNull(rows.map((p) => p.marketValue));
    const costBasis = sumOrNull(rows.map((p) => p.costBasis));
    const known = rows.find((p) => p.price !== null)?.price ?? null;
    const price = marketValue !== null && !quantity.isZero() ? toPrice(marketValue.div(quantity)) : known;
    holdings.push({
      symbol,
      // Some brokers (Alpaca positions) repeat the ticker as the description: prefer a real name.
      description:
        rows.find((p) => p.description && p.description.toUpperCase() !== symbol.toUpperCase())
          ?.description ??
        rows.find((p) => p.description)?.description ??
        "",
      isPaper: byId.get(rows[0]!.accountId)!.isPaper,
      quantity: quantity.toNumber(),
      price,
      marketValue: toMoneyOrNull(marketValue),
      costBasis: toMoneyOrNull(costBasis),
      averageCost: costBasis !== null && !quantity.isZero() ? toPrice(costBasis.div(quantity)) : null,
      unrealizedPl: minus(marketValue, costBasis),
      accounts: rows
        .map((p) => ({
          accountId: p.accountId,
          quantity: p.quantity,
          marketValue: toMoneyOrNull(p.marketValue),
          costBasis: toMoneyOrNull(p.costBasis),
          unrealizedPl: minus(p.marketValue, p.costBasis),
          canTrade: byId.get(p.accountId)!.canTrade,
        }))
        .sort(
          (a, b) => (b.marketValue ?? 0) - (a.marketValue ?? 0) || a.accountId.localeCompare(b.accountId),
        ),
    });
  }
  return holdings.sort(
    (a, b) =>
      Number(a.isPaper) - Number(b.isPaper) ||
      (b.marketValue ?? 0) - (a.marketValue ?? 0) ||
      a.symbol.localeCompare(b.symbol),
  );
}

/** The figures of the given accounts (one scope: all live or all paper) and their positions. */
export function portfolioTotals(accounts: Account[], positions: AccountPosition[]): PortfolioTotals {
  const ids = new Set(accounts.map((a) => a.id));
  const mine = positions.filter((p) => ids.has(p.accountId) && p.quantity !== 0);
  const withCost = mine.filter((p) => p.costBasis !== null && p.marketValue !== null);
  const unique = (values: string[]) => [...new Set(values)].sort();
  return {
    accountIds: accounts.map((a) => a.id),
    cash: toMoney(sumDecimal(accounts.map((a) => a.cash ?? 0))),
    buyingPower: toMoney(sumDecimal(accounts.map((a) => a.buyingPower ?? 0))),
    tradeableBuyingPower: toMoney(
      sumDecimal(accounts.filter((a) => a.canTrade).map((a) => a.buyingPower ?? 0)),
    ),
    marketValue: toMoney(sumDecimal(mine.map((p) => p.marketValue ?? 0))),
    totalValue: portfolioValue(accounts, positions),
    costBasis: toMoney(sumDecimal(withCost.map((p) => p.costBasis!))),
    unrealizedPl: toMoney(sumDecimal(withCost.map((p) => new Decimal(p.marketValue!).minus(p.costBasis!)))),
    realizedPl: null,
    unknown: {
      cash: accounts.filter((a) => a.cash === null).map((a) => a.id),
      buyingPower: accounts.filter((a) => a.buyingPower === null).map((a) => a.id),
      marketValue: unique(mine.filter((p) => p.marketValue === null).map((p) => p.symbol)),
      costBasis: unique(mine.filter((p) => p.costBasis === null).map((p) => p.symbol)),
    },
  };
}
