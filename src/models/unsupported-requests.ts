/**
 * What this service cannot trade or do, and how each is recognised in a user's words or in a
 * symbol a model filled in. Shared by the offline model (refuse before parsing an order) and the
 * prepare_order tool (refuse in code whatever model called it), so an options or crypto request
 * never becomes a stock order.
 */

export interface UnsupportedKind {
  id: "options" | "crypto" | "futures" | "forex" | "trailing_stop" | "bracket" | "short_sale" | "transfer";
  /** Completes "I can't ... here": "trade options". */
  action: string;
  /** Words that name it in a request. */
  pattern: RegExp;
}

export const UNSUPPORTED_KINDS: readonly UnsupportedKind[] = [
  {
    id: "options",
    action: "trade options",
    pattern:
      /\b(?:options? (?:contracts?|trades?|trading|orders?|chain)|(?:buy|sell|trade|write|open|close|get|purchase|grab)\w* (?:\S+ ){0,4}options?\b|(?:call|put) options?|covered calls?|cash[- ]secured puts?|\$?\d+(?:\.\d+)? strike|strike (?:price )?(?:of |at )?\$?\d+|\d+(?:\.\d+)?\s*(?:calls|puts)\b|[A-Za-z]{1,5} (?:\$?\d+(?:\.\d+)? )?(?:calls|puts)\b|leaps|straddles?|strangles?|iron condors?)/i,
  },
  {
    id: "forex",
    action: "trade currencies (forex)",
    pattern:
      /\b(?:forex|fx pairs?|currency pairs?|(?:eur|gbp|jpy|aud|cad|chf)[/-]?usd|usd[/-]?(?:jpy|cad|chf))\b/i,
  },
  {
    id: "crypto",
    action: "trade crypto",
    pattern:
      /\b(?:crypto(?:currenc(?:y|ies))?|bitcoins?|btc|ethereum|ether|eth|dogecoin|doge|solana|litecoin|ltc|xrp|ripple|cardano|shiba inu|stablecoins?|usdt|usdc|tether|[a-z]{2,5}[-/]usdt?)\b/i,
  },
  {
    id: "futures",
    action: "trade futures",
    pattern: /\b(?:futures?(?: contracts?)?|e-?mini|micro e-?mini|\/(?:es|nq|cl|gc|ym|rty)\b)/i,
  },
  {
    id: "trailing_stop",
    action: "place trailing stops",
    pattern: /\btrail(?:ing)?[- ]?stops?\b|\btrail(?:ing)? (?:by|of)\b|\btrailing \$?\d+(?:\.\d+)?\s*%/i,
  },
  {
    id: "bracket",
    action: "place bracket or OCO (one-cancels-other) orders",
    pattern:
      /\bbracket(?: order)?\b|\boco\b|\bone[- ]cancels[- ](?:the[- ])?other\b|\btake[- ]profit\b.*\bstop[- ]?loss\b|\bstop[- ]?loss\b.*\btake[- ]profit\b/i,
  },
  {
    id: "short_sale",
    action: "open short positions",
    pattern:
      /\bshort(?:[- ]?sell(?:ing)?)?\s+(?!(?:on|of|in|by|term|list|for|and|the|time|while|answer|version|notice)\b)(?:\d|\$|[a-z]{1,5}\b)|\bshort[- ]?sell|\bgo short\b|\bshorting\b/i,
  },
  {
    id: "transfer",
    action: "move money or positions between accounts or brokerages",
    pattern:
      /^(?:(?:please|can you|could you|i want to|i wanna|i'd like to|id like to|help me|let's|lets|how do i|how can i)\s+)?(?:transfer|move|migrate|wire|send)\b(?=.*\b(?:from|to|into|between|over)\b)(?=.*\b(?:accounts?|brokerages?|brokers?|robinhood|schwab|fidelity|vanguard|etrade|alpaca|webull|ira|401k|bank|chase)\b)|\bacats\b|^(?:(?:please|can you|could you|i want to|i'd like to|id like to)\s+)?(?:deposit|withdraw)\b/i,
  },
];

/** The first unsupported thing a request asks for, or null. */
export function unsupportedKindIn(text: string): UnsupportedKind | null {
  return UNSUPPORTED_KINDS.find((kind) => kind.pattern.test(text)) ?? null;
}

export function unsupportedReply(kind: UnsupportedKind): string {
  return `I can't ${kind.action} here; nothing was prepared. I can prepare market, limit, stop and stop-limit orders to buy stocks and ETFs, or to sell ones you hold.`;
}

/** Pairs a model might put in a symbol field: BTCUSD, ETH-USD, DOGEUSDT; spelled names too. */
const CRYPTO_SYMBOL = /^(?:[A-Z]{2,6}-?(?:USD|USDT|USDC)|BITCOIN|ETHEREUM|DOGECOIN|SOLANA|LITECOIN|CRYPTO)$/;
/** OCC option symbols ("AAPL240621C00190000") and futures roots ("/ES", "ESZ4" with a slash). */
const OPTION_SYMBOL = /^[A-Z]{1,6}\d{6}[CP]\d{8}$/;

/** Why a symbol handed to prepare_order is not a stock or ETF this service trades, or null. */
export function unsupportedSymbol(symbol: string): UnsupportedKind | null {
  const upper = symbol.trim().toUpperCase();
  const byId = (id: UnsupportedKind["id"]) => UNSUPPORTED_KINDS.find((k) => k.id === id) ?? null;
  if (CRYPTO_SYMBOL.test(upper.replace("/", "-"))) return byId("crypto");
  if (OPTION_SYMBOL.test(upper.replace(/\s+/g, ""))) return byId("options");
  if (upper.startsWith("/")) return byId("futures");
  return null;
}
