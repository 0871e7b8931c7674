/**
 * Numbers as people type them: "1,000", "2.5", "1.5k", "ten", "five hundred", "twenty-five".
 * Spelled-out numbers are rewritten to digits up front so every amount and price pattern only has
 * to understand digits.
 */

const SMALL_NUMBERS: Record<string, number> = {
  zero: 0,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
};
const SCALE_WORDS: Record<string, number> = { hundred: 100, thousand: 1_000, million: 1_000_000 };

/** Digits with optional thousands commas and decimals: the capture used by every amount pattern. */
export const NUMBER_PATTERN = String.raw`\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+`;

/** "1,000" → 1000, "1.5k" → 1500, "2m" → 2000000; null for anything else. */
export function parseNumberToken(token: string, suffix?: string): number | null {
  const value = Number(token.replace(/,/g, ""));
  if (!Number.isFinite(value)) return null;
  const scale = suffixScale(suffix);
  return scale === null ? null : value * scale;
}

function suffixScale(suffix: string | undefined): number | null {
  const word = (suffix ?? "").trim().toLowerCase();
  if (word === "") return 1;
  if (word === "k" || word === "thousand") return 1_000;
  if (word === "m" || word === "mm" || word === "million") return 1_000_000;
  return null;
}

function isNumberWord(word: string): boolean {
  return word in SMALL_NUMBERS || word in SCALE_WORDS;
}

/**
 * Rewrites spelled-out numbers as digits: "ten shares" → "10 shares", "five hundred dollars" →
 * "500 dollars", "a thousand" → "1000". A lone "a"/"an" only counts before a scale word, so
 * "a share" and "a third" are left for the amount parser.
 */
export function spelledNumbersToDigits(text: string): string {
  const tokens = text.match(/[A-Za-z]+|[^A-Za-z]+/g) ?? [];
  const out: string[] = [];
  let index = 0;
  while (index < tokens.length) {
    const run = readNumberRun(tokens, index);
    if (run && !isPronounOne(tokens, index, run.end)) {
      out.push(String(run.value));
      index = run.end;
    } else {
      out.push(tokens[index] ?? "");
      index += 1;
    }
  }
  return out.join("");
}

function readNumberRun(tokens: string[], start: number): { value: number; end: number } | null {
  const first = (tokens[start] ?? "").toLowerCase();
  const startsWithArticle = (first === "a" || first === "an") && nextWordIsScale(tokens, start);
  if (!startsWithArticle && !isNumberWord(first)) return null;

  let total = 0;
  let current = 0;
  let end = start;
  let index = start;
  while (index < tokens.length) {
    const word = (tokens[index] ?? "").toLowerCase();
    if (index === start && startsWithArticle) {
      current = 1;
    } else if (word in SMALL_NUMBERS) {
      current += SMALL_NUMBERS[word] ?? 0;
    } else if (word in SCALE_WORDS) {
      const scale = SCALE_WORDS[word] ?? 1;
      if (scale === 100) current = (current || 1) * 100;
      else {
        total += (current || 1) * scale;
        current = 0;
      }
    } else break;
    end = index + 1;
    index = skipJoiner(tokens, index + 1);
  }
  return { value: total + current, end };
}

/** Steps over the separator after a number word ("twenty-five", "one hundred and fifty"). */
function skipJoiner(tokens: string[], index: number): number {
  const separator = tokens[index] ?? "";
  if (!/^[\s-]+$/.test(separator)) return tokens.length;
  const next = (tokens[index + 1] ?? "").toLowerCase();
  if (isNumberWord(next)) return index + 1;
  if (
    next === "and" &&
    /^\s+$/.test(tokens[index + 2] ?? "") &&
    isNumberWord((tokens[index + 3] ?? "").toLowerCase())
  )
    return index + 3;
  return tokens.length;
}

/** "the Robinhood one", "which one": "one" as a pronoun, not a count. */
function isPronounOne(tokens: string[], start: number, end: number): boolean {
  if ((tokens[start] ?? "").toLowerCase() !== "one" || end !== start + 1) return false;
  const after = tokens.slice(end).join("");
  const before = (tokens[start - 2] ?? "").toLowerCase();
  return (
    /^[\s.,!?]*$/.test(after) ||
    ["the", "which", "that", "this", "each", "any", "every", "no"].includes(before)
  );
}

function nextWordIsScale(tokens: string[], index: number): boolean {
  return /^\s+$/.test(tokens[index + 1] ?? "") && (tokens[index + 2] ?? "").toLowerCase() in SCALE_WORDS;
}
