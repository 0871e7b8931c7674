import { z } from "zod";
import { orderSideSchema, orderTypeSchema, timeInForceSchema } from "./vocabulary.js";

/** What a model or a user may put in a size or price: positive, finite; the broker's rules come later. */
const positiveAmount = z.number().finite().positive("must be more than zero").max(1e9);

export const symbolSchema = z
  .string()
  .trim()
  .min(1)
  .max(12)
  .regex(/^[A-Za-z][A-Za-z0-9.-]*$/, "a ticker symbol such as AAPL or BRK.B")
  .transform((s) => s.toUpperCase())
  .describe("Ticker symbol, e.g. AAPL");

export const accountHintSchema = z
  .string()
  .trim()
  .min(1)
  .max(80)
  .describe(
    "An account the user named: institution or account name (e.g. 'Robinhood', 'Roth IRA') or an account id",
  );

/**
 * What the user asked for, before routing picks the account and sizing turns it into an
 * OrderSpec. It is the prepare_order tool's input as it is: no layer re-declares it.
 */
export const orderRequestSchema = z
  .object({
    symbol: symbolSchema,
    side: orderSideSchema,
    quantity: positiveAmount.optional().describe("Number of shares"),
    notional: positiveAmount.optional().describe("Dollar amount"),
    sellAll: z.boolean().optional().describe("Sell the whole position held in the routed account"),
    fraction: z
      .number()
      .gt(0)
      .lte(1)
      .optional()
      .describe("Sell this fraction of the position, e.g. 0.5 for half"),
    orderType: orderTypeSchema.optional().describe("Default market"),
    limitPrice: positiveAmount.optional(),
    stopPrice: positiveAmount.optional(),
    timeInForce: timeInForceSchema.optional().describe("Default day"),
    account: accountHintSchema.optional(),
  })
  .describe(
    "Prepare (not place) one stock or ETF order. The user then sees a confirmation card and decides; nothing is sent before that.",
  );

export type OrderRequest = z.infer<typeof orderRequestSchema>;

/** The size a request asks for, as one of its four kinds. */
export type RequestedSize =
  | { kind: "shares"; quantity: number }
  | { kind: "dollars"; notional: number }
  /** Sell everything the chosen account holds. */
  | { kind: "all" }
  /** Sell this share (0 < fraction <= 1) of what the chosen account holds: "sell half". */
  | { kind: "fraction"; fraction: number };

/**
 * The request's size, or why it cannot be read: none given, or several at once.
 * A fraction of 1 is "all".
 */
export function requestedSize(
  request: OrderRequest,
): { size: RequestedSize } | { missing: true } | { conflict: string } {
  const given: RequestedSize[] = [];
  if (request.quantity !== undefined) given.push({ kind: "shares", quantity: request.quantity });
  if (request.notional !== undefined) given.push({ kind: "dollars", notional: request.notional });
  if (request.sellAll) given.push({ kind: "all" });
  if (request.fraction !== undefined)
    given.push(request.fraction === 1 ? { kind: "all" } : { kind: "fraction", fraction: request.fraction });
  if (given.length === 0) return { missing: true };
  if (given.length > 1)
    return { conflict: "Give either shares, a dollar amount, all, or a fraction — not several." };
  return { size: given[0]! };
}
