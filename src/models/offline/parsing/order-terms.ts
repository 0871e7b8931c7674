import { NUMBER_PATTERN, parseNumberToken } from "./numbers.js";

/**
 * Prices and time in force in an order request: "at 180" / "limit 180" (limit), "stop at 200" /
 * "if it drops to 200" (stop for a sell, limit for a buy), "stop 200 limit 195" (stop-limit),
 * "good till cancelled" / "GTC". Matched phrases are cut out so their numbers are not read as
 * share counts later.
 */

import type { OrderType, OrderSide as Side, TimeInForce } from "../../../orders/contract/index.js";

export interface OrderTerms {
  orderType?: OrderType;
  limitPrice?: number;
  stopPrice?: number;
  timeInForce?: TimeInForce;
  /** "as a limit order" with no price: the user must say the price. */
  missingLimitPrice?: boolean;
  missingStopPrice?: boolean;
}

const PRICE = String.raw`\$?\s*(${NUMBER_PATTERN})(?![\d,])`;

interface PricePhrase {
  pattern: RegExp;
  /** What the phrase sets; "drop" and "rise" depend on the side. */
  meaning: "limit" | "stop" | "drop" | "rise";
}

const PRICE_PHRASES: readonly PricePhrase[] = [
  {
    pattern: new RegExp(String.raw`\bstop[- ]?loss(?: order)?(?: price)?(?: at| of| to|@)?\s*${PRICE}`, "i"),
    meaning: "stop",
  },
  {
    pattern: new RegExp(String.raw`\bstop(?: order)?(?: price)?(?: at| of| to|@)?\s*${PRICE}`, "i"),
    meaning: "stop",
  },
  {
    pattern: new RegExp(String.raw`\blimit(?: order)?(?: price)?(?: at| of| to|@)?\s*${PRICE}`, "i"),
    meaning: "limit",
  },
  {
    pattern: new RegExp(
      String.raw`(?:\b(?:at|for)|@)\s*${PRICE}\s*(?:each|per share|a share|apiece|/share)\b`,
      "i",
    ),
    meaning: "limit",
  },
  {
    pattern: new RegExp(
      String.raw`\b(?:if|when|once|should)\s+(?:it|the price|the stock|[A-Za-z.]{1,6})\s+(?:drops?|falls?|dips?|goes down|gets down|sinks?|declines?|is)\s+(?:to|below|under|beneath)\s*${PRICE}`,
      "i",
    ),
    meaning: "drop",
  },
  {
    pattern: new RegExp(
      String.raw`\b(?:if|when|once|should)\s+(?:it|the price|the stock|[A-Za-z.]{1,6})\s+(?:drops?|falls?|dips?|sinks?)\s*${PRICE}`,
      "i",
    ),
    meaning: "drop",
  },
  {
    pattern: new RegExp(
      String.raw`\b(?:if|when|once|should)\s+(?:it|the price|the stock|[A-Za-z.]{1,6})\s+(?:rises?|goes up|climbs?|gets|hits?|reaches|goes|breaks|tops?|is)\s+(?:to\s+|above\s+|over\s+)?${PRICE}`,
      "i",
    ),
    meaning: "rise",
  },
  { pattern: new RegExp(String.raw`\bno (?:more|higher) than\s*${PRICE}`, "i"), meaning: "limit" },
  { pattern: new RegExp(String.raw`\bno (?:less|lower) than\s*${PRICE}`, "i"), meaning: "limit" },
  {
    pattern: new RegExp(
      String.raw`(?:\bat|@)\s*${PRICE}(?!\s*(?:shares?|%|percent|dollars|bucks|k\b))(?:\s*or (?:less|lower|better|more|higher))?`,
      "i",
    ),
    meaning: "limit",
  },
];

