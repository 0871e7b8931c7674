import type { Account, PortfolioScope } from "./service.js";

/**
 * Which accounts "the portfolio" means: the live ones whenever any is linked, else the paper
 * ones. Paper money is simulated; adding it to real money would overstate what the user has.
 */
export function portfolioScope(accounts: Account[]): { scope: PortfolioScope; accountIds: Set<string> } {
  const live = accounts.filter((a) => !a.isPaper);
  const chosen = live.length > 0 ? live : accounts;
  return { scope: live.length > 0 ? "live" : "paper", accountIds: new Set(chosen.map((a) => a.id)) };
}
