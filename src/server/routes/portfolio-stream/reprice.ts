import type { Account, Holding, HoldingsView } from "../../../portfolio/service.js";
import type { CachedPrice } from "./price-cache.js";

/** The `portfolio` SSE event (DESIGN.md section 4). */
export interface PortfolioStreamEvent {
  asOf: string;
  totalValue: number;
  positions: Holding[];
}

const cents = (value: number) => Math.round(value * 100) / 100;

/**
 * Holdings revalued at fresh prices, in proportion to the price (a holding without a synced
 * price is left as it is). The total moves by the change in each repriced position,
 * so cash and positions without a fresh price keep their synced value. Positions whose synced
 * value is unknown stay unknown: the account's broker total may already count them.
 */
export function repriceHoldings(
  view: Pick<HoldingsView, "asOf" | "scope" | "totalValue" | "positions">,
  prices: ReadonlyMap<string, CachedPrice>,
  now: Date,
): PortfolioStreamEvent {
  let totalValue = view.totalValue;
  const positions = view.positions.map((holding) => {
    const fresh = prices.get(holding.symbol);
    if (!fresh || holding.marketValue === null || holding.price === null || holding.price <= 0)
      return holding;
    // Values move with the price, so a contract's multiplier (an option's 100 shares) is kept.
    const scale = fresh.price / holding.price;
    const marketValue = cents(holding.marketValue * scale);
    // The total covers one scope: paper positions never move a live total (and the reverse).
    if (holding.isPaper === (view.scope === "paper")) totalValue += marketValue - holding.marketValue;
    return {
      ...holding,
      price: fresh.price,
      marketValue,
      unrealizedPl: holding.costBasis === null ? null : cents(marketValue - holding.costBasis),
      accounts: holding.accounts.map((entry) => {
        const entryValue = entry.marketValue === null ? null : cents(entry.marketValue * scale);
        return {
          ...entry,
          marketValue: entryValue,
          unrealizedPl:
            entryValue === null || entry.costBasis === null ? null : cents(entryValue - entry.costBasis),
        };
      }),
    };
  });
  return { asOf: now.toISOString(), totalValue: cents(totalValue), positions };
}

/**
 * The account prices are read through: an active Alpaca account first (market data without
 * touching a brokerage connection), else any active trading account. Null: no live prices.
 */
export function quoteAccountOf(accounts: Account[]): Account | null {
  const usable = accounts.filter(
    (a) => a.canTrade && a.connectionStatus === "active" && a.provider !== "plaid",
  );
  return usable.find((a) => a.provider === "alpaca") ?? usable[0] ?? null;
}

/** Whether two events would look the same on screen (so an unchanged tick sends nothing). */
export function sameValues(a: PortfolioStreamEvent, b: PortfolioStreamEvent): boolean {
  if (a.totalValue !== b.totalValue || a.positions.length !== b.positions.length) return false;
  return a.positions.every((p, i) => {
    const q = b.positions[i]!;
    return (
      p.symbol === q.symbol &&
      p.price === q.price &&
      p.quantity === q.quantity &&
      p.marketValue === q.marketValue
    );
  });
}
