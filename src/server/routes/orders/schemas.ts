import { z } from "@hono/zod-openapi";

export const orderSchema = z
  .object({
    id: z.string().uuid(),
    confirmationId: z.string().uuid(),
    threadId: z.string().nullable(),
    accountId: z.string(),
    provider: z.enum(["snaptrade", "alpaca", "plaid"]),
    symbol: z.string(),
    side: z.enum(["buy", "sell"]),
    quantity: z.number().nullable(),
    notional: z.number().nullable(),
    orderType: z.enum(["market", "limit", "stop", "stop_limit"]),
    limitPrice: z.number().nullable(),
    stopPrice: z.number().nullable(),
    timeInForce: z.enum(["day", "gtc", "ioc", "fok"]),
    status: z.enum([
      "submitting",
      "accepted",
      "partially_filled",
      "filled",
      "cancelled",
      "rejected",
      "unknown",
      "needs_review",
    ]),
    statusDetail: z.string().nullable(),
    brokerOrderId: z.string().nullable(),
    clientOrderId: z.string(),
    filledQuantity: z.number(),
    filledAvgPrice: z.number().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("Order");

export const orderIdParams = z.object({
  orderId: z
    .string()
    .uuid("must be an order id")
    .openapi({ param: { name: "orderId", in: "path" } }),
});
