import { NUMBER_PATTERN, parseNumberToken } from "./numbers.js";

/**
 * How much of a security a trade request asks for: shares ("10 shares", "2 AAPL", "a share"),
 * dollars ("$500", "1,000 dollars", "$1.5k"), everything ("all my Tesla") or a fraction of the
 * position ("half", "a third", "25%"). Every distinct amount found is returned; the caller asks
 * the user when there is none or more than one.
 */

export type Amount =
  /** `bare`: a number with no unit ("sell 2 AAPL", "make it 5"). */
  | { kind: "shares"; quantity: number; bare?: boolean }
  | { kind: "dollars"; notional: number }
  | { kind: "all" }
  | { kind: "fraction"; fraction: number }
  /** A number whose unit can't be told ("2k" alone): the user is asked. */
  | { kind: "unclear"; text: string };

const NUM = `(${NUMBER_PATTERN})`;
const SCALE = "(k|m|thousand|million)?";

const FRACTION_WORDS: ReadonlyArray<{ pattern: RegExp; fraction: number }> = [
  { pattern: /\b(?:two|2) thirds\b|\b2\/3\b/i, fraction: 2 / 3 },
  { pattern: /\b(?:three|3) quarters\b|\b3\/4\b/i, fraction: 3 / 4 },
  { pattern: /\b(?:a|one|1) third\b|\b1\/3\b/i, fraction: 1 / 3 },
  { pattern: /\b(?:a|one|1) quarter\b|\b(?:a|one|1) fourth\b|\b1\/4\b/i, fraction: 1 / 4 },
  { pattern: /\b(?:a|one|1) fifth\b|\b1\/5\b/i, fraction: 1 / 5 },
  { pattern: /\bhalf\b|\b1\/2\b/i, fraction: 1 / 2 },
];

const PARTIAL_SHARE = /\b(half|a quarter|quarter) (?:of )?a share\b/i;
const PERCENT = new RegExp(String.raw`${NUM}\s*(?:%|percent\b|pct\b)`, "i");
const DOLLARS_BEFORE = new RegExp(String.raw`(?:\$|\busd\s*)\s*${NUM}\s*${SCALE}(?![\w,])`, "i");
const DOLLARS_AFTER = new RegExp(String.raw`(?<![\w.,])${NUM}\s*${SCALE}\s*(?:dollars?|bucks|usd)\b`, "i");
const SHARES = new RegExp(String.raw`(?<![\w.,$])${NUM}\s*(?:shares?|stocks?|units?)\b`, "i");
const ONE_SHARE = /\b(?:a|one|a single) share\b/i;
const EVERYTHING = /\b(?:all|everything|entire|whole|every share)\b/i;
const BARE_NUMBER = new RegExp(String.raw`(?<![\w.,$/])${NUM}\s*${SCALE}(?![\w,%/]|\.\d)`, "gi");

export interface AmountScan {
  amounts: Amount[];
  rest: string;
}

/** Finds amounts in one clause (prices must already be cut out by `extractOrderTerms`). */
export function extractAmounts(clause: string): AmountScan {
  const amounts: Amount[] = [];
  let rest = clause;
  const take = (pattern: RegExp, toAmount: (match: RegExpExecArray) => Amount | null): void => {
    const match = pattern.exec(rest);
    if (!match) return;
    const amount = toAmount(match);
    if (amount) amounts.push(amount);
    rest = `${rest.slice(0, match.index)} ${rest.slice(match.index + match[0].length)}`;
  };

  take(PARTIAL_SHARE, (m) => ({ kind: "shares", quantity: m[1]?.toLowerCase() === "half" ? 0.5 : 0.25 }));
  take(PERCENT, (m) => fractionFromPercent(m[1]));
  for (const { pattern, fraction } of FRACTION_WORDS) take(pattern, () => ({ kind: "fraction", fraction }));
  take(DOLLARS_BEFORE, (m) => dollars(m[1], m[2]));
  take(DOLLARS_AFTER, (m) => dollars(m[1], m[2]));
  take(SHARES, (m) => shares(m[1]));
  take(ONE_SHARE, () => ({ kind: "shares", quantity: 1 }));
  take(EVERYTHING, () => ({ kind: "all" }));
  for (const match of rest.matchAll(BARE_NUMBER)) {
    const quantity = match[2] ? null : shares(match[1]);
    amounts.push(quantity ? { ...quantity, bare: true } : unclear(match[0]));
  }
  rest = rest.replace(BARE_NUMBER, " ");
  return { amounts: dedupe(amounts), rest: rest.replace(/\s+/g, " ").trim() };
}

function fractionFromPercent(token: string | undefined): Amount | null {
  const value = token ? parseNumberToken(token) : null;
  if (value === null || value <= 0) return null;
  if (value > 100) return { kind: "unclear", text: `${token}%` };
  return value === 100 ? { kind: "all" } : { kind: "fraction", fraction: value / 100 };
}

function dollars(token: string | undefined, scale: string | undefined): Amount | null {
  const value = token ? parseNumberToken(token, scale) : null;
  return value !== null && value > 0 ? { kind: "dollars", notional: value } : null;
}

function shares(token: string | undefined): Extract<Amount, { kind: "shares" }> | null {
  const value = token ? parseNumberToken(token) : null;
  return value !== null && value > 0 ? { kind: "shares", quantity: value } : null;
}

function unclear(text: string): Amount {
  return { kind: "unclear", text: text.trim() };
}

function dedupe(amounts: Amount[]): Amount[] {
  const seen = new Set<string>();
  return amounts.filter((amount) => {
    const key = JSON.stringify(amount);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
