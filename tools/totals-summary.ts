import { accountLabel } from "../src/core/format.js";
import type { TotalsSummary } from "../src/models/tool-contracts.js";
import { portfolioTotals } from "../src/portfolio/aggregate-holdings.js";
import type { Account, AccountPosition, Holding, PortfolioTotals } from "../src/portfolio/service.js";

/** The portfolio layer's totals as the model reads them: unknowns named, not as ids. */
export function totalsSummary(totals: PortfolioTotals | null, accounts: Account[]): TotalsSummary | null {
  if (!totals) return null;
  const byId = new Map(accounts.map((a) => [a.id, a]));
  const label = (id: string) => {
    const account = byId.get(id);
    return account ? accountLabel(account) : id;
  };
  return {
    accounts: totals.accountIds.length,
    cash: totals.cash,
    buyingPower: totals.buyingPower,
    tradeableBuyingPower: totals.tradeableBuyingPower,
    positionsValue: totals.marketValue,
    totalValue: totals.totalValue,
    costBasis: totals.costBasis,
    unrealizedPl: totals.unrealizedPl,
    realizedPl: totals.realizedPl,
    cashUnknownIn: totals.unknown.cash.map(label),
    buyingPowerUnknownIn: totals.unknown.buyingPower.map(label),
    costBasisUnknownFor: totals.unknown.costBasis,
  };
}

/** Live and paper totals of some accounts, from the aggregated holdings' per-account rows. */
export function totalsOf(
  accounts: Account[],
  holdings: Holding[],
): { live: TotalsSummary | null; paper: TotalsSummary | null } {
  const positions: AccountPosition[] = holdings.flatMap((h) =>
    h.accounts.map((entry) => ({
      accountId: entry.accountId,
      symbol: h.symbol,
      description: h.description,
      quantity: entry.quantity,
      price: h.price,
      marketValue: entry.marketValue,
      costBasis: entry.costBasis,
    })),
  );
  const live = accounts.filter((a) => !a.isPaper);
  const paper = accounts.filter((a) => a.isPaper);
  return {
    live: live.length > 0 ? totalsSummary(portfolioTotals(live, positions), accounts) : null,
    paper: paper.length > 0 ? totalsSummary(portfolioTotals(paper, positions), accounts) : null,
  };
}
