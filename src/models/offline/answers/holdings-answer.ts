import { accountLabel } from "../../text/account-label.js";
import { formatMoney, formatPercentChange, formatShares, joinWithAnd, plural } from "../../text/format.js";
import { cleanDataText } from "../../text/untrusted-text.js";
import type { GetHoldingsResult, HoldingSummary, TotalsSummary } from "../../tool-contracts.js";
import { warningLines } from "../../wording/warnings.js";
import { type HoldingsQuestion, holdingsQuestion } from "../parsing/holdings-question.js";

/**
 * get_holdings → one symbol with its per-account split and cost, one account's positions, or the
 * portfolio as positions + cash = total, cost and gains where known (and which are not), with
 * paper positions apart. "show all" lists every position.
 */

const MAX_LISTED_POSITIONS = 10;
const PAPER_LABEL = "Paper trading (simulated money, not included above)";

export function holdingsAnswer(result: GetHoldingsResult, question = ""): string {
  const asked = holdingsQuestion(question);
  const symbol = result.filter?.symbol?.toUpperCase();
  const account = cleanDataText(result.filter?.account, 60);
  const body = symbol
    ? symbolAnswer(result, symbol, account, asked)
    : asked.gains
      ? gainsAnswer(result, account)
      : portfolioAnswer(result, account, asked);
  return [body, ...warningLines(result.warnings)].join("\n");
}

function symbolAnswer(
  result: GetHoldingsResult,
  symbol: string,
  account: string,
  asked: HoldingsQuestion,
): string {
  const rows = result.positions.filter((p) => p.symbol.toUpperCase() === symbol && p.quantity > 0);
  const where = account ? `your ${account} account` : "your linked accounts";
  const live = rows.find((p) => !p.isPaper);
  const paper = rows.find((p) => p.isPaper);
  const main = live ?? paper;
  if (!main) return `You don't hold any ${symbol} in ${where}.`;
  const lines = [holdingSentence(main, asked)];
  if (live && paper) {
    lines.push(
      `Your paper account also holds ${formatShares(paper.quantity)} (simulated, not counted above)${paper.marketValue !== null ? `, worth ${formatMoney(paper.marketValue)}` : ""}.`,
    );
  }
  return lines.join(" ");
}

function holdingSentence(position: HoldingSummary, asked: HoldingsQuestion): string {
  const description = cleanDataText(position.description, 60);
  const name = description ? `${position.symbol} (${description})` : position.symbol;
  const paper = position.isPaper ? " in paper trading (simulated money)" : "";
  const value =
    position.marketValue !== null
      ? `, worth ${formatMoney(position.marketValue)}${position.price !== null ? ` at ${formatMoney(position.price)} a share` : ""}`
      : "";
  const held = `You hold ${formatShares(position.quantity)} of ${name}${paper}${value}.`;
  const cost = costSentence(position);
  const split = splitSentence(position);
  const parts = asked.cost || asked.gains ? [cost, held, split] : [held, split, cost];
  return parts.filter(Boolean).join(" ");
}

/** What was paid and the unrealized gain; when some account lacks a cost basis, say which. */
function costSentence(position: HoldingSummary): string {
  if (position.costBasis !== null) {
    const average =
      position.averageCost !== null ? ` (${formatMoney(position.averageCost)} a share on average)` : "";
    return `You paid ${formatMoney(position.costBasis)} for it${average}${gainClause(position.unrealizedPl, position.costBasis)}.`;
  }
  const known = position.accounts.filter((a) => a.costBasis !== null && a.quantity > 0);
  const missing = position.accounts.filter((a) => a.costBasis === null && a.quantity > 0);
  const missingText = `${joinWithAnd(missing.map(holderLabel))} ${missing.length === 1 ? "does" : "do"} not report a cost basis for ${position.symbol}`;
  if (known.length === 0) return `I don't know what you paid: ${missingText}.`;
  const knownText = known.map(
    (a) =>
      `${formatShares(a.quantity)} in ${holderLabel(a)} cost ${formatMoney(a.costBasis!)}${gainClause(a.unrealizedPl, a.costBasis!)}`,
  );
  return `${joinWithAnd(knownText)}; ${missingText}, so the total cost is unknown.`;
}

function gainClause(gain: number | null, cost: number): string {
  if (gain === null) return "";
  const pct = cost > 0 ? ` (${formatPercentChange((gain / cost) * 100)})` : "";
  if (gain === 0) return ", no unrealized gain or loss";
  return `, an unrealized ${gain > 0 ? "gain" : "loss"} of ${formatMoney(Math.abs(gain))}${pct}`;
}

function splitSentence(position: HoldingSummary): string {
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
    return `By account: ${joinWithAnd(parts)}.`;
  }
  const [only] = holders;
  return only
    ? `All of it is in ${holderLabel(only)}${only.canTrade ? "" : ", which is read-only here"}.`
    : "";
}

function holderLabel(holder: HoldingSummary["accounts"][number]): string {
  return accountLabel({ institution: holder.institution, name: holder.accountName });
}

