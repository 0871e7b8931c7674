import type { GetBuyingPowerResult } from "../../tool-contracts.js";
import { accountLabel, PAPER_NOTE } from "../text/account-label.js";
import { formatMoney } from "../text/format.js";

/** get_buying_power → the total, then each account's buying power and cash. */

type BuyingPowerAccount = GetBuyingPowerResult["accounts"][number];

export function buyingPowerAnswer(result: GetBuyingPowerResult): string {
  if (result.accounts.length === 0) return "You have no linked accounts with cash or buying power yet.";
  const [only] = result.accounts;
  if (result.accounts.length === 1 && only) return `${accountLine(only, true)}.`;
  const lines = [`Your total buying power is ${formatMoney(result.totalBuyingPower)}:`];
  for (const account of result.accounts) lines.push(`- ${accountLine(account, false)}`);
  return lines.join("\n");
}

function accountLine(account: BuyingPowerAccount, sentence: boolean): string {
  const label = accountLabel({ institution: account.institution, name: account.name });
  const power = account.buyingPower !== null ? formatMoney(account.buyingPower) : "unknown";
  const cash = account.cash !== null ? formatMoney(account.cash) : "unknown";
  const notes = [account.canTrade ? null : "read-only", account.isPaper ? PAPER_NOTE : null].filter(Boolean);
  const suffix = notes.length > 0 ? ` (${notes.join(", ")})` : "";
  return sentence
    ? `${label}${suffix} has ${power} of buying power and ${cash} in cash`
    : `${label}${suffix}: ${power} buying power, ${cash} cash`;
}
