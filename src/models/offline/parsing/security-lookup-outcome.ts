import { canonicalTicker, sameTicker } from "../../../brokers/share-class.js";
import type { OrderRequest } from "../../../orders/contract/index.js";
import { matchSecurity } from "../../../portfolio/securities/security-matcher.js";
import { cleanDataText } from "../../text/untrusted-text.js";
import type { FindSecurityResult } from "../../tool-contracts.js";
import type { Intent } from "./intent.js";
import type { SecuritySuggestion } from "./security-suggestions.js";
import { continueWithSymbol } from "./trade-intents.js";

/**
 * What an order does once find_security answered for the words that should name its security:
 * an exact answer completes the order; anything less becomes a question that keeps every other
 * detail of the order for the user's answer. No symbol reaches prepare_order on a guess.
 */
export function intentAfterLookup(
  draft: Partial<OrderRequest>,
  phrase: string,
  result: FindSecurityResult | null,
): Intent {
  const [first] = result?.matches ?? [];
  const asked = (missing: Extract<Intent, { kind: "incomplete_order" }>["missing"]): Intent => ({
    kind: "incomplete_order",
    draft,
    missing,
  });
  if (!result) return asked({ kind: "symbol", unrecognisedName: phrase });
  if (result.status === "exact" && first) return continueWithSymbol(draft, first.symbol);
  if (result.status === "confident" && first)
    return asked({ kind: "symbol", unrecognisedName: phrase, suggestion: suggestionOf(first) });
  if (result.status === "candidates" && result.matches.length > 0)
    return asked({ kind: "symbol", unrecognisedName: phrase, candidates: result.matches.map(suggestionOf) });
  return asked({ kind: "symbol", unrecognisedName: phrase, searched: true });
}

/** A read about looked-up words: the exact match is read; otherwise the user is asked. */
export function readAfterLookup(
  tool: "get_quote",
  phrase: string,
  result: FindSecurityResult | null,
): Intent {
  const [first] = result?.matches ?? [];
  if (result?.status === "exact" && first)
    return { kind: "tool_calls", calls: [{ name: tool, args: { symbol: first.symbol } }] };
  const offered = (result?.matches ?? []).map((m) => `${m.symbol} (${cleanDataText(m.name, 60)})`);
  if (offered.length > 0) {
    const list = offered.length > 1 ? `${offered.slice(0, -1).join(", ")} or ${offered.at(-1)}` : offered[0];
    return {
      kind: "clarify",
      question: `Did you mean ${list}? Ask again with the ticker, for example "price of ${first!.symbol}".`,
    };
  }
  return {
    kind: "clarify",
    question: `I couldn't find a stock or ETF called "${cleanDataText(phrase, 40)}" in your holdings or at your brokerages. What's its ticker?`,
  };
}

function suggestionOf(match: FindSecurityResult["matches"][number]): SecuritySuggestion {
  return { symbol: match.symbol, name: match.name };
}

const ORDINALS: ReadonlyArray<[RegExp, (count: number) => number]> = [
  [/\b(?:first|1st)\b/i, () => 0],
  [/\b(?:second|2nd)\b/i, () => 1],
  [/\b(?:third|3rd)\b/i, () => 2],
  [/\b(?:last|latter)\b/i, (count) => count - 1],
];

/**
 * The one offered security the user's answer names: by position ("the second one"), ticker
 * (any spelling) or name. Null when it names none, or more than one, of them.
 */
export function pickCandidate(
  answer: string,
  candidates: readonly SecuritySuggestion[],
): SecuritySuggestion | null {
  for (const [pattern, index] of ORDINALS) {
    if (pattern.test(answer)) return candidates[index(candidates.length)] ?? null;
  }
  const byTicker = answer
    .split(/\s+/)
    .map((word) => canonicalTicker(word))
    .flatMap((ticker) => (ticker ? candidates.filter((c) => sameTicker(c.symbol, ticker)) : []));
  if (new Set(byTicker.map((c) => c.symbol)).size === 1) return byTicker[0]!;
  // "the beverages one", "I meant Trellanova Foods": the words around the name are not the name.
  const named = answer.replace(/\b(?:the|one|ones|that|this|i|mean|meant|please|yes|yeah|yep)\b/gi, " ");
  const matched = matchSecurity(
    named,
    candidates.map((c) => ({ symbol: c.symbol, name: c.name ?? c.symbol, source: "broker", held: false })),
  );
  if (matched.kind !== "exact" && matched.kind !== "confident") return null;
  return candidates.find((c) => c.symbol === matched.match.symbol) ?? null;
}
