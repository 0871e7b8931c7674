import { z } from "zod";
import { providers } from "../../brokers/model.js";
import { moneySchema } from "./amounts.js";
import { orderSideSchema, orderStatusSchema, orderTypeSchema, timeInForceSchema } from "./vocabulary.js";

/** DESIGN.md section 4 `Order`: an order placed (or being placed) through this service. */
export const orderSchema = z.object({
  id: z.string().uuid(),
  confirmationId: z.string().uuid(),
  threadId: z.string().nullable(),
  accountId: z.string(),
  provider: z.enum(providers),
  symbol: z.string(),
  side: orderSideSchema,
  quantity: z.number().nullable(),
  notional: moneySchema.nullable(),
  orderType: orderTypeSchema,
  limitPrice: moneySchema.nullable(),
  stopPrice: moneySchema.nullable(),
  timeInForce: timeInForceSchema,
  status: orderStatusSchema,
  /** Why the order is rejected, unknown or under review, in plain words. */
  statusDetail: z.string().nullable(),
  brokerOrderId: z.string().nullable(),
  clientOrderId: z.string(),
  filledQuantity: z.number(),
  filledAvgPrice: moneySchema.nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export type Order = z.infer<typeof orderSchema>;
