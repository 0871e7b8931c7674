import { z } from "@hono/zod-openapi";
import { errorSchema } from "../error-schema.js";

/** Response shapes of DESIGN.md section 4, as OpenAPI components. */
const provider = z.enum(["snaptrade", "alpaca", "plaid"]);

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
  })
  .openapi("Account");

export const warningSchema = z
  .object({ provider, accountId: z.string().optional(), message: z.string() })
  .openapi("PortfolioWarning");

export const holdingSchema = z
  .object({
    symbol: z.string(),
    description: z.string(),
    quantity: z.number(),
    price: z.number().nullable(),
    marketValue: z.number().nullable(),
    costBasis: z.number().nullable(),
    unrealizedPl: z.number().nullable(),
    accounts: z.array(
      z.object({
        accountId: z.string(),
        quantity: z.number(),
        marketValue: z.number().nullable(),
        canTrade: z.boolean(),
      }),
    ),
  })
  .openapi("Holding");

export const holdingsSchema = z
  .object({
    asOf: z.string(),
    totalValue: z.number(),
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
    points: z.array(z.object({ at: z.string(), totalValue: z.number() })),
    change: z.number().nullable(),
    changePct: z.number().nullable(),
  })
  .openapi("PortfolioHistory");

/** Routes behind the bearer-token middleware (the scheme registered by routes/docs.ts). */
export const bearerSecurity = [{ bearer: [] }];

/** A JSON answer with the shared error responses. */
export function jsonResponse<T extends z.ZodType>(description: string, schema: T) {
  return { description, content: { "application/json": { schema } } };
}

export const errorResponses = {
  400: jsonResponse("Invalid input", errorSchema),
  401: jsonResponse("No valid access token", errorSchema),
  404: jsonResponse("Unknown (or another user's) resource", errorSchema),
  409: jsonResponse("Linked to another user, or the link must be redone", errorSchema),
  503: jsonResponse("A provider is not configured or not answering", errorSchema),
};
