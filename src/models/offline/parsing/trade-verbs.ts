import { distance } from "fastest-levenshtein";
import type { OrderSide } from "../../../orders/contract/index.js";

/**
 * The verbs and idioms people use for buying and selling. A "strong" entry means a trade on its
 * own ("buy", "dump"); a "weak" one ("get", "grab", "add") only with both a symbol and an amount,
 * since "get me the price" is not an order. Each entry has its own test.
 */
export interface TradeVerb {
  phrase: string;
  side: OrderSide;
  strength: "strong" | "weak";
}

const strong = (side: OrderSide, phrases: string[]): TradeVerb[] =>
  phrases.map((phrase) => ({ phrase, side, strength: "strong" }));
const weak = (side: OrderSide, phrases: string[]): TradeVerb[] =>
  phrases.map((phrase) => ({ phrase, side, strength: "weak" }));

export const TRADE_VERBS: readonly TradeVerb[] = [
  ...strong("buy", [
    "buy",
    "purchase",
    "invest",
    "acquire",
    "scoop up",
    "snap up",
    "load up on",
    "stock up on",
    "accumulate",
    "go long",
    "open a position in",
    "start a position in",
    "build a position in",
    "add to my position in",
    "buy more",
    "buy into",
    "i'll take",
    "ill take",
  ]),
  ...weak("buy", ["put", "add", "grab", "pick up", "get me", "get", "snag", "nab", "cop", "throw", "park"]),
  ...strong("sell", [
    "sell",
    "dump",
    "unload",
    "liquidate",
    "trim",
    "offload",
    "get rid of",
    "cash out of",
    "cash out",
    "dispose of",
    "ditch",
    "divest",
    "take profits on",
    "take profit on",
    "lock in gains on",
    "lighten up on",
    "reduce my position in",
    "bail on",
    "let go of",
    "part with",
    "shed",
    "pare back",
  ]),
];

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function patternFor(side: OrderSide, strength: TradeVerb["strength"]): RegExp {
  const phrases = TRADE_VERBS.filter((v) => v.side === side && v.strength === strength)
    .map((v) => escapeRegExp(v.phrase).replace(/ /g, "\\s+"))
    .sort((a, b) => b.length - a.length);
  return new RegExp(`\\b(?:${phrases.join("|")})\\b`, "i");
}

export const STRONG_BUY = patternFor("buy", "strong");
export const STRONG_SELL = patternFor("sell", "strong");
export const WEAK_BUY = patternFor("buy", "weak");

/**
 * A misspelt "buy" or "sell" at the start of an order ("by 10 AAPL", "bye 5 TSLA", "sel 5 TSLA",
 * "sewll all NVDA"): one edit away, and followed by an amount, a cashtag or a capitalised ticker.
 * Read as the verb only there, so "sale" or "by Friday" elsewhere stay words.
 */
const FIRST_WORD_THEN_ORDER = /^([a-z]{2,6})(\s+(?:\$|\d|all\b|half\b|some\b|[A-Z]{1,5}\b))/i;

export function correctVerbTypo(text: string): string {
  const match = FIRST_WORD_THEN_ORDER.exec(text);
  if (!match) return text;
  const word = match[1]!.toLowerCase();
  if (word === "buy" || word === "sell") return text;
  for (const verb of ["buy", "sell"] as const) {
    if (distance(word, verb) === 1 && word[0] === verb[0]) return verb + text.slice(match[1]!.length);
  }
  return text;
}
