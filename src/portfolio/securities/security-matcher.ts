import { canonicalTicker, sameTicker } from "../../brokers/share-class.js";
import { allowedSlips, slipsBetween } from "../../core/typing-slips.js";
import type { SecurityMatch, SecurityResolution, SecuritySource } from "./security-match.js";
import { nameWords } from "./security-names.js";

/**
 * Matches what a user typed against candidate securities from every source, and says how sure
 * the match is. Exact: the ticker typed as a ticker, or the whole name. Otherwise each typed
 * word must be one of the name's words, a start of one, or a typing slip away from one; the
 * fewest slips win, and a tie (or a runner-up with as few slips) is a question, never a guess.
 */

const sourceRank: Record<SecuritySource, number> = { holding: 0, broker: 1, well_known: 2 };
const MAX_CANDIDATES = 5;

interface Fit {
  match: SecurityMatch;
  /** Typing slips (edit distance) between the typed words and the name's. */
  slips: number;
  /** Typed words (4+ letters) that were only the start of a name word ("quaz" for "quazellum"). */
  prefixes: number;
  /** Name words nobody typed ("robotics" when only "quazellum" was said). */
  untyped: number;
}

/** What the user typed, read as a ticker only when typed like one (capitals, $, a class). */
function typedTicker(query: string): string | null {
  const trimmed = query.trim();
  const looksTyped = /^\$/.test(trimmed) || /[.\-/]/.test(trimmed) || trimmed === trimmed.toUpperCase();
  return looksTyped ? canonicalTicker(trimmed) : null;
}

function isExact(query: string, candidate: SecurityMatch): boolean {
  const ticker = typedTicker(query);
  if (ticker && sameTicker(ticker, candidate.symbol)) return true;
  const typed = nameWords(query);
  const name = nameWords(candidate.name);
  if (typed.length === 0 || name.length === 0) return false;
  return typed.join(" ") === name.join(" ") || typed.join("") === name.join("");
}

function fitOf(query: string, candidate: SecurityMatch): Fit | null {
  const typed = nameWords(query);
  const name = nameWords(candidate.name);
  if (typed.length === 0) return null;
  const fit: Fit = { match: candidate, slips: 0, prefixes: 0, untyped: name.length };
  const used = new Set<number>();
  for (const word of typed) {
    let best: { index: number; slips: number; prefix: boolean } | null = null;
    for (const [index, nameWord] of name.entries()) {
      if (used.has(index)) continue;
      const prefix = word.length >= 4 && nameWord.startsWith(word) && nameWord !== word;
      const slips = prefix ? 0 : slipsBetween(word, nameWord);
      if (!prefix && slips > allowedSlips(word)) continue;
      if (!best || slips < best.slips || (slips === best.slips && best.prefix && !prefix))
        best = { index, slips, prefix };
    }
    if (!best) return joinedFit(typed, name, candidate) ?? tickerSlipFit(query, typed, candidate);
    used.add(best.index);
    fit.slips += best.slips;
    if (best.prefix) fit.prefixes += 1;
  }
  fit.untyped = name.length - used.size;
  return fit;
}

/** "cocacola", "face book": the words run together or apart, compared as one. */
function joinedFit(typed: string[], name: string[], candidate: SecurityMatch): Fit | null {
  const word = typed.join("");
  const whole = name.join("");
  const slips = slipsBetween(word, whole);
  return slips <= allowedSlips(word) ? { match: candidate, slips, prefixes: 0, untyped: 0 } : null;
}

/** A lower-case ticker ("qzlm"), or one slip in a ticker of 4+ letters ("QZML" for QZLM). */
function tickerSlipFit(query: string, typed: string[], candidate: SecurityMatch): Fit | null {
  if (typed.length !== 1) return null;
  const ticker = canonicalTicker(query);
  if (!ticker) return null;
  const slips = slipsBetween(ticker, candidate.symbol);
  const allowed = ticker.replace(".", "").length >= 4 ? 1 : 0;
  return slips <= allowed ? { match: candidate, slips, prefixes: 0, untyped: 0 } : null;
}

function compareFits(a: Fit, b: Fit): number {
  return (
    a.slips - b.slips ||
    a.prefixes - b.prefixes ||
    a.untyped - b.untyped ||
    sourceRank[a.match.source] - sourceRank[b.match.source]
  );
}

/** One entry per ticker: the best fit, marked held when any source says it is held. */
function bestPerSymbol(fits: Fit[]): Fit[] {
  const bySymbol = new Map<string, Fit>();
  for (const fit of [...fits].sort(compareFits)) {
    const known = bySymbol.get(fit.match.symbol);
    if (!known) bySymbol.set(fit.match.symbol, fit);
    else if (fit.match.held && !known.match.held) known.match = { ...known.match, held: true };
  }
  return [...bySymbol.values()];
}

function distinctBySymbol(matches: SecurityMatch[]): SecurityMatch[] {
  const seen = new Map<string, SecurityMatch>();
  for (const match of [...matches].sort((a, b) => sourceRank[a.source] - sourceRank[b.source])) {
    const known = seen.get(match.symbol);
    if (!known) seen.set(match.symbol, match);
    else if (match.held && !known.held) seen.set(match.symbol, { ...known, held: true });
  }
  return [...seen.values()];
}

export function matchSecurity(query: string, candidates: readonly SecurityMatch[]): SecurityResolution {
  const exact = distinctBySymbol(candidates.filter((c) => isExact(query, c)));
  // A held security the words name exactly is the one meant, whatever else shares the name.
  const heldExact = exact.filter((m) => m.held);
  const exactPool = heldExact.length > 0 ? heldExact : exact;
  if (exactPool.length === 1) return { kind: "exact", match: exactPool[0]! };
  if (exactPool.length > 1) return { kind: "candidates", candidates: exactPool.slice(0, MAX_CANDIDATES) };

  const fits = bestPerSymbol(candidates.flatMap((c) => fitOf(query, c) ?? []));
  const [best, runnerUp] = fits;
  if (!best) return { kind: "none" };
  if (!runnerUp || runnerUp.slips > best.slips) return { kind: "confident", match: best.match };
  return { kind: "candidates", candidates: fits.slice(0, MAX_CANDIDATES).map((f) => f.match) };
}

/** The text to ask a broker's search for: the name's words, or the ticker as typed. */
export function searchTextOf(query: string): string {
  return typedTicker(query) ?? nameWords(query).join(" ");
}

/**
 * A shorter text for a second search when the first found nothing: broker searches match
 * substrings, so a misspelt name ("quazelum") is found by the start of its longest word.
 */
export function fallbackSearchTextOf(query: string): string | null {
  const longest = [...nameWords(query)].sort((a, b) => b.length - a.length)[0];
  return longest && longest.length >= 4 ? longest.slice(0, 3) : null;
}
