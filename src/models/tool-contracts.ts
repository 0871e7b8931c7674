import { z } from "zod";
import {
  accountHintSchema,
  defaultAccountRequestSchema,
  defaultAccountViewSchema,
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
    .describe(
      "Holdings across all accounts, or of one symbol across accounts, or of one account: every position with quantity, value, cost basis, average cost and unrealized gain, and totals (cash, buying power, positions value, total value) for live and paper accounts apart.",
    ),
  get_buying_power: z
    .object({ account: accountHint.optional() })
    .describe(
      "Cash and buying power of every listed account, with live and paper (simulated) totals apart. Cash and buying power are different figures.",
    ),
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
    .describe(
      "How the portfolio did over a period: the gain and time-weighted return that leave out deposits, withdrawals and newly linked accounts, beside the plain change in value.",
    ),
  prepare_order: orderRequestSchema.describe(
    `${orderRequestSchema.description} Stocks and ETFs only. Not supported, so never call this for them (tell the user plainly that nothing was prepared): options, crypto, futures, forex, trailing stops, bracket or OCO orders, short selling, and transfers of money or positions between accounts or brokerages. The symbol must be a stock or ETF ticker, never an option contract or a crypto pair.`,
  ),
  prepare_cancel: z
    .object({ orderId: z.string().min(1).max(64).optional().describe("Omit for the most recent open order") })
    .describe("Prepare the cancellation of an open order; the user confirms it on a card."),
  revise_pending_order: orderChangesSchema,
  get_default_account: z
    .object({})
    .describe(
      "The user's default trading account (a setting): where a buy of a symbol none of the user's trading accounts hold goes, whether it can trade now, and the accounts that could be chosen.",
    ),
  set_default_account: defaultAccountRequestSchema.describe(
    "Make an account the user named their default trading account from now on (only an account that can trade; a paper account only when the user asks for it), or clear the setting with clear: true. Changes a setting only: no order is prepared or sent.",
  ),
  find_security: z
    .object({
      query: z
        .string()
        .trim()
        .min(1)
        .max(80)
        .describe(
          "The user's own words for the security: a company or fund name (even misspelt) or a ticker",
        ),
    })
    .describe(
      "Find which stock or ETF the user means when their words are not a ticker you are sure of (a company name, a misspelling, a share class like BRK/B). Searches the user's holdings (ticker and name, every account), then their brokerages' own symbol search, then well-known names. status `exact`: use that symbol. `confident` or `candidates`: ask the user \"Did you mean X (Name)?\" and wait for a yes before prepare_order. `none`: ask for the ticker. Never pass a symbol to prepare_order that this did not find exactly or the user did not confirm.",
    ),
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
  /** A paper (simulated) position: never added to live money. */
  isPaper: z.boolean(),
  quantity: z.number(),
  price: z.number().nullable(),
  marketValue: z.number().nullable(),
  /** Total cost; null when some holding account does not report it (see accounts). */
  costBasis: z.number().nullable(),
  averageCost: z.number().nullable(),
  unrealizedPl: z.number().nullable(),
  accounts: z.array(
    z.object({
      accountId: z.string(),
      institution: z.string(),
      accountName: z.string(),
      quantity: z.number(),
      marketValue: z.number().nullable(),
      costBasis: z.number().nullable(),
      unrealizedPl: z.number().nullable(),
      canTrade: z.boolean(),
    }),
  ),
});

