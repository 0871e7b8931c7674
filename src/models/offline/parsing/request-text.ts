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
  return spelledNumbersToDigits(replaceCompanyNames(ascii));
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
