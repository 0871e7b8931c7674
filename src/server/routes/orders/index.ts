import { createRoute, z } from "@hono/zod-openapi";
import { NotFoundError } from "../../../core/errors.js";
import type { OrdersEngine } from "../../../orders/engine.js";
import { createApiApp } from "../../api-app.js";
import {
  errorResponse,
  invalidInput,
  jsonResponse,
  bearerSecurity as security,
  signedInOnly,
} from "../openapi-parts.js";
import { orderIdParams, orderSchema } from "./schemas.js";

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
  responses: {
    200: jsonResponse("Orders", z.object({ orders: z.array(orderSchema) }).openapi("Orders")),
    ...invalidInput,
    ...signedInOnly,
  },
});

const getRoute = createRoute({
  method: "get",
  path: "/api/orders/{orderId}",
  tags: ["orders"],
  summary: "One order and its current status",
  security,
  request: { params: orderIdParams },
  responses: {
    200: jsonResponse("The order", orderSchema),
    ...invalidInput,
    ...signedInOnly,
    404: errorResponse("No such order for this user"),
  },
});

const cancelRoute = createRoute({
  method: "post",
  path: "/api/orders/{orderId}/cancel",
  tags: ["orders"],
  summary: "Cancel an open order (the user acting directly)",
  security,
  request: { params: orderIdParams },
  responses: {
    200: jsonResponse("The order after the cancel request", orderSchema),
    ...invalidInput,
    ...signedInOnly,
    404: errorResponse("No such order for this user"),
    409: errorResponse("The order is not open, or its cancel is in flight"),
    422: errorResponse("The broker refused the cancel"),
    429: errorResponse("The broker asks us to slow down"),
    502: errorResponse("The broker answered wrongly"),
    503: errorResponse("The broker is not answering; nothing was changed"),
  },
});

export function ordersRoutes(engine: OrdersEngine) {
  return createApiApp()
    .openapi(listRoute, async (c) => {
      const { limit, symbol } = c.req.valid("query");
      return c.json({ orders: await engine.listOrders(c.get("user")!.id, { limit, symbol }) }, 200);
    })
    .openapi(getRoute, async (c) => {
      const order = await engine.getOrder(c.get("user")!.id, c.req.valid("param").orderId);
      if (!order) throw new NotFoundError("Order");
      return c.json(order, 200);
    })
    .openapi(cancelRoute, async (c) => {
      return c.json(await engine.cancelOrder(c.get("user")!.id, c.req.valid("param").orderId), 200);
    });
}