/** One scope's figures (live or paper, never both added); sums cover what is known, `unknown` names the rest. */
const totalsSummarySchema = z.object({
  accounts: z.number(),
  cash: z.number(),
  buyingPower: z.number(),
  tradeableBuyingPower: z.number(),
  positionsValue: z.number(),
  /** positionsValue + cash, or the brokers' reported totals where they give one. */
  totalValue: z.number(),
  costBasis: z.number(),
  unrealizedPl: z.number(),
  /** Not reported by the linked brokers' position data: null. */
  realizedPl: z.number().nullable(),
  /** Accounts without a cash figure, symbols without a cost basis: left out of the sums above. */
  cashUnknownIn: z.array(z.string()),
  buyingPowerUnknownIn: z.array(z.string()),
  costBasisUnknownFor: z.array(z.string()),
});
const totalsByScope = z.object({
  live: totalsSummarySchema.nullable(),
  paper: totalsSummarySchema.nullable(),
});
const scope = z.enum(["live", "paper"]);

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
    /** What totalValue covers: "live" accounts whenever any is linked, else "paper". */
    scope,
    totalValue: z.number(),
    totals: totalsByScope,
    /** What was asked for; a symbol held nowhere gives an empty positions list. */
    filter: z.object({ symbol: z.string().optional(), account: z.string().optional() }),
    /** Every position (live first, then paper), none left out. */
    positions: z.array(holdingSummarySchema),
    warnings: z.array(z.string()),
  }),
  get_buying_power: z.object({
    /** Every listed account (read-only ones too), live and paper. */
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
    /** Buying power of the accounts that can trade here, in the portfolio's scope. */
    totalBuyingPower: z.number(),
    totals: totalsByScope,
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
  /** The figures of GET /api/portfolio/history (one computation). */
  get_performance: z.object({
    period: z.enum(performancePeriods),
    /** "live": real-money accounts only; "paper" when only paper accounts are linked. */
    scope,
    startValue: z.number().nullable(),
    endValue: z.number(),
    /** Plain change in value, deposits and newly linked accounts included. */
    change: z.number().nullable(),
    changePct: z.number().nullable(),
    /** Money added (+) or taken out (−), including the value of accounts linked in the period. */
    netFlows: z.number().nullable(),
    /** What the investments earned: change − netFlows. */
    gain: z.number().nullable(),
    /** Time-weighted return in percent (linked Modified Dietz): the figure brokerages report. */
    returnPct: z.number().nullable(),
    flows: z.array(
      z.object({
        at: z.string(),
        account: z.string(),
        kind: z.enum(["deposit", "withdrawal", "linked", "unlinked"]),
        amount: z.number(),
      }),
    ),
    warnings: z.array(z.string()),
  }),
} as const;

/** What the default-account tools answer (a problem the user must fix answers `{error}` instead). */
export const defaultAccountToolResultSchema = defaultAccountViewSchema
  .omit({ eligibleAccountIds: true })
  .extend({
    /** What this call changed: null for a read. */
    changed: z.enum(["set", "cleared"]).nullable(),
    /** The accounts that can be chosen now (the setting's eligible ids, with their names). */
    candidates: z.array(z.object({ accountId: z.string(), label: z.string(), isPaper: z.boolean() })),
  });
export type DefaultAccountToolResult = z.infer<typeof defaultAccountToolResultSchema>;
/** find_security's answer; `matches` has one entry for exact and confident, several for candidates. */
export const findSecurityResultSchema = z.object({
  query: z.string(),
  status: z.enum(["exact", "confident", "candidates", "none"]),
  matches: z.array(
    z.object({
      symbol: z.string(),
      name: z.string(),
      /** Whether the user holds it in any account. */
      held: z.boolean(),
      source: z.enum(["holding", "broker", "well_known"]),
    }),
  ),
  /** Brokerages whose search could not be asked this time. */
  unavailable: z.array(z.string()),
});
export type FindSecurityResult = z.infer<typeof findSecurityResultSchema>;

export type ReadToolName = keyof typeof toolResults;
/** The tools that only read the user's data: they change nothing, and their figures go out of date. */
export const readToolNames: readonly ReadToolName[] = Object.keys(toolResults) as ReadToolName[];
export type AccountSummary = z.infer<typeof accountSummarySchema>;
export type HoldingSummary = z.infer<typeof holdingSummarySchema>;
export type TotalsSummary = z.infer<typeof totalsSummarySchema>;
export type OrderSummary = z.infer<typeof orderSummarySchema>;
export type GetAccountsResult = z.infer<typeof toolResults.get_accounts>;
export type GetHoldingsResult = z.infer<typeof toolResults.get_holdings>;
export type GetBuyingPowerResult = z.infer<typeof toolResults.get_buying_power>;
export type GetQuoteResult = z.infer<typeof toolResults.get_quote>;
export type GetOrdersResult = z.infer<typeof toolResults.get_orders>;
export type GetPortfolioModeResult = z.infer<typeof toolResults.get_portfolio_mode>;
export type GetTransactionsResult = z.infer<typeof toolResults.get_transactions>;
export type GetPerformanceResult = z.infer<typeof toolResults.get_performance>;
