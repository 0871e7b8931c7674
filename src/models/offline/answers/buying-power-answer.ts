import { accountLabel, PAPER_NOTE } from "../../text/account-label.js";
import { formatMoney, joinWithAnd } from "../../text/format.js";
import { cleanDataText } from "../../text/untrusted-text.js";
import type { GetBuyingPowerResult, TotalsSummary } from "../../tool-contracts.js";

/**
 * get_buying_power → cash or buying power (whichever was asked: they are different figures) over
 * every listed live account, each account on its line, and paper money apart, never added in.
 */

type BuyingPowerAccount = GetBuyingPowerResult["accounts"][number];

const CASH_QUESTION = /\bcash\b|\bbalance\b|\bsettled\b|\buninvested\b/i;
const POWER_QUESTION = /\bbuying power\b|\bspend\b|\binvest\b|\bafford\b|\bavailable to\b/i;

export function buyingPowerAnswer(result: GetBuyingPowerResult, question = ""): string {
  if (result.accounts.length === 0) return "You have no linked accounts with cash or buying power yet.";
  const focus: Focus =
    CASH_QUESTION.test(question) && !POWER_QUESTION.test(question) ? "cash" : "buyingPower";
  const live = result.accounts.filter((a) => !a.isPaper);
  const paper = result.accounts.filter((a) => a.isPaper);
  const [only] = result.accounts;
  if (result.accounts.length === 1 && only) return `${accountLine(only, true, focus)}.`;
  const lines: string[] = [];
  if (live.length > 0) {
    lines.push(headline(result.totals?.live ?? null, focus, "across your live accounts"));
    for (const account of live) lines.push(`- ${accountLine(account, false, focus)}`);
  }
  if (paper.length > 0) {
    const where =
      live.length > 0
        ? "Paper trading (simulated money, not included above)"
        : "All your accounts are paper trading (simulated money)";
    lines.push(`${where}:`);
    for (const account of paper) lines.push(`- ${accountLine(account, false, focus)}`);
  }
  return lines.join("\n");
}

type Focus = "cash" | "buyingPower";

function headline(totals: TotalsSummary | null, focus: Focus, where: string): string {
  if (!totals) return `Your accounts ${where}:`;
  const unknownNames = (focus === "cash" ? totals.cashUnknownIn : totals.buyingPowerUnknownIn).map((n) =>
    cleanDataText(n, 60),
  );
  const unknown =
    unknownNames.length > 0
      ? ` (${joinWithAnd(unknownNames)} ${unknownNames.length === 1 ? "reports" : "report"} none, so ${unknownNames.length === 1 ? "it is" : "they are"} not in it)`
      : "";
  if (focus === "cash") {
    return `Your cash is ${formatMoney(totals.cash)} ${where}${unknown}; buying power is a separate figure, ${formatMoney(totals.buyingPower)}:`;
  }
  const tradeable =
    totals.tradeableBuyingPower !== totals.buyingPower
      ? `, of which ${formatMoney(totals.tradeableBuyingPower)} is in accounts you can trade from here`
      : "";
  return `Your buying power is ${formatMoney(totals.buyingPower)} ${where}${tradeable}${unknown}; your cash is ${formatMoney(totals.cash)}:`;
}

function accountLine(account: BuyingPowerAccount, sentence: boolean, focus: Focus): string {
  const label = accountLabel({ institution: account.institution, name: account.name });
  const power = account.buyingPower !== null ? formatMoney(account.buyingPower) : "unknown";
  const cash = account.cash !== null ? formatMoney(account.cash) : "unknown";
  const notes = [account.canTrade ? null : "read-only", account.isPaper ? PAPER_NOTE : null].filter(Boolean);
  const suffix = notes.length > 0 ? ` (${notes.join(", ")})` : "";
  if (focus === "cash") {
    return sentence
      ? `${label}${suffix} has ${cash} in cash and ${power} of buying power`
      : `${label}${suffix}: ${cash} cash, ${power} buying power`;
  }
  return sentence
    ? `${label}${suffix} has ${power} of buying power and ${cash} in cash`
    : `${label}${suffix}: ${power} buying power, ${cash} cash`;
}
