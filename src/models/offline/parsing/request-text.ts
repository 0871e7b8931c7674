import { spelledNumbersToDigits } from "./numbers.js";
import { joinStopAndLimit } from "./order-terms.js";
import { replaceCompanyNames } from "./ticker-table.js";

/**
 * Puts a user's message in the one shape every parser expects: plain ASCII quotes, company names
 * replaced by tickers, spelled-out numbers as digits, single spaces. Then splits it into clauses
 * ("what do I hold and what's my buying power" → two requests).
 */

export function normaliseRequest(text: string): string {
  const ascii = text
    .replace(/[\u2018\u2019\u02bc]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/[\u2013\u2014]/g, " - ")
    .replace(/\s+/g, " ")
    .trim();
  return spelledNumbersToDigits(replaceCompanyNames(normaliseShareClasses(ascii)));
}

/**
 * Share-class spellings → the dotted form the contract takes: "BRK-B", "BRK/B", "brk.b" → "BRK.B".
 * A capitalised ticker with a dash, slash or space and one capital class letter is always a
 * class ("BRK B"); a lower-case one ("brk b") only for bases known to trade in classes.
 */
const CLASS_BASES = ["BRK", "BF", "LEN", "HEI", "MOG", "CRD", "LGF", "UHAL", "GEF", "BIO", "FOX", "NWS"];
export function normaliseShareClasses(text: string): string {
  const dotted = text.replace(/(?<![\w$./-])(\$?[A-Z]{1,5})[-/.]([A-C])(?![\w/-])/g, "$1.$2");
  // "PLMQ B": a capitalised ticker, a space and a lone class letter, in a message not all in
  // capitals (there "BUY A FEW" is words).
  const marked = /[a-z]/.test(dotted)
    ? dotted.replace(/(?<![\w$./-])(\$?[A-Z]{2,5}) ([A-C])(?![\w/'.-])/g, "$1.$2")
    : dotted;
  const known = new RegExp(
    `(?<![\\w$.])(\\$?)(${CLASS_BASES.join("|")})(?:[-/. ]|\\s+class\\s+)([abc])(?![\\w/-])`,
    "gi",
  );
  return marked.replace(
    known,
    (_m, cash: string, base: string, cls: string) => `${cash}${base.toUpperCase()}.${cls.toUpperCase()}`,
  );
}

/**
 * Splits at "and", "also", "then", commas followed by a space, semicolons and sentence ends.
 * "1,000" (no space after the comma) and "stop 200 and limit 195" stay whole.
 */
export function splitClauses(text: string): string[] {
  return joinStopAndLimit(text)
    .split(/\s*(?:,\s+|;|\?|!|\.\s+|\.$|\band then\b|\bthen\b|\band also\b|\balso\b|\bplus\b|\band\b)\s*/i)
    .map((clause) => clause.trim())
    .filter((clause) => clause.length > 0);
}

/** Lower case with apostrophes dropped, for keyword tests: "What's" → "whats". */
export function keywordText(text: string): string {
  return text.toLowerCase().replace(/'/g, "");
}
