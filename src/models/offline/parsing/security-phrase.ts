import { TRADE_VERBS } from "./trade-verbs.js";

/**
 * The words of an order that must name the security when no ticker was found: what is left of
 * the clause once its verb, amount, prices, account and filler words are taken out ("buy 10
 * shares of Zevaltic Harbour limit 40 in my IRA" → "Zevaltic Harbour"). The words are then
 * looked up (find_security), never turned into a ticker here.
 */

/** Words around a security's name in an order that are never part of it. */
const FILLER = new Set(
  `i i'd id i'll ill we want wanna would like love to can could you please pls plz me for my our the a an
  of in into on at from with some more all half everything entire whole rest remaining position positions
  holding holdings share shares stock stocks equity etf fund worth dollars dollar bucks usd now today right
  away asap just go ahead and also then order orders trade market units unit lot lots few couple by`
    .split(/\s+/)
    .filter(Boolean),
);

/** Words that show the clause is not about a security at all. */
const NOT_A_NAME =
  /\b(?:what|whats|how|why|when|where|which|who|much|many|price|quote|cost|account|accounts|cash|money|balance|buying power|it|them|that|this|those|these)\b/i;

const MAX_WORDS = 6;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

const VERBS = new RegExp(
  `\\b(?:${TRADE_VERBS.map((v) => escapeRegExp(v.phrase).replace(/ /g, "\\s+"))
    .sort((a, b) => b.length - a.length)
    .join("|")})\\b`,
  "gi",
);

export function findSecurityPhrase(clauseRest: string): string | null {
  const withoutVerbs = clauseRest.replace(VERBS, " ");
  if (NOT_A_NAME.test(withoutVerbs)) return null;
  const words = withoutVerbs
    .replace(/[^\w.&'/-]+/g, " ")
    .split(" ")
    .filter((w) => w.length > 0 && !FILLER.has(w.toLowerCase()) && !/^[\d.,$%]+$/.test(w));
  const phrase = words.join(" ").replace(/^[-'.&/]+|[-'.&/]+$/g, "");
  if (!/[A-Za-z]{2}/.test(phrase) || words.length > MAX_WORDS) return null;
  return phrase;
}
