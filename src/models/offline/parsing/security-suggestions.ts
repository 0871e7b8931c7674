import { distance } from "fastest-levenshtein";
import { allowedSlips, slipsBetween } from "../../../core/typing-slips.js";
import { KNOWN_NAMES, KNOWN_TICKERS } from "./ticker-table.js";

/**
 * "Did you mean NVDA (Nvidia)?" for a word that is one or two typing slips from a known name or
 * ticker ("nvdia", "teslaa", "microsfot", "AAPLE"). Only a single clearly closest match is offered,
 * and only as a question: the order waits for the user's answer, nothing is guessed.
 */
export interface SecuritySuggestion {
  symbol: string;
  /** The name the word was close to, for the question ("Nvidia"), when it was a name. */
  name?: string;
}

/** Words of a request that are never security names. */
const COMMON_WORDS = new Set(
  "shares share stock stocks dollars dollar worth some more all half order orders account accounts please today tomorrow market limit price buy sell want would like could about into from with them those these that this what have".split(
    " ",
  ),
);

export function suggestSecurity(word: string): SecuritySuggestion | null {
  const lower = word.toLowerCase();
  if (COMMON_WORDS.has(lower)) return null;
  const slips = allowedSlips(lower);
  if (slips === 0) return null;
  const candidates: Array<{ symbol: string; name?: string; slips: number }> = [];
  for (const { name, ticker } of KNOWN_NAMES) {
    const d = slipsBetween(lower, name);
    if (d > 0 && d <= slips) candidates.push({ symbol: ticker, name, slips: d });
  }
  for (const ticker of KNOWN_TICKERS) {
    const d = distance(lower.toUpperCase(), ticker);
    if (d > 0 && d <= Math.min(1, slips) && ticker.length >= 4) candidates.push({ symbol: ticker, slips: d });
  }
  if (candidates.length === 0) return null;
  const best = Math.min(...candidates.map((c) => c.slips));
  const closest = candidates.filter((c) => c.slips === best);
  const symbols = new Set(closest.map((c) => c.symbol));
  if (symbols.size !== 1) return null;
  const pick = closest.find((c) => c.name) ?? closest[0]!;
  return pick.name ? { symbol: pick.symbol, name: titleCase(pick.name) } : { symbol: pick.symbol };
}

/** The first word of a text close to a known security, with that security. */
export function suggestSecurityIn(text: string): { word: string; suggestion: SecuritySuggestion } | null {
  for (const match of text.matchAll(/[A-Za-z][A-Za-z&'-]{3,30}/g)) {
    const suggestion = suggestSecurity(match[0]);
    if (suggestion) return { word: match[0], suggestion };
  }
  return null;
}

function titleCase(name: string): string {
  return name.replace(/\b[a-z]/g, (c) => c.toUpperCase());
}