function portfolioAnswer(result: GetHoldingsResult, account: string, asked: HoldingsQuestion): string {
  const positions = result.positions.filter((p) => p.quantity > 0);
  const live = positions.filter((p) => !p.isPaper);
  const paper = positions.filter((p) => p.isPaper);
  const mainIsPaper = result.scope === "paper";
  const main = mainIsPaper ? paper : live;
  const scope = account
    ? `Your ${account} account`
    : mainIsPaper
      ? "Your paper portfolio (simulated money)"
      : "Your portfolio";
  const mainTotals = mainIsPaper ? result.totals?.paper : result.totals?.live;
  if (positions.length === 0 && !mainTotals) {
    return account
      ? `I found no positions in your ${account} account.`
      : "You have no positions in your linked accounts yet.";
  }
  const lines = [sumLine(scope, mainTotals, result.totalValue, main.length)];
  lines.push(...positionLines(main, asked.all));
  if (mainTotals && main.length > 0) lines.push(costLine(mainTotals));
  if (!mainIsPaper && result.totals?.paper && (paper.length > 0 || result.totals.paper.cash > 0)) {
    lines.push(sumLine(PAPER_LABEL, result.totals.paper, result.totals.paper.totalValue, paper.length));
    lines.push(...positionLines(paper, asked.all));
  }
  return lines.join("\n");
}

/** "Your portfolio is worth $X: positions $P + cash $C = $X, across N positions:" */
function sumLine(
  scope: string,
  totals: TotalsSummary | null | undefined,
  total: number,
  count: number,
): string {
  if (!totals) return `${scope} is worth ${formatMoney(total)} across ${plural(count, "position")}:`;
  const other = Math.round((totals.totalValue - totals.positionsValue - totals.cash) * 100) / 100;
  const otherPart =
    other !== 0
      ? ` ${other > 0 ? "+" : "−"} ${formatMoney(Math.abs(other))} other (as your brokers report it)`
      : "";
  const cashGap =
    totals.cashUnknownIn.length > 0
      ? ` (no cash figure from ${joinWithAnd(totals.cashUnknownIn.map((n) => cleanDataText(n, 60)))})`
      : "";
  return `${scope} is worth ${formatMoney(totals.totalValue)}: positions ${formatMoney(totals.positionsValue)} + cash ${formatMoney(totals.cash)}${cashGap}${otherPart} = ${formatMoney(totals.totalValue)}, across ${plural(count, "position")}${count > 0 ? ":" : "."}`;
}

function positionLines(positions: HoldingSummary[], all: boolean): string[] {
  const sorted = [...positions].sort((a, b) => (b.marketValue ?? 0) - (a.marketValue ?? 0));
  const shown = all ? sorted : sorted.slice(0, MAX_LISTED_POSITIONS);
  const lines = shown.map((p) => `- ${positionLine(p)}`);
  if (shown.length < sorted.length)
    lines.push(`…and ${sorted.length - shown.length} more (say "show all" to list every position).`);
  return lines;
}

function positionLine(position: HoldingSummary): string {
  const description = cleanDataText(position.description, 50);
  const name = description ? `${position.symbol} (${description})` : position.symbol;
  const value = position.marketValue !== null ? `, ${formatMoney(position.marketValue)}` : "";
  const accounts = position.accounts.filter((a) => a.quantity > 0);
  const spread = accounts.length > 1 ? ` in ${accounts.length} accounts` : "";
  return `${name}: ${formatShares(position.quantity)}${value}${spread}`;
}

/** Cost and unrealized gain of the positions with a known cost basis; the others named. */
function costLine(totals: TotalsSummary): string {
  const unknown = totals.costBasisUnknownFor.map((s) => cleanDataText(s, 12));
  if (totals.costBasis === 0 && unknown.length > 0)
    return `No cost basis is reported for any of these positions, so I can't tell your gain.`;
  const scope = unknown.length > 0 ? "on the positions with a known cost" : "in total";
  const missing =
    unknown.length > 0
      ? ` No cost basis is reported for ${joinWithAnd(unknown)}, so ${unknown.length === 1 ? "it is" : "they are"} not in these figures.`
      : "";
  return `Cost basis ${formatMoney(totals.costBasis)}${gainClause(totals.unrealizedPl, totals.costBasis)} ${scope}.${missing}`;
}

/** "What's my total gain?": unrealized gain over positions with a known cost; realized gain when reported. */
function gainsAnswer(result: GetHoldingsResult, account: string): string {
  const mainIsPaper = result.scope === "paper";
  const totals = mainIsPaper ? result.totals?.paper : result.totals?.live;
  const scope = account
    ? `in your ${account} account`
    : mainIsPaper
      ? "in paper trading (simulated money)"
      : "across your accounts";
  if (!totals) return `You have no positions ${scope} yet.`;
  const unknown = totals.costBasisUnknownFor.map((s) => cleanDataText(s, 12));
  const lines: string[] = [];
  if (totals.costBasis === 0 && unknown.length > 0) {
    lines.push(`I can't tell your gain ${scope}: no cost basis is reported for ${joinWithAnd(unknown)}.`);
  } else {
    const gain = totals.unrealizedPl;
    const pct = totals.costBasis > 0 ? ` (${formatPercentChange((gain / totals.costBasis) * 100)})` : "";
    const word = gain >= 0 ? "gain" : "loss";
    lines.push(
      `Your unrealized ${word} ${scope} is ${formatMoney(Math.abs(gain))}${pct}: positions worth ${formatMoney(totals.costBasis + gain)} that cost ${formatMoney(totals.costBasis)}.`,
    );
    if (unknown.length > 0)
      lines.push(
        `That leaves out ${joinWithAnd(unknown)}: no cost basis is reported for ${unknown.length === 1 ? "it" : "them"}.`,
      );
  }
  lines.push(
    totals.realizedPl === null
      ? "Realized gains (from sales) are not reported by your brokers' data here, so they are not included."
      : `Realized: ${formatMoney(totals.realizedPl)}.`,
  );
  if (!mainIsPaper && !account && result.totals?.paper && result.totals.paper.costBasis > 0) {
    lines.push(
      `Paper trading (simulated, not included): unrealized ${formatMoney(result.totals.paper.unrealizedPl)}.`,
    );
  }
  return lines.join(" ");
}
