import { accountLabel } from "../../text/account-label.js";
import { formatDate, formatMoney, formatNumber, plural } from "../../text/format.js";
import { cleanDataText } from "../../text/untrusted-text.js";
import type { GetTransactionsResult } from "../../tool-contracts.js";

/** get_transactions → recent activity, or only dividends when that is what was asked. */

const MAX_LISTED = 10;
type Transaction = GetTransactionsResult["transactions"][number];

export function transactionsAnswer(result: GetTransactionsResult, question: string): string {
  const onlyDividends = /\bdividends?\b/i.test(question);
  const rows = [...result.transactions]
    .filter((t) => !onlyDividends || /dividend/i.test(t.type))
    .sort((a, b) => b.at.localeCompare(a.at));
  if (rows.length === 0) {
    return onlyDividends ? "I found no dividends in that period." : "I found no transactions in that period.";
  }
  const header = onlyDividends
    ? `You received ${plural(rows.length, "dividend")}${dividendTotal(rows)}:`
    : `Your recent activity (${plural(rows.length, "transaction")}):`;
  const lines = [header, ...rows.slice(0, MAX_LISTED).map((t) => `- ${transactionLine(t)}`)];
  if (rows.length > MAX_LISTED) lines.push(`…and ${rows.length - MAX_LISTED} more.`);
  return lines.join("\n");
}

function dividendTotal(rows: Transaction[]): string {
  const amounts = rows.map((t) => t.amount).filter((a): a is number => a !== null);
  return amounts.length > 0 ? `, ${formatMoney(amounts.reduce((sum, a) => sum + a, 0))} in total` : "";
}

function transactionLine(t: Transaction): string {
  const parts = [cleanDataText(t.type, 30).toLowerCase().replace(/_/g, " ")];
  // A dividend or fee carries no share count worth saying ("dividend 0 AAPL").
  if (t.quantity !== null && t.quantity !== 0) parts.push(formatNumber(Math.abs(t.quantity)));
  if (t.symbol) parts.push(cleanDataText(t.symbol, 12).toUpperCase());
  if (t.price !== null) parts.push(`at ${formatMoney(t.price)}`);
  const amount = t.amount !== null ? `, ${formatMoney(t.amount)}` : "";
  const where = accountLabel({ institution: t.institution, name: t.accountName });
  return `${formatDate(t.at) ?? "unknown date"}: ${parts.join(" ")}${amount} (${where})`;
}
