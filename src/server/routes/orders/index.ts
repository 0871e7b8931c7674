import { createRoute, z } from "@hono/zod-openapi";
import { NotFoundError } from "../../../core/errors.js";
import type { OrdersEngine } from "../../../orders/engine.js";
import type { RouteModule } from "../../app.js";
import { errorSchema } from "../error-schema.js";
import { orderIdParams, orderSchema } from "./schemas.js";

const security = [{ bearer: [] }];
const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { "application/json": { schema } },
});

const listRoute = createRoute({
  method: "get",
  path: "/api/orders",
  tags: ["orders"],
  summary: "The user's orders placed through this service, newest first",
  security,
  request: {
    query: z.object({
      limit: z.coerce.number().int().min(1).max(200).optional(),
      symbol: z
        .string()
        .regex(/^[A-Za-z][A-Za-z0-9.-]{0,11}$/)
        .transform((s) => s.toUpperCase())
        .optional(),
    }),
  },
  responses: { 200: json(z.object({ orders: z.array(orderSchema) }), "Orders") },
});

const getRoute = createRoute({
  method: "get",
  path: "/api/orders/{orderId}",
  tags: ["orders"],
  summary: "One order and its current status",
  security,
  request: { params: orderIdParams },
  responses: { 200: json(orderSchema, "The order"), 404: json(errorSchema, "No such order for this user") },
});

const cancelRoute = createRoute({
  method: "post",
  path: "/api/orders/{orderId}/cancel",
  tags: ["orders"],
  summary: "Cancel an open order (the user acting directly)",
  security,
  request: { params: orderIdParams },
  responses: {
    200: json(orderSchema, "The order after the cancel request"),
    404: json(errorSchema, "No such order for this user"),
    409: json(errorSchema, "The order is not open"),
  },
});

export function ordersRoutes(engine: OrdersEngine): RouteModule {
  return (app) => {
    app.openapi(listRoute, async (c) => {
      const { limit, symbol } = c.req.valid("query");
      return c.json({ orders: await engine.listOrders(c.get("user")!.id, { limit, symbol }) }, 200);
    });
    app.openapi(getRoute, async (c) => {
      const order = await engine.getOrder(c.get("user")!.id, c.req.valid("param").orderId);
      if (!order) throw new NotFoundError("Order");
      return c.json(order, 200);
    });
    app.openapi(cancelRoute, async (c) => {
      return c.json(await engine.cancelOrder(c.get("user")!.id, c.req.valid("param").orderId), 200);
    });
  };
}
