import { listInWords } from "../../../core/format.js";
import type { OrderRequest } from "../../../orders/contract/index.js";
import { cleanDataText } from "../../text/untrusted-text.js";
import type { MissingOrderPart } from "../parsing/intent.js";
import { describeDraftAmount } from "../parsing/order-draft.js";
import type { SecuritySuggestion } from "../parsing/security-suggestions.js";

/**
 * The question asked when an order can't be prepared yet. Each names what is already understood,
 * so the user only has to add the missing piece ("How much AAPL do you want to buy?").
 */
export function orderQuestion(missing: MissingOrderPart, draft: Partial<OrderRequest>): string {
  const side = draft.side ?? "trade";
  switch (missing.kind) {
    case "side":
      return `Do you want to buy or sell${draft.symbol ? ` ${draft.symbol}` : ""}?`;
    case "symbol":
      if (missing.suggestion) return didYouMean(missing.suggestion);
      if (missing.candidates && missing.candidates.length > 0) return whichOfThese(missing.candidates);
      if (missing.searched && missing.unrecognisedName) return notFoundQuestion(missing.unrecognisedName);
      return symbolQuestion(side, draft, missing.unrecognisedName);
    case "unknown_security":
      // Only reached when find_security is not available: the built-in names are all there is.
      if (missing.suggestion) return didYouMean(missing.suggestion);
      return symbolQuestion(side, draft, missing.phrase);
    case "index_fund":
      return "Several funds track that index. Which fund do you mean? For the S&P 500, for example, VOO, SPY and IVV. Tell me the ticker.";
    case "several_symbols":
      return `I prepare one order per security. Which one did you mean: ${listInWords(missing.symbols)}? Or say each with its amount, like "buy 1 AAPL and 1 MSFT".`;
    case "amount":
      return amountQuestion(side, draft.symbol ?? "it");
    case "conflicting_amounts":
      return `Do you mean ${missing.descriptions.join(" or ")}? Say just one amount.`;
    case "unclear_amount":
      return `I'm not sure what "${cleanDataText(missing.text, 20)}" means here. Is that a number of shares or a dollar amount (for example "$2,000")?`;
    case "buy_by_fraction":
      return `I can buy by number of shares or by dollar amount. How much ${draft.symbol ?? "of it"} do you want to buy? For example "10 shares" or "$500".`;
    case "limit_price":
      return `What limit price should I use for the ${side} order${draft.symbol ? ` for ${draft.symbol}` : ""}?`;
    case "tool_question":
      return cleanDataText(missing.question, 300);
    case "stop_price":
      return `At what price should the stop trigger for the ${side} order${draft.symbol ? ` for ${draft.symbol}` : ""}?`;
  }
}

function named(security: SecuritySuggestion): string {
  return `${security.symbol}${security.name ? ` (${cleanDataText(security.name, 60)})` : ""}`;
}

function didYouMean(security: SecuritySuggestion): string {
  return `Did you mean ${named(security)}? Say yes, or give me the ticker you meant.`;
}

function whichOfThese(candidates: readonly SecuritySuggestion[]): string {
  const names = candidates.map(named);
  const list = names.length > 1 ? `${names.slice(0, -1).join(", ")} or ${names.at(-1)}` : names.join("");
  return `Did you mean ${list}? Tell me which one (its ticker is enough).`;
}

function notFoundQuestion(words: string): string {
  const name = cleanDataText(words, 40);
  return `I don't know which security "${name}" is: nothing in your holdings or at your brokerages is called that. Which stock or ETF do you mean? Give me its ticker symbol, for example AAPL.`;
}

function symbolQuestion(
  side: string,
  draft: Partial<OrderRequest>,
  unrecognisedName: string | undefined,
): string {
  if (unrecognisedName) {
    const name = cleanDataText(unrecognisedName, 30);
    const tickerLike = /^[A-Za-z]{1,5}$/.test(name)
      ? ` If you mean the ticker ${name.toUpperCase()}, type it in capitals.`
      : "";
    return `I don't know which security "${name}" is. Which stock or ETF do you mean? Give me its ticker symbol, for example AAPL.${tickerLike}`;
  }
  const amount = describeDraftAmount(draft);
  if (!amount)
    return `What would you like to ${side}, and how much? For example "${side} 10 shares of AAPL".`;
  if (draft.sellAll) return `Which position should I ${side} all of? I prepare one position per order.`;
  if (draft.fraction !== undefined) return `Which position should I ${side} ${amount} of?`;
  return `Which stock or ETF should I ${side} ${amount} of?`;
}

function amountQuestion(side: string, symbol: string): string {
  const examples = side === "sell" ? '"10 shares", "$500", "half" or "all"' : '"10 shares" or "$500"';
  return `How much ${symbol} do you want to ${side}? Say a number of shares or a dollar amount, for example ${examples}.`;
}
