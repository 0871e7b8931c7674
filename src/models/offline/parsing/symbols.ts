import { isLowercaseSafeTicker, KNOWN_TICKERS } from "./ticker-table.js";

/**
 * Finds ticker symbols in a request whose company names were already replaced by tickers.
 * A token counts as a ticker when it is a cashtag ($AAPL), a known ticker (any case if it is not
 * an English word), or an unknown all-capitals token that is not a common abbreviation.
 */

export interface SymbolMention {
  symbol: string;
  index: number;
}

/** Capitalised tokens that are not tickers in a brokerage chat. */
const NOT_TICKERS = new Set([
  ..."I A OK USD ETF ETFS IRA HSA TFSA RRSP ROTH SEP GTC IOC FOK DAY LIMIT STOP MARKET BUY SELL ALL MY ME US USA".split(
    " ",
  ),
  ..."UK EU CEO CFO IPO AM PM EST EDT PST PDT UTC ET PT ID NYSE NASDAQ FAQ LOL PLS PLZ THX ASAP YTD PNL API AI".split(
    " ",
  ),
  ..."TV NO YES HI HEY NOT AND THE OF FOR TO IN ON AT IT IS DO HOW WHAT WHO WHY DOW SP TD IBKR LLC INC CO".split(
    " ",
  ),
  ..."P L PL Q QTD MTD DRIP ACH APY APR EPS PE NAV ADR ATH".split(" "),
]);

/** Pronouns that point back at the symbol last talked about ("sell half of it"). */
const PRONOUN_PATTERN = /\b(?:it|them|that one|that stock|this one|those shares|those)\b/i;

/** Index names several funds track: the user is asked which fund rather than given a guess. */
const INDEX_NAME_PATTERN =
  /\bs\s?&\s?p(?:\s*500)?\b|\bs and p\b|\bdow jones\b|\bnasdaq(?:[- ]100)?\b|\btotal (?:stock )?market\b/i;

const TOKEN_PATTERN = /\$?[A-Za-z][A-Za-z0-9]*(?:\.[A-Za-z])?/g;

export function findSymbols(text: string): SymbolMention[] {
  const shouting = isShouting(text);
  const mentions: SymbolMention[] = [];
  for (const match of text.matchAll(TOKEN_PATTERN)) {
    const symbol = classifyToken(match[0], shouting, text, match.index);
    if (symbol && !mentions.some((m) => m.symbol === symbol)) mentions.push({ symbol, index: match.index });
  }
  return mentions;
}

function classifyToken(token: string, shouting: boolean, text: string, index: number): string | null {
  // "$500" never reaches here (a letter must follow "$"); "$aapl" is an explicit cashtag.
  if (token.startsWith("$")) {
    const cashtag = token.slice(1).toUpperCase();
    return /^[A-Z]{1,5}(?:\.[A-Z])?$/.test(cashtag) ? cashtag : null;
  }
  // A token glued to a preceding "&" or "'" is part of a word ("AT&T" handled by names, "don't").
  if (/['&]$/.test(text.slice(Math.max(0, index - 1), index))) return null;
  const upper = token.toUpperCase();
  if (KNOWN_TICKERS.has(upper)) {
    if (token === upper) return upper;
    return isLowercaseSafeTicker(upper) ? upper : null;
  }
  if (shouting || token !== upper) return null;
  return /^[A-Z]{2,5}(?:\.[A-Z])?$/.test(upper) && !NOT_TICKERS.has(upper) ? upper : null;
}

/** ALL-CAPS messages make every word look like a ticker; then only known tickers count. */
function isShouting(text: string): boolean {
  const letters = text.replace(/[^A-Za-z]/g, "");
  if (letters.length < 8) return false;
  const capitals = letters.replace(/[^A-Z]/g, "").length;
  return capitals / letters.length > 0.8;
}

export function mentionsPronoun(text: string): boolean {
  return PRONOUN_PATTERN.test(text);
}

export function mentionsIndexName(text: string): boolean {
  return INDEX_NAME_PATTERN.test(text);
}

/** Cuts index names out so "S&P 500" is not read as an amount of 500. */
export function withoutIndexNames(text: string): string {
  return text.replace(new RegExp(INDEX_NAME_PATTERN.source, "gi"), " ");
}

/**
 * The word the user used where a ticker was expected ("10 shares of blorp"), so the question back
 * can name it. Only looks right after "of" / "in" / "into", where a security name would be.
 */
export function findUnrecognisedName(text: string): string | null {
  const match =
    /\b(?:shares? of|worth of|dollars? of|of|in|into)\s+(?:my\s+|the\s+)?([A-Za-z][\w.&'-]{1,30})/i.exec(
      text,
    );
  const word = match?.[1];
  if (!word) return null;
  const ignored =
    /^(?:it|them|that|this|those|these|my|the|a|an|stock|stocks|shares?|everything|all|cash|money)$/i;
  return ignored.test(word) ? null : word;
}
