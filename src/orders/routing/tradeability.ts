import type { RoutableAccount } from "./types.js";

/**
 * Why an order cannot go to this account, in words for the user; null when it can. Read-only
 * links (Plaid, SnapTrade read access) and broken or disabled connections never trade.
 */
export function whyCannotTrade(account: RoutableAccount): string | null {
  if (account.provider === "plaid") return "it is linked through Plaid, which is read-only";
  if (account.connectionStatus === "disabled" || account.connectionStatus === "broken") {
    return `its connection to ${account.institution} is ${account.connectionStatus} and must be reconnected`;
  }
  if (!account.canTrade) {
    return account.provider === "snaptrade"
      ? "it is connected with read-only access; reconnect it with trading access"
      : "trading is not enabled on it";
  }
  return null;
}

export function canTradeNow(account: RoutableAccount): boolean {
  return whyCannotTrade(account) === null;
}
