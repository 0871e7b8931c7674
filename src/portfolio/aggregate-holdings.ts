import { cents } from "../brokers/numbers.js";
import type { Account, AccountPosition, Holding } from "./service.js";

function sumOrNull(values: Array<number | null>): number | null {
  if (values.some((v) => v === null)) return null;
  return cents(values.reduce<number>((total, v) => total + (v ?? 0), 0));
}

/** What one account is worth: the broker's total when it gives one, else cash plus positions. */
export function accountValue(account: Account, positions: AccountPosition[]): number {
  if (account.totalValue !== null) return account.totalValue;
  const invested = positions
    .filter((p) => p.accountId === account.id)
    .reduce((total, p) => total + (p.marketValue ?? 0), 0);
  return cents((account.cash ?? 0) + invested);
}

export function portfolioValue(accounts: Account[], positions: AccountPosition[]): number {
  return cents(accounts.reduce((total, account) => total + accountValue(account, positions), 0));
}

/**
 * One row per symbol across the given accounts (positions of other accounts are ignored), each
 * with its per-account contributions, largest first. Cost basis and P/L are totals, and null
 * when any contributing account does not report them (a partial sum would mislead).
 */
export function aggregateHoldings(accounts: Account[], positions: AccountPosition[]): Holding[] {
  const byId = new Map(accounts.map((a) => [a.id, a]));
  const bySymbol = new Map<string, AccountPosition[]>();
  for (const position of positions) {
    if (!byId.has(position.accountId) || position.quantity === 0) continue;
    const list = bySymbol.get(position.symbol) ?? [];
    list.push(position);
    bySymbol.set(position.symbol, list);
  }
  const holdings: Holding[] = [];
  for (const [symbol, rows] of bySymbol) {
    const quantity = rows.reduce((total, p) => total + p.quantity, 0);
    const marketValue = sumOrNull(rows.map((p) => p.marketValue));
    const costBasis = sumOrNull(rows.map((p) => p.costBasis));
    const price =
      marketValue !== null && quantity !== 0
        ? marketValue / quantity
        : (rows.find((p) => p.price !== null)?.price ?? null);
    holdings.push({
      symbol,
      // Some brokers (Alpaca positions) repeat the ticker as the description: prefer a real name.
      description:
        rows.find((p) => p.description && p.description.toUpperCase() !== symbol.toUpperCase())
          ?.description ??
        rows.find((p) => p.description)?.description ??
        "",
      quantity,
      price,
      marketValue,
      costBasis,
      unrealizedPl: marketValue !== null && costBasis !== null ? marketValue - costBasis : null,
      accounts: rows
        .map((p) => ({
          accountId: p.accountId,
          quantity: p.quantity,
          marketValue: p.marketValue,
          canTrade: byId.get(p.accountId)!.canTrade,
        }))
        .sort(
          (a, b) => (b.marketValue ?? 0) - (a.marketValue ?? 0) || a.accountId.localeCompare(b.accountId),
        ),
    });
  }
  return holdings.sort(
    (a, b) => (b.marketValue ?? 0) - (a.marketValue ?? 0) || a.symbol.localeCompare(b.symbol),
  );
}
