import type { OrderRequest, OrderSide as Side } from "../../../orders/contract/index.js";
import { extractAccountMention, findBareAccountName } from "./account-hints.js";
import { extractAmounts } from "./amounts.js";
import type { Intent, MissingOrderPart, PlannedToolCall } from "./intent.js";
import { applyAmounts, clearAmount, hasAmount, missingOrderPart, toPrepareOrderArgs } from "./order-draft.js";
import { extractOrderTerms } from "./order-terms.js";
import { findSecurityPhrase } from "./security-phrase.js";
import { suggestSecurityIn } from "./security-suggestions.js";
import {
  findSymbols,
  findUnrecognisedName,
  mentionsIndexName,
  mentionsPronoun,
  withoutIndexNames,
} from "./symbols.js";
import { correctVerbTypo, STRONG_BUY, STRONG_SELL, WEAK_BUY } from "./trade-verbs.js";

/**
 * Buy and sell requests → `prepare_order` calls. One order per clause ("buy 1 AAPL and 1 MSFT" is
 * two); a clause without its own verb inherits the previous side. If any order lacks its side,
 * symbol or amount, nothing is prepared and the user is asked: orders are never guessed.
 */

const MAX_ORDERS_PER_TURN = 3;

/** "close my Tesla position", "get out of NVDA": selling the whole position is implied. */
const EXIT_POSITION =
  /\bclose out\b|\bclose (?:my|the|our|out)\b.*\bposition\b|\bexit (?:my |the )?.*\bposition\b|\bget out of\b/i;
/** Questions about trades ("what did I buy", "how much Apple can I buy") are not trade requests. */
const QUESTION_ABOUT_TRADES =
  /\b(?:did|have|had) i (?:buy|sell|bought|sold)\b|\bwhat did i\b|\bwhen did i\b|\b(?:can|could) i (?:buy|afford)\b|\bavailable (?:to|for) (?:invest|buy|trade|spend)\b|\bhow much (?:money |cash )?(?:can|could|do) i (?:have )?(?:to )?(?:invest|buy|spend)\b/i;
