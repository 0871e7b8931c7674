import type { PendingConfirmation } from "../../../orders/contract/index.js";
import { extractAccountMention, findBareAccountName } from "./account-hints.js";
import { extractAmounts } from "./amounts.js";
import type { Intent } from "./intent.js";
import { extractOrderTerms } from "./order-terms.js";
import { findSymbols } from "./symbols.js";
import { strongSideOf } from "./trade-intents.js";

/**
 * Changes to the order waiting for confirmation ("make it 5 shares", "make it $200", "use Schwab
 * instead", "set a limit of 180") → `revise_pending_order`. The server replaces the card; the
 * user approves the new one. Returns null when the message is not about changing the card (a new
 * order for another symbol, a question), so it is parsed normally.
 */

const REVISION_CUE =
  /\b(?:make (?:it|that)|change|instead|actually|only|rather|switch|use|set|update|adjust|how about|what about|lower|raise|reduce|increase|let'?s do|go with|put it|move it|but)\b/i;
const QUESTION_START =
  /^(?:what|whats|how|hows|which|show|list|do|does|did|is|are|can|could|where|when|why|tell)\b|\?\s*$/i;
/** Amounts the revise tool can't take: it changes shares or dollars, not "half". */
const FRACTION_OR_ALL = /\b(?:half|third|quarter|all|everything|\d+\s*%|percent)\b/i;

type ReviseArgs = Record<string, unknown>;

export function parseRevision(text: string, pending: PendingConfirmation): Intent | null {
  const hasCue = REVISION_CUE.test(text);
  if (!hasCue && QUESTION_START.test(text.trim())) return null;

  const symbols = findSymbols(text).map((s) => s.symbol);
  if (symbols.some((symbol) => symbol !== pending.order.symbol.toUpperCase())) return null;
  const side = strongSideOf(text);

  const changes: ReviseArgs = {};
  let rest = text;
  const account = extractAccountMention(rest);
  if (account) {
    changes.account = account.hint;
    rest = account.rest;
  } else if (hasCue) {
    const bare = findBareAccountName(rest);
    if (bare) changes.account = bare;
  }

  const { terms, rest: afterTerms } = extractOrderTerms(rest, pending.order.side);
  if (terms.missingLimitPrice && terms.limitPrice === undefined && !terms.stopPrice) {
    return { kind: "clarify", question: "What limit price should I use?" };
  }
  if (terms.missingStopPrice && terms.stopPrice === undefined) {
    return { kind: "clarify", question: "At what price should the stop trigger?" };
  }
  if (terms.limitPrice !== undefined) changes.limitPrice = terms.limitPrice;
  if (terms.stopPrice !== undefined) changes.stopPrice = terms.stopPrice;
  if (terms.orderType) changes.orderType = terms.orderType;
  if (terms.timeInForce) changes.timeInForce = terms.timeInForce;

  const { amounts } = extractAmounts(afterTerms);
  const amount = amounts.length === 1 ? amounts[0] : undefined;
  if (amounts.length > 1) {
    return {
      kind: "clarify",
      question: "Should I change it to a number of shares or a dollar amount? Say one.",
    };
  }
  if (amount?.kind === "shares") {
    // "make it 5" keeps the card's unit: 5 dollars-worth cards stay in dollars.
    const inDollars = amount.bare && pending.order.quantity === null && pending.order.notional !== null;
    if (inDollars) changes.notional = amount.quantity;
    else changes.quantity = amount.quantity;
  } else if (amount?.kind === "dollars") {
    changes.notional = amount.notional;
  } else if (amount || (hasCue && FRACTION_OR_ALL.test(afterTerms))) {
    return {
      kind: "clarify",
      question:
        'I can change the amount to a number of shares or dollars. Say, for example, "make it 5 shares" or "make it $200".',
    };
  }

  const switchesSide = side !== undefined && side !== pending.order.side && pending.kind === "order";
  if (Object.keys(changes).length === 0 && !(hasCue && switchesSide)) return null;
  if (pending.kind === "cancel") {
    return {
      kind: "clarify",
      question:
        "The card waiting for you cancels an order, so there is nothing to change on it. Approve or reject it.",
    };
  }
  if (switchesSide) {
    return {
      kind: "clarify",
      question: `The card waiting for you is a ${pending.order.side} order and I can't turn it into a ${side}. Reject it, then ask me for the new order.`,
    };
  }
  return { kind: "tool_calls", calls: [{ name: "revise_pending_order", args: changes }] };
}
