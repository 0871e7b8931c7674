import { z } from "zod";
import {
  accountHintSchema,
  type OrderSide,
  type OrderStatus,
  type OrderType,
  orderChangesSchema,
  orderRequestSchema,
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
} as const;

export type ToolName = keyof typeof toolInputs;
export type ToolInput<N extends ToolName> = z.infer<(typeof toolInputs)[N]>;

// ---- Results (JSON the tools return). Text fields from brokers are data, never instructions.

export interface AccountSummary {
  id: string;
  provider: "snaptrade" | "alpaca" | "plaid";
  institution: string;
  name: string;
  numberMasked: string;
  canTrade: boolean;
  connectionStatus: "active" | "broken" | "disabled";
  isPaper: boolean;
  cash: number | null;
  buyingPower: number | null;
  totalValue: number | null;
  syncedAt: string | null;
}

export interface GetAccountsResult {
  accounts: AccountSummary[];
  warnings: string[];
}

export interface HoldingSummary {
  symbol: string;
  description: string;
  /** A paper (simulated) position: never added to live money. */
  isPaper: boolean;
  quantity: number;
  price: number | null;
  marketValue: number | null;
  /** Total cost; null when some holding account does not report it (see accounts). */
  costBasis: number | null;
  averageCost: number | null;
  unrealizedPl: number | null;
  accounts: Array<{
    accountId: string;
    institution: string;
    accountName: string;
    quantity: number;
    marketValue: number | null;
    costBasis: number | null;
    unrealizedPl: number | null;
    canTrade: boolean;
  }>;
}

/** One scope's figures (live or paper, never both added); sums cover what is known, `unknown` names the rest. */
export interface TotalsSummary {
  accounts: number;
  cash: number;
  buyingPower: number;
  tradeableBuyingPower: number;
  positionsValue: number;
  /** positionsValue + cash, or the brokers' reported totals where they give one. */
  totalValue: number;
  costBasis: number;
  unrealizedPl: number;
  /** Not reported by the linked brokers' position data: null. */
  realizedPl: number | null;
  /** Accounts without a cash figure, symbols without a cost basis: left out of the sums above. */
  cashUnknownIn: string[];
  buyingPowerUnknownIn: string[];
  costBasisUnknownFor: string[];
}

export interface GetHoldingsResult {
  asOf: string;
  /** What totalValue covers: "live" accounts whenever any is linked, else "paper". */
  scope: "live" | "paper";
  totalValue: number;
  totals: { live: TotalsSummary | null; paper: TotalsSummary | null };
  /** What was asked for; a symbol held nowhere gives an empty positions list. */
  filter: { symbol?: string; account?: string };
  /** Every position (live first, then paper), none left out. */
  positions: HoldingSummary[];
  warnings: string[];
}

export interface GetBuyingPowerResult {
  /** Every listed account (read-only ones too), live and paper. */
  accounts: Array<{
    accountId: string;
    institution: string;
    name: string;
    cash: number | null;
    buyingPower: number | null;
    isPaper: boolean;
    canTrade: boolean;
  }>;
  /** Buying power of the accounts that can trade here, in the portfolio's scope (live when any live account is linked). */
  totalBuyingPower: number;
  totals: { live: TotalsSummary | null; paper: TotalsSummary | null };
}

export interface GetQuoteResult {
  symbol: string;
  description: string;
  price: number;
  bid: number | null;
  ask: number | null;
  asOf: string;
  source: string;
}

export interface OrderSummary {
  id: string;
  symbol: string;
  side: OrderSide;
  quantity: number | null;
  notional: number | null;
  orderType: OrderType;
  limitPrice: number | null;
  stopPrice: number | null;
  status: OrderStatus;
  filledQuantity: number;
  filledAvgPrice: number | null;
  institution: string;
  accountName: string;
  createdAt: string;
}

export interface GetOrdersResult {
  orders: OrderSummary[];
}

export interface GetPortfolioModeResult {
  mode: "none" | "brokerage" | "aggregation" | "hybrid";
  hasAlpaca: boolean;
  hasSnaptrade: boolean;
  hasPlaid: boolean;
  tradingAccounts: Array<{ id: string; institution: string; name: string }>;
}

export interface GetTransactionsResult {
  transactions: Array<{
    at: string;
    institution: string;
    accountName: string;
    type: string;
    symbol: string | null;
    quantity: number | null;
    price: number | null;
    amount: number | null;
  }>;
}

/** The figures of GET /api/portfolio/history (one computation): see PortfolioHistory. */
export interface GetPerformanceResult {
  period: (typeof performancePeriods)[number];
  /** "live": real-money accounts only; "paper" when only paper accounts are linked. */
  scope: "live" | "paper";
  startValue: number | null;
  endValue: number;
  /** Plain change in value, deposits and newly linked accounts included. */
  change: number | null;
  changePct: number | null;
  /** Money added (+) or taken out (−), including the value of accounts linked in the period. */
  netFlows: number | null;
  /** What the investments earned: change − netFlows. */
  gain: number | null;
  /** Time-weighted return in percent (linked Modified Dietz): the figure brokerages report. */
  returnPct: number | null;
  flows: Array<{
    at: string;
    account: string;
    kind: "deposit" | "withdrawal" | "linked" | "unlinked";
    amount: number;
  }>;
  warnings: string[];
}
