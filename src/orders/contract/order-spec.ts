import { z } from "zod";
import { notionalSchema, priceSchema, quantitySchema } from "./amounts.js";
import { orderSideSchema, timeInForceSchema } from "./vocabulary.js";

const common = {
  symbol: z.string().min(1).max(24),
  /** The security's name as the broker gives it (already cleaned where broker data enters). */
  description: z.string().max(200),
  side: orderSideSchema,
  timeInForce: timeInForceSchema,
};
const inShares = { quantity: quantitySchema, notional: z.null() };
const noPrices = { limitPrice: z.null(), stopPrice: z.null() };

/**
 * The exact order a proposal binds: what the card shows and what is sent, nothing else. One
 * variant per kind of order, so an order with both shares and dollars, a limit order without a
 * limit price, or a market order with a stop price cannot be represented. Dollar amounts are
 * market orders only (brokers take notional orders at market).
 */
export const orderSpecSchema = z.union([
  z.object({ ...common, ...inShares, ...noPrices, orderType: z.literal("market") }).strict(),
  z
    .object({
      ...common,
      quantity: z.null(),
      notional: notionalSchema,
      ...noPrices,
      orderType: z.literal("market"),
    })
    .strict(),
  z
    .object({
      ...common,
      ...inShares,
      orderType: z.literal("limit"),
      limitPrice: priceSchema,
      stopPrice: z.null(),
    })
    .strict(),
  z
    .object({
      ...common,
      ...inShares,
      orderType: z.literal("stop"),
      limitPrice: z.null(),
      stopPrice: priceSchema,
    })
    .strict(),
  z
    .object({
      ...common,
      ...inShares,
      orderType: z.literal("stop_limit"),
      limitPrice: priceSchema,
      stopPrice: priceSchema,
    })
    .strict(),
]);

export type OrderSpec = z.infer<typeof orderSpecSchema>;
