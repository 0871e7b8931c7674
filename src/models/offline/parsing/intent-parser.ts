import { listInWords } from "../../../core/format.js";
import { parseConfirmationReply, soundsLikeDecision } from "../../../orders/confirmation-reply.js";
import type { OrderRequest, PendingConfirmation } from "../../../orders/contract/index.js";
import { unsupportedKindIn, unsupportedReply } from "../../unsupported-requests.js";
import { resolveAccountReference } from "./account-reference.js";
import { answerAboutCard } from "./card-questions.js";
import { parseDefaultAccountIntent } from "./default-account-intent.js";
import type { Intent, MissingOrderPart, PlannedToolCall } from "./intent.js";
import { pickChoice } from "./open-question.js";
import { toPrepareOrderArgs } from "./order-draft.js";
import { extractOrderTerms } from "./order-terms.js";
import { parseReadClause } from "./read-intents.js";
import { routeReadQuestion } from "./read-routing.js";
import { keywordText, normaliseRequest, splitClauses } from "./request-text.js";
import { parseRevision } from "./revision-intent.js";
import { pickCandidate } from "./security-lookup-outcome.js";
import { parseSecurityPriceQuestion } from "./security-question.js";
import { findSymbols } from "./symbols.js";
import { continueOrderDraft, continueWithSymbol, parseTradeRequest } from "./trade-intents.js";

/**
 * One user message → one intent. Only the user's own words are parsed here; tool results never
 * reach this function, so text inside them can't trigger a tool call (prompt injection).
 */

export interface ParseContext {
  /** The card waiting for the user's decision, if any. */
  pending: PendingConfirmation | null;
  /** An order the model asked a question about on the previous turn, and what it asked for. */
  draft: { order: Partial<OrderRequest>; missing: MissingOrderPart } | null;
  /** The symbol last talked about, for "it" / "them". */
  lastSymbol: string | null;
  /** The account last talked about, for "there" / "that account". */
  lastAccount?: string | null;
}

const MAX_READ_CALLS = 3;

const GREETING =
  /^(?:hi|hello|hey|hiya|howdy|yo|good (?:morning|afternoon|evening)|greetings)(?: there)?\b[\s,!.]*/i;
const THANKS =
  /^(?:thanks?|thank you|thx|ty|cheers|great|perfect|awesome|cool|nice|got it|ok(?:ay)?(?: thanks?)?)(?: (?:so much|a lot|very much))?[\s!.]*$/i;
const HELP =
  /^(?:help|commands|menu|options)\b|^\?$|\bwhat (?:can|do) you (?:do|help)|\bhow does this work\b|\bwhat can i (?:ask|say|do)\b|\bwho are you\b/i;
const ADVICE =
  /\bshould i\b|\bwould you (?:buy|sell|recommend)\b|\brecommend|\bgood (?:buy|investment|time to)\b|\bworth (?:buying|selling)\b|\bwhat (?:should|would) you\b|\bis it (?:a )?(?:good|bad|smart)\b|\bpredict|\bwill \S+ go (?:up|down)\b/i;
