import { z } from "zod";
import {
  accountHintSchema,
  orderChangesSchema,
  orderRequestSchema,
  orderSideSchema,
  orderStatusSchema,
  orderTypeSchema,
  symbolSchema,
} from "../orders/contract/index.js";

/**
 * The contract between any chat model and the agent's tools (tools/ implements it): names, argument schemas (what a model may fill) and result shapes (what
 * the model reads back, as JSON). The user id is never an argument: tools get it from the run
 * context the server builds. Account arguments are names or ids the tool resolves among the
 * user's own accounts only.
 */

const symbol = symbolSchema;
const accountHint = accountHintSchema;
export const performancePeriods = ["1D", "1W", "1M", "3M", "1Y", "ALL"] as const;

export const toolInputs = {
  get_accounts: z
    .object({})
    .describe("List the user's linked accounts with balances and whether each can trade."),
  get_holdings: z
    .object({ symbol: symbol.optional(), account: accountHint.optional() })
    .describe("Holdings across all accounts, or of one symbol across accounts, or of one account."),
  get_buying_power: z
    .object({ account: accountHint.optional() })
    .describe("Cash and buying power per account."),
  get_quote: z.object({ symbol }).describe("The latest price of a symbol."),
  get_orders: z
    .object({
      orderId: z.string().min(1).max(64).optional().describe("One order's id, for its status"),
      symbol: symbol.optional(),
      limit: z.number().int().min(1).max(50).optional(),
    })
    .describe("Recent orders placed through this service, or one order's status."),
  get_portfolio_mode: z
    .object({})
    .describe("Which kinds of accounts the user has linked and which accounts can trade."),
  get_transactions: z
    .object({
      account: accountHint.optional(),
      symbol: symbol.optional(),
      days: z.number().int().min(1).max(3650).optional().describe("How many days back; default 30"),
    })
    .describe("Recent account activity: buys, sells, dividends, deposits."),
  get_performance: z
    .object({ period: z.enum(performancePeriods) })
    .describe("How the portfolio's total value changed over a period."),
  prepare_order: orderRequestSchema,
  prepare_cancel: z
    .object({ orderId: z.string().min(1).max(64).optional().describe("Omit for the most recent open order") })
    .describe("Prepare the cancellation of an open order; the user confirms it on a card."),
  revise_pending_order: orderChangesSchema,
} as const;

export type ToolName = keyof typeof toolInputs;
export type ToolInput<N extends ToolName> = z.infer<(typeof toolInputs)[N]>;

// ---- Results (JSON the tools return). Text fields from brokers are data, never instructions.
// Declared once as schemas: the agent's tools build them, the MCP server publishes them as
// output schemas.

const accountSummarySchema = z.object({
  id: z.string(),
  provider: z.enum(["snaptrade", "alpaca", "plaid"]),
  institution: z.string(),
  name: z.string(),
  numberMasked: z.string(),
  canTrade: z.boolean(),
  connectionStatus: z.enum(["active", "broken", "disabled"]),
  isPaper: z.boolean(),
  cash: z.number().nullable(),
  buyingPower: z.number().nullable(),
  totalValue: z.number().nullable(),
  syncedAt: z.string().nullable(),
});

const holdingSummarySchema = z.object({
  symbol: z.string(),
  description: z.string(),
  quantity: z.number(),
  price: z.number().nullable(),
  marketValue: z.number().nullable(),
  accounts: z.array(
    z.object({
      accountId: z.string(),
      institution: z.string(),
      accountName: z.string(),
      quantity: z.number(),
      marketValue: z.number().nullable(),
      canTrade: z.boolean(),
    }),
  ),
});

const orderSummarySchema = z.object({
  id: z.string(),
  symbol: z.string(),
  side: orderSideSchema,
  quantity: z.number().nullable(),
  notional: z.number().nullable(),
  orderType: orderTypeSchema,
  limitPrice: z.number().nullable(),
  stopPrice: z.number().nullable(),
  status: orderStatusSchema,
  filledQuantity: z.number(),
  filledAvgPrice: z.number().nullable(),
  institution: z.string(),
  accountName: z.string(),
  createdAt: z.string(),
});

/** What each read tool answers (a problem the user must fix answers `{error}` instead). */
export const toolResults = {
  get_accounts: z.object({ accounts: z.array(accountSummarySchema), warnings: z.array(z.string()) }),
  get_holdings: z.object({
    asOf: z.string(),
    totalValue: z.number(),
    /** What was asked for; a symbol held nowhere gives an empty positions list. */
    filter: z.object({ symbol: z.string().optional(), account: z.string().optional() }),
    positions: z.array(holdingSummarySchema),
    warnings: z.array(z.string()),
  }),
  get_buying_power: z.object({
    accounts: z.array(
      z.object({
        accountId: z.string(),
        institution: z.string(),
        name: z.string(),
        cash: z.number().nullable(),
        buyingPower: z.number().nullable(),
        isPaper: z.boolean(),
        canTrade: z.boolean(),
      }),
    ),
    totalBuyingPower: z.number(),
  }),
  get_quote: z.object({
    symbol: z.string(),
    description: z.string(),
    price: z.number(),
    bid: z.number().nullable(),
    ask: z.number().nullable(),
    asOf: z.string(),
    source: z.string(),
  }),
  get_orders: z.object({ orders: z.array(orderSummarySchema) }),
  get_portfolio_mode: z.object({
    mode: z.enum(["none", "brokerage", "aggregation", "hybrid"]),
    hasAlpaca: z.boolean(),
    hasSnaptrade: z.boolean(),
    hasPlaid: z.boolean(),
    tradingAccounts: z.array(z.object({ id: z.string(), institution: z.string(), name: z.string() })),
  }),
  get_transactions: z.object({
    transactions: z.array(
      z.object({
        at: z.string(),
        institution: z.string(),
        accountName: z.string(),
        type: z.string(),
        symbol: z.string().nullable(),
        quantity: z.number().nullable(),
        price: z.number().nullable(),
        amount: z.number().nullable(),
      }),
    ),
  }),
  get_performance: z.object({
    period: z.enum(performancePeriods),
    startValue: z.number().nullable(),
    endValue: z.number(),
    change: z.number().nullable(),
    changePct: z.number().nullable(),
  }),
} as const;

export type ReadToolName = keyof typeof toolResults;
export type AccountSummary = z.infer<typeof accountSummarySchema>;
export type HoldingSummary = z.infer<typeof holdingSummarySchema>;
export type OrderSummary = z.infer<typeof orderSummarySchema>;
export type GetAccountsResult = z.infer<typeof toolResults.get_accounts>;
export type GetHoldingsResult = z.infer<typeof toolResults.get_holdings>;
export type GetBuyingPowerResult = z.infer<typeof toolResults.get_buying_power>;
export type GetQuoteResult = z.infer<typeof toolResults.get_quote>;
export type GetOrdersResult = z.infer<typeof toolResults.get_orders>;
export type GetPortfolioModeResult = z.infer<typeof toolResults.get_portfolio_mode>;
export type GetTransactionsResult = z.infer<typeof toolResults.get_transactions>;
export type GetPerformanceResult = z.infer<typeof toolResults.get_performance>;
