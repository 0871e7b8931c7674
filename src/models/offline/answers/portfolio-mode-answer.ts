import { accountLabel } from "../../text/account-label.js";
import { joinWithAnd } from "../../text/format.js";
import type { GetPortfolioModeResult } from "../../tool-contracts.js";

/** get_portfolio_mode → which kinds of accounts are linked and which can trade. */
export function portfolioModeAnswer(result: GetPortfolioModeResult): string {
  const traders = joinWithAnd(result.tradingAccounts.map((a) => accountLabel(a)));
  switch (result.mode) {
    case "none":
      return "You haven't linked any accounts yet, so there is nothing to show or trade. Link a brokerage account to start.";
    case "brokerage":
      return `All your linked accounts are brokerage accounts. These can trade: ${traders || "none right now"}.`;
    case "aggregation":
      return traders
        ? `Your linked accounts are all held at other institutions (through SnapTrade or Plaid). These can trade: ${traders}; any others are view-only.`
        : "Your linked accounts are view-only (linked for viewing), so I can show your holdings but can't place trades. Link a brokerage with trading access to trade.";
    case "hybrid":
      return `You have both kinds of accounts. ${traders ? `These can trade: ${traders}.` : "None can trade right now."} The others are read-only: I can show them but not trade in them.`;
    default:
      return "I couldn't tell which kinds of accounts you have linked.";
  }
}
