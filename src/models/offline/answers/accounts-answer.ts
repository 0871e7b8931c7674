import { accountLabel, PAPER_NOTE } from "../../text/account-label.js";
import { formatMoney, plural } from "../../text/format.js";
import type { AccountSummary, GetAccountsResult } from "../../tool-contracts.js";
import { warningLines } from "../../wording/warnings.js";

/** get_accounts → each linked account with its value, cash and whether it can trade. */

export function accountsAnswer(result: GetAccountsResult): string {
  if (result.accounts.length === 0) {
    return [
      "You have no linked accounts yet. Link a brokerage account to see holdings and trade.",
      ...warningLines(result.warnings),
    ].join("\n");
  }
  const lines = [`You have ${plural(result.accounts.length, "linked account")}:`];
  for (const account of result.accounts) lines.push(`- ${accountLine(account)}`);
  return [...lines, ...warningLines(result.warnings)].join("\n");
}

function accountLine(account: AccountSummary): string {
  const facts: string[] = [];
  if (account.totalValue !== null) facts.push(`${formatMoney(account.totalValue)} total`);
  if (account.cash !== null) facts.push(`${formatMoney(account.cash)} cash`);
  facts.push(account.canTrade ? "can trade" : "read-only");
  if (account.isPaper) facts.push(PAPER_NOTE);
  if (account.connectionStatus === "broken") facts.push("connection broken: reconnect it to refresh");
  if (account.connectionStatus === "disabled") facts.push("connection disabled");
  return `${accountLabel(account)}: ${facts.join(", ")}`;
}
