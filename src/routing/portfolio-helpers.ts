import { compareIds, defaultTradingAccount } from "./route-trade.js";
import { canTradeNow, whyCannotTrade } from "./tradeability.js";
import type { RoutableAccount, RoutableHolding } from "./types.js";

export type PortfolioMode = "none" | "brokerage" | "aggregation" | "hybrid";

export interface PortfolioModeSummary {
  /** brokerage = Alpaca only; aggregation = only external links (SnapTrade, Plaid); hybrid = both. */
  mode: PortfolioMode;
  hasAlpaca: boolean;
  hasSnaptrade: boolean;
  hasPlaid: boolean;
  /** Ids of the accounts an order can go to, the default trading account first. */
  tradingAccounts: string[];
}

export function portfolioMode(accounts: RoutableAccount[]): PortfolioModeSummary {
  const hasAlpaca = accounts.some((a) => a.provider === "alpaca");
  const hasSnaptrade = accounts.some((a) => a.provider === "snaptrade");
  const hasPlaid = accounts.some((a) => a.provider === "plaid");
  const hasExternal = hasSnaptrade || hasPlaid;
  const mode: PortfolioMode = hasAlpaca
    ? hasExternal
      ? "hybrid"
      : "brokerage"
    : hasExternal
      ? "aggregation"
      : "none";
  return {
    mode,
    hasAlpaca,
    hasSnaptrade,
    hasPlaid,
    tradingAccounts: tradingAccounts(accounts).map((a) => a.id),
  };
}

/** Accounts an order can go to now: the default trading account first, then by id. */
export function tradingAccounts<A extends RoutableAccount>(accounts: A[]): A[] {
  const preferred = defaultTradingAccount(accounts);
  return accounts
    .filter(canTradeNow)
    .sort((a, b) => (a === preferred ? -1 : b === preferred ? 1 : compareIds(a, b)));
}

export interface SymbolHolder<A extends RoutableAccount> {
  account: A;
  quantity: number;
  canTrade: boolean;
  /** Why the account cannot trade; null when it can. */
  whyNot: string | null;
}

/** The accounts holding more than zero of `symbol`, largest holding first (then by id). */
export function accountsHoldingSymbol<A extends RoutableAccount>(
  symbol: string,
  accounts: A[],
  holdings: RoutableHolding[],
): SymbolHolder<A>[] {
  const wanted = symbol.trim().toUpperCase();
  return accounts
    .map((account) => ({
      account,
      quantity: holdings
        .filter((h) => h.accountId === account.id && h.symbol.trim().toUpperCase() === wanted)
        .reduce((sum, h) => sum + h.quantity, 0),
      canTrade: canTradeNow(account),
      whyNot: whyCannotTrade(account),
    }))
    .filter((holder) => holder.quantity > 0)
    .sort((a, b) => b.quantity - a.quantity || compareIds(a.account, b.account));
}