const TIME_IN_FORCE_PHRASES: ReadonlyArray<{ pattern: RegExp; value: TimeInForce }> = [
  { pattern: /\bgood[- ]?(?:till|til|'til|until|to)[- ]?cancel+(?:l?ed)?\b|\bgtc\b/i, value: "gtc" },
  { pattern: /\bday order\b|\bgood for (?:the )?day\b|\b(?:for )?today only\b|\bday only\b/i, value: "day" },
  { pattern: /\bimmediate[- ]or[- ]cancel\b|\bioc\b/i, value: "ioc" },
  { pattern: /\bfill[- ]or[- ]kill\b|\bfok\b/i, value: "fok" },
];

const MARKET_ORDER = /\b(?:at|at the) market(?: price)?\b|\bmarket order\b|\bat market\b/i;
const LIMIT_WORD = /\blimit(?: order)?\b/i;
const STOP_WORD = /\bstop(?:[- ]?loss)?(?: order)?\b/i;

export interface OrderTermsScan {
  terms: OrderTerms;
  rest: string;
}

/**
 * Reads prices and time in force. `side` resolves conditional phrases: a sell "if it drops to
 * 200" protects a position (stop); a buy "if it drops to 150" waits for a lower price (limit).
 */
export function extractOrderTerms(text: string, side: Side | undefined): OrderTermsScan {
  let rest = text;
  let limitPrice: number | undefined;
  let stopPrice: number | undefined;
  for (const phrase of PRICE_PHRASES) {
    const match = phrase.pattern.exec(rest);
    const price = match?.[1] ? parseNumberToken(match[1]) : null;
    if (!match || price === null) continue;
    const meaning = resolveMeaning(phrase.meaning, side);
    if (meaning === "stop" && stopPrice === undefined) stopPrice = price;
    else if (meaning === "limit" && limitPrice === undefined) limitPrice = price;
    else continue;
    rest = cut(rest, match);
  }

  const terms: OrderTerms = {};
  for (const { pattern, value } of TIME_IN_FORCE_PHRASES) {
    const match = pattern.exec(rest);
    if (match) {
      terms.timeInForce = value;
      rest = cut(rest, match);
      break;
    }
  }

  if (limitPrice !== undefined) terms.limitPrice = limitPrice;
  if (stopPrice !== undefined) terms.stopPrice = stopPrice;
  if (limitPrice !== undefined && stopPrice !== undefined) terms.orderType = "stop_limit";
  else if (stopPrice !== undefined) terms.orderType = LIMIT_WORD.test(rest) ? "stop_limit" : "stop";
  else if (limitPrice !== undefined) terms.orderType = STOP_WORD.test(rest) ? "stop_limit" : "limit";
  else if (MARKET_ORDER.test(rest)) terms.orderType = "market";
  else if (/\bstop[- ]limit\b/i.test(rest)) terms.orderType = "stop_limit";
  else if (STOP_WORD.test(rest)) terms.orderType = "stop";
  else if (LIMIT_WORD.test(rest)) terms.orderType = "limit";

  if (terms.orderType === "limit" || terms.orderType === "stop_limit") {
    if (terms.limitPrice === undefined) terms.missingLimitPrice = true;
  }
  if (terms.orderType === "stop" || terms.orderType === "stop_limit") {
    if (terms.stopPrice === undefined) terms.missingStopPrice = true;
  }
  if (terms.orderType)
    rest = rest.replace(MARKET_ORDER, " ").replace(/\b(?:stop[- ]limit|limit|stop)(?: order)?\b/gi, " ");
  return { terms, rest: rest.replace(/\s+/g, " ").trim() };
}

function resolveMeaning(meaning: PricePhrase["meaning"], side: Side | undefined): "limit" | "stop" {
  if (meaning === "drop") return side === "buy" ? "limit" : "stop";
  if (meaning === "rise") return side === "buy" ? "stop" : "limit";
  return meaning;
}

function cut(text: string, match: RegExpExecArray): string {
  return `${text.slice(0, match.index)} ${text.slice(match.index + match[0].length)}`;
}

/** Joins "stop at 200 and limit 195" into one phrase before a request is split at "and". */
export function joinStopAndLimit(text: string): string {
  return text.replace(
    new RegExp(String.raw`(\bstop[^,;]*?${PRICE})\s*(?:,|and|with|plus)\s+(?:a\s+)?(limit)`, "gi"),
    "$1 $3",
  );
}
