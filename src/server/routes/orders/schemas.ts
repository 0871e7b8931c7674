import { z } from "@hono/zod-openapi";
import { orderSchema as order } from "../../../orders/contract/index.js";

/** DESIGN.md section 4 `Order`, as the orders contract declares it. */
// Re-wrapped here: contract schemas are created before the OpenAPI extension is loaded.
export const orderSchema = z.object(order.shape).openapi("Order");

export const orderIdParams = z.object({
  orderId: z
    .string()
    .uuid("must be an order id")
    .openapi({ param: { name: "orderId", in: "path" } }),
});
