import { z } from "@hono/zod-openapi";
import { providers } from "../../../brokers/model.js";
import { errorResponse, invalidInput, signedInOnly } from "../openapi-parts.js";

/** Response shapes of DESIGN.md section 4, as OpenAPI components. */
const provider = z.enum(providers);

export const accountSchema = z
  .object({
    id: z.string(),
    provider,
    institution: z.string(),
    name: z.string(),
    numberMasked: z.string(),
    canTrade: z.boolean(),
    connectionStatus: z.enum(["active", "broken", "disabled"]),
    cash: z.number().nullable(),
    buyingPower: z.number().nullable(),
    totalValue: z.number().nullable(),
    currency: z.string(),
    isPaper: z.boolean(),
    syncedAt: z.string().nullable(),
    dataAsOf: z.string().nullable().openapi({
      description:
        "When the broker last took this account's figures from the institution (SnapTrade syncs many brokerages once a day); null when live or not said. An old one also comes as a warning.",
    }),
  })
  .openapi("Account");

export const warningSchema = z
  .object({
    provider,
    accountId: z.string().optional(),
    message: z.string(),
    kind: z
      .enum(["as_of"])
      .optional()
      .openapi({ description: "as_of: nothing failed, the figures are the broker's own older ones" }),
  })
  .openapi("PortfolioWarning");

export const holdingSchema = z
  .object({
    symbol: z.string(),
    description: z.string(),
    isPaper: z.boolean().describe("Paper (simulated) positions are a separate row, never added to live ones"),
    quantity: z.number(),
    price: z.number().nullable(),
    marketValue: z.number().nullable(),
    costBasis: z
      .number()
      .nullable()
      .describe("Total cost; null when any holding account does not report it (never counted as 0)"),
    averageCost: z.number().nullable().describe("Cost per share: costBasis / quantity"),
    unrealizedPl: z.number().nullable().describe("marketValue − costBasis"),
    accounts: z.array(
      z.object({
        accountId: z.string(),
        quantity: z.number(),
        marketValue: z.number().nullable(),
        costBasis: z.number().nullable(),
        unrealizedPl: z.number().nullable(),
        canTrade: z.boolean(),
      }),
    ),
  })
  .openapi("Holding");

export const portfolioTotalsSchema = z
  .object({
    accountIds: z.array(z.string()).describe("Every listed account of this scope"),
    cash: z.number(),
    buyingPower: z.number(),
    tradeableBuyingPower: z.number().describe("Buying power of the accounts that can trade here"),
    marketValue: z.number().describe("Value of the positions"),
    totalValue: z.number().describe("Σ account values: the broker's total, else cash + positions"),
    costBasis: z.number().describe("Of the positions whose cost basis is known"),
    unrealizedPl: z.number().describe("Of the positions whose cost basis is known"),
    realizedPl: z.number().nullable().describe("Not reported by the linked brokers' position data yet: null"),
    unknown: z
      .object({
        cash: z.array(z.string()),
        buyingPower: z.array(z.string()),
        marketValue: z.array(z.string()),
        costBasis: z.array(z.string()),
      })
      .describe(
        "Account ids (cash, buying power) or symbols (market value, cost basis) left out of the sums",
      ),
  })
  .openapi("PortfolioTotals");

export const holdingsSchema = z
  .object({
    asOf: z.string(),
    scope: z
      .enum(["live", "paper"])
      .describe("What totalValue covers: the live accounts when any is linked, else the paper ones"),
    totalValue: z.number(),
    totals: z.object({ live: portfolioTotalsSchema.nullable(), paper: portfolioTotalsSchema.nullable() }),
    positions: z.array(holdingSchema),
    accounts: z.array(accountSchema),
    warnings: z.array(warningSchema),
  })
  .openapi("Holdings");

export const accountsSchema = z.object({ accounts: z.array(accountSchema) }).openapi("Accounts");

export const refreshedSchema = z
  .object({ accounts: z.array(accountSchema), warnings: z.array(warningSchema) })
  .openapi("RefreshedAccounts");

export const modeSchema = z
  .object({
    mode: z.enum(["none", "brokerage", "aggregation", "hybrid"]),
    hasAlpaca: z.boolean(),
    hasSnaptrade: z.boolean(),
    hasPlaid: z.boolean(),
    tradingAccounts: z.array(z.string()),
  })
  .openapi("PortfolioMode");

export const transactionsSchema = z
  .object({
    transactions: z.array(
      z.object({
        id: z.string(),
        accountId: z.string(),
        type: z.string(),
        symbol: z.string().nullable(),
        quantity: z.number().nullable(),
        price: z.number().nullable(),
        amount: z.number().nullable(),
        currency: z.string(),
        at: z.string(),
      }),
    ),
    warnings: z.array(warningSchema),
  })
  .openapi("Transactions");

export const historyPeriods = ["1D", "1W", "1M", "3M", "1Y", "ALL"] as const;

export const historySchema = z
  .object({
    period: z.enum(historyPeriods),
    scope: z
      .enum(["live", "paper"])
      .describe("The accounts covered: live ones when any is linked, else paper ones; never both added"),
    points: z
      .array(z.object({ at: z.string(), totalValue: z.number() }))
      .describe("Stored snapshots of the period, then the value now"),
    startValue: z.number().nullable(),
    endValue: z.number().nullable(),
    change: z.number().nullable().describe("Plain change in value: endValue − startValue, flows included"),
    changePct: z.number().nullable().describe("change / startValue, in percent"),
    netFlows: z
      .number()
      .nullable()
      .describe(
        "Deposits − withdrawals (an Alpaca JNLC journal out counts as a withdrawal) + value of accounts linked − unlinked",
      ),
    gain: z.number().nullable().describe("change − netFlows: what the investments earned"),
    returnPct: z
      .number()
      .nullable()
      .describe(
        "Time-weighted return in percent, by linked Modified Dietz: the period is cut at every snapshot; each sub-period's return is (V1 − V0 − F) / (V0 + Σ wₖFₖ) over the accounts valued at both ends, flows weighted by the share of the sub-period left after them; a newly linked account's value is an inflow, not a gain; the sub-period returns are chained (Π(1+r) − 1).",
      ),
    returnMethod: z.literal("time_weighted_linked_modified_dietz"),
    flows: z.array(
      z.object({
        at: z.string(),
        accountId: z.string(),
        kind: z.enum(["deposit", "withdrawal", "linked", "unlinked"]),
        amount: z.number().describe("Signed: in positive, out negative"),
      }),
    ),
    warnings: z.array(warningSchema).describe("Accounts whose deposits and withdrawals could not be read"),
  })
  .openapi("PortfolioHistory");

/** Error answers of the portfolio routes, each described for what it means here. */
export const errorResponses = {
  ...invalidInput,
  ...signedInOnly,
  404: errorResponse("Unknown (or another user's) resource"),
  409: errorResponse("Linked to another user, or the link must be redone"),
  429: errorResponse("The provider asks us to slow down"),
  502: errorResponse("The provider answered wrongly"),
  503: errorResponse("A provider is not configured or not answering"),
};
