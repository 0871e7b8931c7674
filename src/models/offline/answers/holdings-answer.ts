import type { GetHoldingsResult, HoldingSummary } from "../../tool-contracts.js";
import { accountLabel } from "../text/account-label.js";
import { formatMoney, formatShares, joinWithAnd, plural } from "../text/format.js";
import { cleanDataText } from "../text/untrusted-text.js";
import { warningLines } from "./warnings.js";

/** get_holdings → one symbol with its per-account split, one account's positions, or the portfolio. */

const MAX_LISTED_POSITIONS = 10;

export function holdingsAnswer(result: GetHoldingsResult): string {
  const symbol = result.filter?.symbol?.toUpperCase();
  const account = cleanDataText(result.filter?.account, 60);
  const body = symbol ? symbolAnswer(result, symbol, account) : portfolioAnswer(result, account);
  return [body, ...warningLines(result.warnings)].join("\n");
}

function symbolAnswer(result: GetHoldingsResult, symbol: string, account: string): string {
  const position = result.positions.find((p) => p.symbol.toUpperCase() === symbol) ?? result.positions[0];
  const where = account ? `your ${account} account` : "your linked accounts";
  if (!position || position.quantity <= 0) return `You don't hold any ${symbol} in ${where}.`;

  const description = cleanDataText(position.description, 60);
  const name = description ? `${position.symbol} (${description})` : position.symbol;
  const value =
    position.marketValue !== null
      ? `, worth ${formatMoney(position.marketValue)}${position.price !== null ? ` at ${formatMoney(position.price)} a share` : ""}`
      : "";
  const lines = [`You hold ${formatShares(position.quantity)} of ${name}${value}.`];

  const holders = position.accounts.filter((a) => a.quantity > 0);
  if (holders.length > 1) {
    const parts = holders.map((a) => {
      const notes = [
        a.marketValue !== null ? formatMoney(a.marketValue) : null,
        a.canTrade ? null : "read-only",
      ];
      const detail = notes.filter(Boolean).join(", ");
      return `${formatShares(a.quantity)} in ${holderLabel(a)}${detail ? ` (${detail})` : ""}`;
    });
    lines.push(`By account: ${joinWithAnd(parts)}.`);
  } else if (holders[0]) {
    lines.push(
      `All of it is in ${holderLabel(holders[0])}${holders[0].canTrade ? "" : ", which is read-only here"}.`,
    );
  }
  return lines.join(" ");
}

function holderLabel(holder: HoldingSummary["accounts"][number]): string {
  return accountLabel({ institution: holder.institution, name: holder.accountName });
}

function portfolioAnswer(result: GetHoldingsResult, account: string): string {
  const positions = result.positions.filter((p) => p.quantity > 0);
  const scope = account ? `Your ${account} account` : "Your portfolio";
  if (positions.length === 0) {
    return account
      ? `I found no positions in your ${account} account.`
      : "You have no positions in your linked accounts yet.";
  }
  const sorted = [...positions].sort((a, b) => (b.marketValue ?? 0) - (a.marketValue ?? 0));
  const lines = [
    `${scope} is worth ${formatMoney(result.totalValue)} across ${plural(positions.length, "position")}:`,
  ];
  for (const position of sorted.slice(0, MAX_LISTED_POSITIONS)) lines.push(`- ${positionLine(position)}`);
  if (sorted.length > MAX_LISTED_POSITIONS) lines.push(`…and ${sorted.length - MAX_LISTED_POSITIONS} more.`);
  return lines.join("\n");
}

function positionLine(position: HoldingSummary): string {
  const description = cleanDataText(position.description, 50);
  const name = description ? `${position.symbol} (${description})` : position.symbol;
  const value = position.marketValue !== null ? `, ${formatMoney(position.marketValue)}` : "";
  const accounts = position.accounts.filter((a) => a.quantity > 0);
  const spread = accounts.length > 1 ? ` in ${accounts.length} accounts` : "";
  return `${name}: ${formatShares(position.quantity)}${value}${spread}`;
}