const CANCEL = /\bcancel\b/i;
const CANCEL_ORDER_ID =
  /\bcancel\b.*?\border\s+(?:#\s*|id\s*:?\s*|number\s*)?([A-Za-z0-9][A-Za-z0-9_-]{2,63})/i;
const CANCEL_EVERYTHING = /\bcancel (?:all|every|each)\b/i;
const QUESTION =
  /^(?:what|whats|how|hows|which|show|list|do|does|did|is|are|can|could|where|when|why|tell|any)\b|\?/i;
/** A condition attached to an answer: "if", "unless", "as long as", "only when", "once it". */
const CONDITIONAL = /\b(?:if|unless|as long as|provided|providing|only when|when|once|assuming)\b/;
const CHANGE_WITHOUT_CARD = /^(?:make (?:it|that)|change (?:it|that)|actually|instead)\b|\binstead\b/i;

export function parseIntent(text: string, context: ParseContext): Intent {
  const request = resolveAccountReference(normaliseRequest(text), context.lastAccount ?? null);
  if (!request) return { kind: "not_understood", text };

  const securityAnswer = answerToSecurityQuestion(request, context);
  if (securityAnswer) return securityAnswer;

  // A setting, not an order: "use Alpaca by default" never becomes an edit of the open card.
  const defaultAccount = parseDefaultAccountIntent(request);
  if (defaultAccount) return defaultAccount;

  if (context.pending) {
    if (parseConfirmationReply(request)) return { kind: "confirmation_reply", pending: true };
    // "yes if it's under 200": a decision on a condition is neither an approval nor an edit (the
    // 200 is a price in a condition, not a new size).
    if (soundsLikeDecision(request) && CONDITIONAL.test(keywordText(request))) {
      return {
        kind: "clarify",
        question:
          'I can\'t approve on a condition, and nothing was sent. Approve or reject the card as it is, or tell me what to change (for example "make it a limit order at 150").',
      };
    }
    const cardAnswer = answerAboutCard(request, context.pending);
    if (cardAnswer) return { kind: "card_answer", text: cardAnswer };
    const revision = parseRevision(request, context.pending);
    if (revision) return revision;
  } else if (parseConfirmationReply(request)) {
    return { kind: "confirmation_reply", pending: false };
  }

  if (GREETING.test(request) && request.replace(GREETING, "").trim() === "") return { kind: "greeting" };
  // With a card open, "ok" is a muddled answer to the card, not small talk.
  if (THANKS.test(request) && !(context.pending && soundsLikeDecision(request))) return { kind: "thanks" };
  if (HELP.test(request)) return { kind: "help" };

  const body = request.replace(GREETING, "").trim();
  if (ADVICE.test(body)) return { kind: "advice_request" };

  // Options, crypto, futures, trailing stops, brackets, shorts, transfers: refused before any
  // order is read, so "buy 2 AAPL calls" never becomes a card for 2 shares.
  const unsupported = unsupportedKindIn(body);
  if (unsupported) return { kind: "clarify", question: unsupportedReply(unsupported) };

  const cancel = parseCancel(body);
  if (cancel) return cancel;

  const clauses = splitClauses(body);
  const trade = parseTradeRequest(clauses, context.lastSymbol);
  if (trade?.kind === "tool_calls") return trade;

  const openQuestion =
    context.draft?.missing.kind === "tool_question" ? context.draft.missing.question : null;
  if (context.draft && openQuestion) {
    // "the individual one" answering the agent's own "which account?": the choice it names.
    const pick = pickChoice(body, openQuestion);
    if (pick && "choice" in pick) {
      const args = toPrepareOrderArgs({ ...context.draft.order, account: pick.choice });
      return { kind: "tool_calls", calls: [{ name: "prepare_order", args }] };
    }
    if (pick) {
      return {
        kind: "clarify",
        question: `That fits ${listInWords(pick.several)}. Which one do you mean?`,
      };
    }
  }

  if (context.draft && !(QUESTION.test(body) && readCalls(clauses, context).length > 0)) {
    const continued = continueOrderDraft(context.draft.order, context.draft.missing, body);
    if (continued) return continued;
  }
  if (trade) return trade;

  if (!context.pending && CHANGE_WITHOUT_CARD.test(body)) {
    return {
      kind: "clarify",
      question:
        'There is no order waiting for your confirmation to change. Tell me the whole order, for example "buy 5 shares of AAPL".',
    };
  }
  const routed = routeReadQuestion(body);
  if (routed) return { kind: "tool_calls", calls: routed };
  const reads = readCalls(clauses, context);
  if (reads.length > 0) return { kind: "tool_calls", calls: reads };

  if (context.pending && soundsLikeDecision(request)) return { kind: "confirmation_reply", pending: true };
  return parseSecurityPriceQuestion(body) ?? { kind: "not_understood", text };
}

/** Ways to say a suggested security is the right one, beyond a plain yes. */
const SUGGESTION_ACCEPTED =
  /^(?:that'?s (?:the one|it|right|correct|the right one)|that one|right|exactly|yes,? that one|you got it)[\s.!]*$/i;

/**
 * The answer to "Did you mean X (Name)?" or "Did you mean A or B?": yes (or a pick among the
 * offered) continues the same order with that security; no asks again, nothing prepared.
 */
function answerToSecurityQuestion(request: string, context: ParseContext): Intent | null {
  const missing = context.draft?.missing;
  if (!context.draft || context.pending || missing?.kind !== "symbol") return null;
  if (missing.suggestion) {
    const reply = SUGGESTION_ACCEPTED.test(request) ? "approve" : parseConfirmationReply(request);
    if (reply === "approve") return continueWithSymbol(context.draft.order, missing.suggestion.symbol);
    if (reply === "reject")
      return {
        kind: "clarify",
        question:
          "OK, nothing was prepared. Which stock or ETF did you mean? Give me its ticker, or say the order again.",
      };
  }
  const picked = missing.candidates ? pickCandidate(request, missing.candidates) : null;
  return picked ? continueWithSymbol(context.draft.order, picked.symbol) : null;
}

/** "cancel my last order" → prepare_cancel {}; "cancel order abc-123" → with its id. */
function parseCancel(body: string): Intent | null {
  // "good till cancelled" is a time in force, not a cancellation.
  const withoutTimeInForce = extractOrderTerms(body, undefined).rest;
  if (!CANCEL.test(withoutTimeInForce)) return null;
  const id = CANCEL_ORDER_ID.exec(body)?.[1];
  if (id && /\d/.test(id))
    return { kind: "tool_calls", calls: [{ name: "prepare_cancel", args: { orderId: id } }] };
  if (CANCEL_EVERYTHING.test(body)) {
    return {
      kind: "clarify",
      question:
        'I cancel one order at a time, and you confirm each. Say "cancel my last order", or "cancel order <id>" (ask "show my orders" to see the ids).',
    };
  }
  const symbol = findSymbols(withoutTimeInForce)[0]?.symbol;
  // Which of several orders for a symbol is meant isn't guessed: list them so the user can pick.
  if (symbol) return { kind: "tool_calls", calls: [{ name: "get_orders", args: { symbol } }] };
  if (!/\border\b|\blast\b|\bit\b|\bthat\b/i.test(keywordText(body))) return null;
  return { kind: "tool_calls", calls: [{ name: "prepare_cancel", args: {} }] };
}

function readCalls(clauses: readonly string[], context: ParseContext): PlannedToolCall[] {
  const calls: PlannedToolCall[] = [];
  let lastSymbol = context.lastSymbol;
  for (const clause of clauses) {
    const read = parseReadClause(clause, { lastSymbol });
    lastSymbol = read.symbol ?? lastSymbol;
    for (const call of read.calls) {
      const key = JSON.stringify(call);
      if (!calls.some((c) => JSON.stringify(c) === key)) calls.push(call);
    }
  }
  return calls.slice(0, MAX_READ_CALLS);
}
