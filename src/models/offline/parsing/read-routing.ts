import { findBareAccountName } from "./account-hints.js";
import type { PlannedToolCall } from "./intent.js";
import { keywordText } from "./request-text.js";
import { findSymbols } from "./symbols.js";

/**
 * Read questions whose lookup depends on the whole question, not on its first keyword: a
 * per-symbol total "across all my accounts" is a holdings look-up of that symbol (the word
 * "accounts" must not turn it into the account list), and a question naming two accounts asks
 * about both. Runs before the clause-by-clause reading, which splits at "and".
 */

const HOLDING_WORDS =
  /\b(?:hold|holding|holdings|own|have|got|positions?|shares|stake|total|how many|how much|worth|value)\b/;
const ACROSS_ACCOUNTS =
  /\b(?:across|between|among|in all|all (?:of )?my accounts|all accounts|every account|each account|in total|total|altogether|combined|overall|everywhere|all together)\b/;
const CASH_WORDS = /\b(?:cash|buying power|balance|balances|spend|money)\b/;
const HOLDINGS_QUESTION =
  /\b(?:hold|holding|holdings|own|positions?|whats in|what is in|what do i have|stocks|shares|invested|portfolio)\b/;

export function routeReadQuestion(body: string): PlannedToolCall[] | null {
  const words = keywordText(body);
  const symbols = findSymbols(body);
  if (symbols.length === 1 && HOLDING_WORDS.test(words) && ACROSS_ACCOUNTS.test(words)) {
    return [{ name: "get_holdings", args: { symbol: symbols[0]!.symbol } }];
  }
  if (LINKED_INSTITUTIONS.test(words)) return [{ name: "get_accounts", args: {} }];
  if (symbols.length === 1 && PRICE_AT.test(words.replace(/[?.!]+$/, "")))
    return [{ name: "get_quote", args: { symbol: symbols[0]!.symbol } }];
  const accounts = namedAccounts(body);
  if (accounts.length >= 2 && symbols.length === 0) {
    const tool = CASH_WORDS.test(words)
      ? "get_buying_power"
      : HOLDINGS_QUESTION.test(words)
        ? "get_holdings"
        : null;
    if (tool) return accounts.slice(0, 3).map((account) => ({ name: tool, args: { account } }));
  }
  return null;
}

/** Each account named in "Schwab and Robinhood", "my Roth IRA or Fidelity", once. */
function namedAccounts(body: string): string[] {
  const names: string[] = [];
  for (const piece of body.split(/\s*(?:,|\band\b|\bor\b|\bvs\.?|\bversus\b|&)\s*/i)) {
    const name = findBareAccountName(piece);
    if (name && !names.includes(name)) names.push(name);
  }
  return names;
}

/** "which brokerages are connected", "what institutions did I link": the account list. */
export const LINKED_INSTITUTIONS =
  /\b(?:which|what|list|show)\b.*\b(?:brokerages?|brokers|institutions|banks)\b.*\b(?:connected|linked|hooked up|set up)\b|\b(?:connected|linked)\s+(?:brokerages?|brokers|institutions|banks)\b/;
/** "what is NVDA at (right now)", "where's NVDA trading today": a quote. */
export const PRICE_AT =
  /\b(?:what(?:s| is)|where(?:s| is))\s+\S+\s+(?:at|trading)\b(?:\s+(?:right\s+)?(?:now|today|currently))?$/;
