import { z } from "@hono/zod-openapi";
import { orderSchema as order } from "../../../orders/contract/index.js";
import { uuidPathParam } from "../openapi-parts.js";

/** DESIGN.md section 4 `Order`, as the orders contract declares it. */
export const orderSchema = order.meta({ id: "Order" });

export const orderIdParams = z.object({ orderId: uuidPathParam("orderId") });