/** "-5 shares", "minus 10", "negative $200": a size below zero. */
const NEGATIVE_SIZE = /(?:^|\s)[-\u2212]\s?\$?\d|\b(?:minus|negative)\s+\$?\d/i;
/** A verb-less clause after a trade that is really a question ("... and what's the price of MSFT"). */
const READ_CUE = /\b(?:what|whats|what's|how|show|tell|price|quote|much)\b/i;

export interface OrderClause {
  draft: Partial<OrderRequest>;
  /** A problem with the amount or symbol as said (several amounts, unknown name...). */
  amountProblem: MissingOrderPart | null;
  symbolProblem: MissingOrderPart | null;
  hasSymbol: boolean;
  hasAmount: boolean;
  /** Anything order-like was said: a symbol, amount, account or price. */
  hasContent: boolean;
}

export function strongSideOf(clause: string): Side | undefined {
  const buy = STRONG_BUY.exec(clause);
  const sell = STRONG_SELL.exec(clause);
  if (buy && sell) return buy.index < sell.index ? "buy" : "sell";
  if (buy) return "buy";
  if (sell) return "sell";
  return undefined;
}

export interface OrderClauseOptions {
  side: Side | undefined;
  lastSymbol: string | null;
  /** In answers to "which account?", a bare "Schwab" names the account. */
  allowBareAccount?: boolean;
}

/** Reads one clause's side, symbol, amount, prices and account into a draft. */
function parseOrderClause(clause: string, options: OrderClauseOptions): OrderClause {
  const draft: Partial<OrderRequest> = {};
  if (options.side) draft.side = options.side;
  let rest = clause;

  const account = extractAccountMention(rest);
  if (account) {
    draft.account = account.hint;
    rest = account.rest;
  } else if (options.allowBareAccount) {
    const bare = findBareAccountName(rest);
    if (bare) draft.account = bare;
  }

  const { terms, rest: afterTerms } = extractOrderTerms(rest, options.side);
  if (terms.orderType) draft.orderType = terms.orderType;
  if (terms.limitPrice !== undefined) draft.limitPrice = terms.limitPrice;
  if (terms.stopPrice !== undefined) draft.stopPrice = terms.stopPrice;
  if (terms.timeInForce) draft.timeInForce = terms.timeInForce;

  const { amounts, rest: afterAmounts } = extractAmounts(withoutIndexNames(afterTerms));
  const amountProblem = applyAmounts(draft, amounts);
  if (!hasAmount(draft) && !amountProblem && options.side === "sell" && EXIT_POSITION.test(clause)) {
    draft.sellAll = true;
  }

  const symbols = findSymbols(afterAmounts);
  let symbolProblem: MissingOrderPart | null = null;
  if (symbols.length > 1) {
    symbolProblem = { kind: "several_symbols", symbols: symbols.map((s) => s.symbol) };
  } else if (symbols[0]) {
    draft.symbol = symbols[0].symbol;
  } else if (mentionsIndexName(clause)) {
    symbolProblem = { kind: "index_fund" };
  } else if (options.lastSymbol && (mentionsPronoun(afterAmounts) || /\bmore\b/i.test(afterAmounts))) {
    draft.symbol = options.lastSymbol;
  } else {
    const close = suggestSecurityIn(afterAmounts);
    const phrase = findSecurityPhrase(afterAmounts);
    const unrecognisedName = close?.word ?? findUnrecognisedName(afterAmounts);
    if (phrase)
      symbolProblem = {
        kind: "unknown_security",
        phrase,
        ...(close ? { suggestion: close.suggestion } : {}),
      };
    else if (unrecognisedName)
      symbolProblem = {
        kind: "symbol",
        unrecognisedName,
        ...(close ? { suggestion: close.suggestion } : {}),
      };
  }

  const hasSymbol = draft.symbol !== undefined;
  const said = hasSymbol || hasAmount(draft) || amountProblem !== null || symbolProblem !== null;
  return {
    draft,
    amountProblem,
    symbolProblem,
    hasSymbol,
    hasAmount: hasAmount(draft) || amountProblem !== null,
    hasContent:
      said || draft.account !== undefined || terms.orderType !== undefined || terms.timeInForce !== undefined,
  };
}

/** The first problem of a clause's draft, in the order the user would answer them. */
function problemOf(clause: OrderClause): MissingOrderPart | null {
  if (!clause.draft.symbol && clause.symbolProblem) return clause.symbolProblem;
  if (clause.amountProblem) return clause.amountProblem;
  return missingOrderPart(clause.draft);
}

/** Trade requests in a message, or null when the message asks for no trade. */
export function parseTradeRequest(said: readonly string[], lastSymbol: string | null): Intent | null {
  const clauses = joinTrailingVerbs(said);
  if (clauses.some((clause) => QUESTION_ABOUT_TRADES.test(clause))) return null;
  if (clauses.some((clause) => NEGATIVE_SIZE.test(clause) && strongSideOf(correctVerbTypo(clause)))) {
    // A size below zero is never read as its absolute value: that would be a different order.
    return {
      kind: "clarify",
      question:
        'An order size must be more than zero, so nothing was prepared. Say how many shares or dollars, for example "buy 5 shares of AAPL".',
    };
  }
  const orders: OrderClause[] = [];
  let side: Side | undefined;
  let previousSymbol = lastSymbol;
  for (const said of clauses) {
    const clause = correctVerbTypo(said);
    const strong = strongSideOf(clause);
    const weak = strong
      ? undefined
      : EXIT_POSITION.test(clause)
        ? "sell"
        : WEAK_BUY.test(clause)
          ? "buy"
          : undefined;
    const inherited = strong || weak || orders.length === 0 ? undefined : side;
    const clauseSide = strong ?? weak ?? inherited;
    if (!clauseSide) continue;
    // "limit price 100" is an order detail; "what's the price of MSFT" is a question.
    if (inherited && READ_CUE.test(extractOrderTerms(clause, inherited).rest)) continue;

    const parsed = parseOrderClause(clause, { side: clauseSide, lastSymbol: previousSymbol });
    // "add 3 shares to my Zevaltic": words to look up name a security as well as a ticker does.
    const namesSecurity = parsed.hasSymbol || parsed.symbolProblem?.kind === "unknown_security";
    if (weak === "buy" && !(namesSecurity && parsed.hasAmount)) continue;
    if (weak === "sell" && !parsed.hasSymbol) continue;
    if (inherited && !parsed.hasSymbol && !parsed.hasAmount) {
      // "buy 10 AAPL, limit 180, good till cancelled": a clause of details belongs to the order
      // before it; dropping it would put a different order on the card than the one asked for.
      const previous = orders.at(-1);
      if (previous && parsed.hasContent) addDetails(previous.draft, parsed.draft);
      continue;
    }

    side = clauseSide;
    orders.push(parsed);
    previousSymbol = parsed.draft.symbol ?? previousSymbol;
  }
  if (orders.length === 0) return null;
  shareAccountAndTimeInForce(orders.map((o) => o.draft));

  for (const order of orders) {
    const missing = problemOf(order);
    if (missing) return { kind: "incomplete_order", draft: order.draft, missing };
  }
  if (orders.length > MAX_ORDERS_PER_TURN) {
    return {
      kind: "clarify",
      question: `I can prepare up to ${MAX_ORDERS_PER_TURN} orders at a time. Which ones should I start with?`,
    };
  }
  const calls: PlannedToolCall[] = orders.map((o) => ({
    name: "prepare_order",
    args: toPrepareOrderArgs(o.draft),
  }));
  return { kind: "tool_calls", calls };
}

/** "4 NVDA, sell": a clause that is only a verb belongs to the clause before it. */
function joinTrailingVerbs(clauses: readonly string[]): string[] {
  const joined: string[] = [];
  for (const clause of clauses) {
    const bareVerb =
      /^(?:please\s+)?[a-z]{2,6}(?:\s+(?:it|them|please))?$/i.test(clause) &&
      strongSideOf(correctVerbTypo(`${clause} 1`));
    const previous = joined.at(-1);
    // Only a clause without a verb of its own takes it: "buy 10 AAPL, sell" stays two requests.
    if (bareVerb && previous !== undefined && !strongSideOf(correctVerbTypo(previous)))
      joined[joined.length - 1] = `${clause} ${previous}`;
    else joined.push(clause);
  }
  return joined;
}

/** Copies the price, type, time in force and account a detail clause gave onto its order. */
function addDetails(order: Partial<OrderRequest>, details: Partial<OrderRequest>): void {
  for (const key of ["orderType", "limitPrice", "stopPrice", "timeInForce", "account"] as const) {
    if (details[key] !== undefined) Object.assign(order, { [key]: details[key] });
  }
  if (order.limitPrice !== undefined && order.stopPrice !== undefined) order.orderType = "stop_limit";
}

/** "buy 1 AAPL and 1 MSFT in my Roth IRA": the account (and GTC) said once applies to every order. */
function shareAccountAndTimeInForce(drafts: Partial<OrderRequest>[]): void {
  const account = drafts.find((d) => d.account)?.account;
  const timeInForce = drafts.find((d) => d.timeInForce)?.timeInForce;
  for (const draft of drafts) {
    if (account && !draft.account) draft.account = account;
    if (timeInForce && !draft.timeInForce) draft.timeInForce = timeInForce;
  }
}

/** The order with the security the user confirmed (or the look-up found exactly), asked on or prepared. */
export function continueWithSymbol(draft: Partial<OrderRequest>, symbol: string): Intent {
  const merged: Partial<OrderRequest> = { ...draft, symbol };
  const missing = missingOrderPart(merged);
  if (missing) return { kind: "incomplete_order", draft: merged, missing };
  return { kind: "tool_calls", calls: [{ name: "prepare_order", args: toPrepareOrderArgs(merged) }] };
}

/**
 * Finishes an order the model asked about last turn ("How much Apple?" → "10 shares"). Returns
 * null when the reply adds nothing to the order, so it is parsed as a new request instead.
 */
export function continueOrderDraft(
  previous: Partial<OrderRequest>,
  missing: MissingOrderPart,
  text: string,
): Intent | null {
  // After "What limit price?", a bare "180" is the price, not a share count.
  const bareNumber = /^\s*\$?\s*\d[\d,]*(?:\.\d+)?\s*$/.test(text);
  const reply =
    bareNumber && missing.kind === "limit_price"
      ? `limit ${text}`
      : bareNumber && missing.kind === "stop_price"
        ? `stop ${text}`
        : text;
  const parsed = parseOrderClause(reply, {
    side: previous.side,
    lastSymbol: previous.symbol ?? null,
    allowBareAccount: true,
  });
  if (!parsed.hasContent) return null;
  const merged: Partial<OrderRequest> = { ...previous };
  if (parsed.hasAmount) clearAmount(merged);
  for (const [key, value] of Object.entries(parsed.draft) as Array<[keyof OrderRequest, unknown]>) {
    if (value !== undefined) Object.assign(merged, { [key]: value });
  }
  if (merged.limitPrice !== undefined && merged.stopPrice !== undefined) merged.orderType = "stop_limit";
  const stillMissing =
    (!merged.symbol && parsed.symbolProblem) || parsed.amountProblem || missingOrderPart(merged) || null;
  if (stillMissing) return { kind: "incomplete_order", draft: merged, missing: stillMissing };
  return { kind: "tool_calls", calls: [{ name: "prepare_order", args: toPrepareOrderArgs(merged) }] };
}
