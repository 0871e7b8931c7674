import type { performancePeriods } from "../../tool-contracts.js";
import { extractAccountMention } from "./account-hints.js";
import { COST_CUE, GAINS_CUE, SHOW_ALL_CUE } from "./holdings-question.js";
import type { PlannedToolCall } from "./intent.js";
import { keywordText } from "./request-text.js";
import { findSymbols, mentionsPronoun } from "./symbols.js";

/**
 * Questions → read tool calls: holdings, accounts, buying power, quotes, orders, portfolio mode,
 * transactions and performance. Works on one clause; the caller splits multi-part questions.
 */

type PerformancePeriod = (typeof performancePeriods)[number];

const ORDER_WORD = /\border(?:s)?\b/;
const ORDER_STATUS_CUE =
  /\b(?:status|fill|filled|fills|go through|gone through|went through|execute|executed|open|pending|recent|last|latest|history|show|list|see|any|check|where)\b/;
const DID_IT_FILL =
  /\bdid (?:it|that|my \w+)(?: \w+)? (?:fill|go through|execute|get filled)\b|\bhas (?:it|that) filled\b/;
const LAST_ONE = /\b(?:last|latest|most recent)\b|\bdid (?:it|that|my)\b|\bhas (?:it|that)\b/;
const ORDER_ID = /\border\s+(?:#\s*|id\s*:?\s*|number\s*)?([A-Za-z0-9][A-Za-z0-9_-]{2,63})/i;

const TRANSACTIONS_CUE =
  /\b(?:transactions?|activity|activities|dividends?|deposits?|withdrawals?|transfers|bought|sold|trade history|trading history|history|statement|happened)\b|\bdid i (?:buy|sell)\b/;
const PERFORMANCE_CUE =
  /\b(?:perform(?:ance|ed|ing)?|returns?|p&l|p\/l|pnl|gains?|losses|up or down|make (?:any )?money|made (?:any )?money|lost (?:any )?money)\b|\bhow much (?:did|have) i (?:make|made|lose|lost|earn|earned)\b|\bhow (?:did|has|have|is|was|am|are)\b.*\b(?:do|doing|done|go|going|gone|perform)\b|\bhows\b.*\bdoing\b/;
const PERIOD_WORDS =
  /\b(?:today|todays|yesterday|this (?:week|month|year|quarter)|(?:past|last) (?:\d+ )?(?:days?|weeks?|months?|years?|quarter)|since|ytd|daily|weekly|monthly|1d|1w|1m|3m|1y)\b/;
const PORTFOLIO_WORD = /\b(?:portfolio|account|accounts|investments?|i|my|overall)\b/;
const MODE_CUE =
  /\bportfolio mode\b|\bmode\b|\bwhich accounts? (?:can|could|are able to|support|supports) trad|\bcan i trade\b|\bread[- ]only\b|\bwhat kinds? of accounts\b|\baggregation\b|\bhybrid\b|\btrading enabled\b|\bable to trade\b/;
const ACCOUNTS_CUE =
  /\baccounts?\b.*\b(?:linked|connected|have|got|list|show)\b|\b(?:which|what|list|show|how many|all)\b.*\baccounts\b|\bmy accounts\b|\b(?:linked|connected) (?:brokerages?|brokers|institutions|banks)\b|\bbalances?\b/;
const BUYING_POWER_CUE =
  /\bbuying power\b|\bcash\b|\bhow much (?:money )?(?:can|could) i (?:spend|invest|use|trade)\b|\bavailable (?:to|for) (?:trade|trading|invest|investing|spend)\b|\bspendable\b|\bhow much money\b|\bfunds\b/;
const AFFORD_CUE = /\b(?:can|could) i (?:buy|afford)\b|\bafford\b/;
const HOLD_CUE = /\b(?:hold|holding|holdings|own|have|got|positions?|how many|my)\b/;
const QUOTE_CUE =
  /\b(?:price|prices|priced|trading|trade at|quote|cost|costs|worth|value|doing|where is|wheres|how much is|how much are|how much does)\b|\bat$/;
const HOLDINGS_CUE =
  /\b(?:hold|holding|holdings|own|positions?|portfolio|stocks?|investments?|invested|shares|net worth|total value|worth|whats in|what is in|have|got)\b/;

export interface ReadContext {
  lastSymbol: string | null;
}

export interface ReadClause {
  calls: PlannedToolCall[];
  /** The symbol this clause was about, for "it" in the next clause. */
  symbol: string | null;
}

export function parseReadClause(clause: string, context: ReadContext): ReadClause {
  const account = extractAccountMention(clause);
  const rest = account ? account.rest : clause;
  const found = findSymbols(rest)[0]?.symbol ?? null;
  const symbol = found ?? (context.lastSymbol && mentionsPronoun(rest) ? context.lastSymbol : null);
  const words = keywordText(rest);
  const withAccount = (args: Record<string, unknown>) =>
    account ? { ...args, account: account.hint } : args;
  const withSymbol = (args: Record<string, unknown>) => (symbol ? { ...args, symbol } : args);
  const one = (name: PlannedToolCall["name"], args: Record<string, unknown> = {}): ReadClause => ({
    calls: [{ name, args }],
    symbol,
  });

  const asksAboutOrders =
    ORDER_WORD.test(words) && (ORDER_STATUS_CUE.test(words) || /\bmy orders\b/.test(words));
  if (asksAboutOrders || DID_IT_FILL.test(words)) {
    const orderId = orderIdIn(clause);
    if (orderId) return one("get_orders", { orderId });
    return one("get_orders", withSymbol(LAST_ONE.test(words) ? { limit: 1 } : {}));
  }
  // Cost basis and gains so far are holdings questions (unless a period is named: that is performance).
  if (COST_CUE.test(words) || (GAINS_CUE.test(words) && !PERIOD_WORDS.test(words))) {
    return one("get_holdings", withSymbol(withAccount({})));
  }
  if (TRANSACTIONS_CUE.test(words)) {
    const days = daysIn(words);
    return one("get_transactions", withSymbol(withAccount(days ? { days } : {})));
  }
  if (PERFORMANCE_CUE.test(words) && (!found || /\bportfolio\b/.test(words)) && PORTFOLIO_WORD.test(words)) {
    return one("get_performance", { period: periodIn(words) });
  }
  if (MODE_CUE.test(words)) return one("get_portfolio_mode");
  if (SHOW_ALL_CUE.test(words) && !BUYING_POWER_CUE.test(words) && !/\baccounts\b/.test(words))
    return one("get_holdings", withSymbol(withAccount({})));
  if (symbol && AFFORD_CUE.test(words)) {
    return {
      calls: [
        { name: "get_buying_power", args: withAccount({}) },
        { name: "get_quote", args: { symbol } },
      ],
      symbol,
    };
  }
  if (BUYING_POWER_CUE.test(words)) return one("get_buying_power", withAccount({}));
  if (!account && ACCOUNTS_CUE.test(words)) return one("get_accounts");
  if (symbol) {
    if (HOLD_CUE.test(words)) return one("get_holdings", withSymbol(withAccount({})));
    if (QUOTE_CUE.test(words) || isJustTheSymbol(words)) return one("get_quote", { symbol });
  }
  if (account || HOLDINGS_CUE.test(words)) return one("get_holdings", withAccount({}));
  return { calls: [], symbol };
}

/** "TSLA?", "price AAPL", "$NVDA": a bare symbol is a quote request. */
function isJustTheSymbol(words: string): boolean {
  return (
    words
      .replace(/[^a-z.$ ]/g, "")
      .trim()
      .split(/\s+/).length <= 2
  );
}

function orderIdIn(clause: string): string | null {
  const id = ORDER_ID.exec(clause)?.[1];
  // Real ids carry a digit; this keeps "order status" or "order history" from looking like one.
  return id && /\d/.test(id) ? id : null;
}

function periodIn(words: string): PerformancePeriod {
  if (
    /\b(?:overall|all[- ]time|ever|since (?:i |we )?(?:started|the start|the beginning|inception|joining|opening)|in total|lifetime|total return)\b/.test(
      words,
    )
  )
    return "ALL";
  if (/\b(?:3|three) months?\b|\bquarter\b|\b90 days\b|\b3m\b/.test(words)) return "3M";
  if (/\b(?:year|12 months|ytd|1y|365 days|annual(?:ly)?)\b/.test(words)) return "1Y";
  if (/\b(?:month|30 days|1m)\b/.test(words)) return "1M";
  if (/\b(?:week|7 days|1w)\b/.test(words)) return "1W";
  if (/\b(?:today|todays|day|1d|since yesterday|daily)\b/.test(words)) return "1D";
  // "How's my portfolio doing?" asks about now: today's move. Otherwise a month is the default.
  return /\bdoing\b/.test(words) ? "1D" : "1M";
}

function daysIn(words: string): number | undefined {
  const explicit = /\b(?:last|past) (\d{1,4}) days?\b/.exec(words)?.[1];
  if (explicit) return Math.min(3650, Math.max(1, Number(explicit)));
  if (/\btoday\b/.test(words)) return 1;
  if (/\bweek\b/.test(words)) return 7;
  if (/\b(?:3|three) months?\b|\bquarter\b/.test(words)) return 90;
  if (/\byear\b|\bytd\b/.test(words)) return 365;
  if (/\bmonth\b/.test(words)) return 30;
  return undefined;
}
