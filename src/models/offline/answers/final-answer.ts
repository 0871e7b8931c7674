import { formatMoney, formatNumber } from "../../text/format.js";
import { cleanDataText, quoteDataText } from "../../text/untrusted-text.js";
import type {
  GetAccountsResult,
  GetBuyingPowerResult,
  GetHoldingsResult,
  GetOrdersResult,
  GetPerformanceResult,
  GetPortfolioModeResult,
  GetQuoteResult,
  GetTransactionsResult,
} from "../../tool-contracts.js";
import { decisionAnswer } from "../../wording/decision-wording.js";
import { hasArray, isDecisionOutcome, isPrepareResult, isRecord } from "../conversation/result-shapes.js";
import { isReadTool, type ToolResult } from "../conversation/tool-results.js";
import { toolAction } from "../text/tool-actions.js";
import { accountsAnswer } from "./accounts-answer.js";
import { buyingPowerAnswer } from "./buying-power-answer.js";
import { prepareResultAnswer } from "./confirmation-answer.js";
import { defaultAccountAnswer, isDefaultAccountTool } from "./default-account-answer.js";
import { holdingsAnswer } from "./holdings-answer.js";
import { ordersAnswer } from "./orders-answer.js";
import { performanceAnswer } from "./performance-answer.js";
import { portfolioModeAnswer } from "./portfolio-mode-answer.js";
import { quoteAnswer } from "./quote-answer.js";
import { toolFailureAnswer } from "./tool-failure-answer.js";
import { transactionsAnswer } from "./transactions-answer.js";

/**
 * The answer after the model's tool calls came back: one paragraph per result, written only from
 * the results' structured fields. Decision and card shapes are only trusted from order tools, so
 * a read tool's data can never make the answer claim an order was placed.
 */
export function writeFinalAnswer(results: readonly ToolResult[], question: string): string {
  const paragraphs = results.map((result) => answerFor(result, question));
  const affordability = affordabilityLine(results, question);
  if (affordability) paragraphs.push(affordability);
  return paragraphs.join("\n\n");
}

function answerFor(result: ToolResult, question: string): string {
  if (result.isError) return toolFailureAnswer(result.toolName, result.content);
  if (result.data === undefined) {
    const text = result.content.trim();
    return text
      ? `The ${result.toolName ?? "tool"} result said: ${quoteDataText(text, 300)}`
      : unreadable(result);
  }
  try {
    return answerFromData(result, question) ?? unreadable(result);
  } catch {
    return unreadable(result);
  }
}

function answerFromData(result: ToolResult, question: string): string | null {
  const { data, toolName } = result;
  if (isDefaultAccountTool(toolName)) return defaultAccountAnswer(result);
  // A read tool that could not answer says why (an ambiguous account, an unknown symbol): relay it.
  if (isReadTool(toolName) && isRecord(data) && typeof data.error === "string")
    return cleanDataText(data.error, 300);
  if (!isReadTool(toolName)) {
    if (isDecisionOutcome(data)) return decisionAnswer(data);
    if (isPrepareResult(data)) return prepareResultAnswer(data, toolName);
    return null;
  }
  switch (toolName) {
    case "get_holdings":
      return hasArray(data, "positions")
        ? holdingsAnswer(data as unknown as GetHoldingsResult, question)
        : null;
    case "get_accounts":
      return hasArray(data, "accounts") ? accountsAnswer(data as unknown as GetAccountsResult) : null;
    case "get_buying_power":
      return hasArray(data, "accounts")
        ? buyingPowerAnswer(data as unknown as GetBuyingPowerResult, question)
        : null;
    case "get_quote":
      return isRecord(data) && typeof data.price === "number"
        ? quoteAnswer(data as unknown as GetQuoteResult)
        : null;
    case "get_orders":
      return hasArray(data, "orders")
        ? ordersAnswer(data as unknown as GetOrdersResult, ordersQuestion(result, question))
        : null;
    case "get_portfolio_mode":
      return isRecord(data) && typeof data.mode === "string" && Array.isArray(data.tradingAccounts)
        ? portfolioModeAnswer(data as unknown as GetPortfolioModeResult)
        : null;
    case "get_transactions":
      return hasArray(data, "transactions")
        ? transactionsAnswer(data as unknown as GetTransactionsResult, question)
        : null;
    case "get_performance":
      return isRecord(data) && typeof data.endValue === "number"
        ? performanceAnswer(data as unknown as GetPerformanceResult)
        : null;
    default:
      return null;
  }
}

function ordersQuestion(result: ToolResult, question: string) {
  const args = result.callArgs ?? {};
  return {
    single: typeof args.orderId === "string" || args.limit === 1,
    ...(typeof args.symbol === "string" ? { symbol: args.symbol.toUpperCase() } : {}),
    forCancel: /\bcancel\b/i.test(question),
  };
}

/** "how much Apple can I buy": buying power and a quote came back together, so do the division. */
function affordabilityLine(results: readonly ToolResult[], question: string): string | null {
  if (!/\b(?:can|could) i (?:buy|afford)\b|\bafford\b/i.test(question)) return null;
  const power = results.find((r) => r.toolName === "get_buying_power" && !r.isError)?.data;
  const quote = results.find((r) => r.toolName === "get_quote" && !r.isError)?.data;
  if (!isRecord(power) || !isRecord(quote)) return null;
  const total = power.totalBuyingPower;
  const price = quote.price;
  if (typeof total !== "number" || typeof price !== "number" || price <= 0) return null;
  const shares = Math.floor((total / price) * 100) / 100;
  return `At ${formatMoney(price)} a share, ${formatMoney(total)} of buying power covers about ${formatNumber(shares)} shares of ${cleanDataText(quote.symbol, 12)}, before fees. Tell me an amount if you want me to prepare an order.`;
}

function unreadable(result: ToolResult): string {
  return `I couldn't read the answer I got when trying to ${toolAction(result.toolName)}.`;
}
