import { type Context, Hono } from "hono";
import { z } from "zod";
import type { SandboxContext, SandboxEnv } from "../runtime/context.js";
import type { Operation } from "../runtime/operation.js";
import { isOpenOrder } from "../world/ledger.js";
import { cancelOrder, submitOrder } from "../world/matching.js";
import type { Order } from "../world/types.js";
import { alpacaAuth } from "./authenticate.js";
import { alpacaErrors } from "./errors.js";
import { alpacaCanTrade, orderShape } from "./serialize.js";

/** Alpaca sends amounts as strings; accept numbers too. */
const decimal = z
  .union([
    z.number(),
    z
      .string()
      .regex(/^-?\d+(\.\d+)?$/)
      .transform(Number),
  ])
  .nullish();

const createOrderSchema = z.object({
  symbol: z.string().min(1),
  qty: decimal,
  notional: decimal,
  side: z.enum(["buy", "sell"]),
  type: z.enum(["market", "limit", "stop", "stop_limit", "trailing_stop"]),
  time_in_force: z.enum(["day", "gtc", "opg", "cls", "ioc", "fok"]),
  limit_price: decimal,
  stop_price: decimal,
  client_order_id: z.string().max(128).nullish(),
  extended_hours: z.boolean().nullish(),
  order_class: z.string().nullish(),
});

const MAX_LIST_LIMIT = 500;

/** POST/GET/DELETE /v2/orders and the lookup by client order id. */
export function alpacaOrderRoutes(ctx: SandboxContext, operation: Operation): Hono<SandboxEnv> {
  const app = new Hono<SandboxEnv>();
  const { world } = ctx;
  const auth = alpacaAuth(ctx);
  const accountId = (c: Context<SandboxEnv>) => c.get("alpacaAccountId");
  const ownOrders = (c: Context<SandboxEnv>) => world.ordersOf(accountId(c)).filter((o) => o.visible);

  app.post("/v2/orders", operation("createOrder"), auth, async (c) => {
    let raw: unknown;
    try {
      raw = await c.req.json();
    } catch {
      return c.json({ code: 40010000, message: "request body format is invalid" }, 400);
    }
    const parsed = createOrderSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return c.json(
        alpacaErrors.invalid(`${issue?.path.join(".") || "body"} is invalid: ${issue?.message}`),
        422,
      );
    }
    const body = parsed.data;
    const account = world.accounts.get(accountId(c));
    if (account && !alpacaCanTrade(account)) return c.json(alpacaErrors.accountBlocked(), 403);
    if (body.type === "trailing_stop")
      return c.json(alpacaErrors.invalid("trailing_stop orders are not supported"), 422);
    if (body.client_order_id && ownOrders(c).some((o) => o.clientOrderId === body.client_order_id)) {
      return c.json(alpacaErrors.duplicateClientOrderId(), 422);
    }
    const result = submitOrder(world, {
      provider: "alpaca",
      accountId: accountId(c),
      symbol: body.symbol,
      side: body.side,
      quantity: body.qty ?? null,
      notional: body.notional ?? null,
      orderType: body.type,
      limitPrice: body.limit_price ?? null,
      stopPrice: body.stop_price ?? null,
      timeInForce: body.time_in_force,
      clientOrderId: body.client_order_id ?? null,
    });
    if (result.ok) {
      // Alpaca often answers before it has routed the order: `pending_new`, then `new`.
      const routing = result.order.held && world.behaviour.pendingNewOnCreate;
      return c.json(orderShape(world, result.order, routing ? "pending_new" : undefined));
    }
    const { refusal } = result;
    switch (refusal.code) {
      case "insufficient_buying_power":
        return c.json(alpacaErrors.forbidden("insufficient buying power"), 403);
      case "insufficient_quantity":
        return c.json(
          {
            ...alpacaErrors.forbidden(refusal.message),
            symbol: result.order.symbol,
            requested: String(refusal.requested),
            available: String(refusal.available),
          },
          403,
        );
      default:
        return c.json(alpacaErrors.invalid(refusal.message), 422);
    }
  });

  app.get("/v2/orders", operation("orders"), auth, (c) => {
    const status = c.req.query("status") ?? "open";
    const asked = Number(c.req.query("limit") ?? 50);
    if (asked > MAX_LIST_LIMIT)
      return c.json(alpacaErrors.invalid(`limit must be at most ${MAX_LIST_LIMIT}`), 422);
    const limit = Math.max(1, asked || 50);
    const ascending = c.req.query("direction") === "asc";
    const symbols = c.req
      .query("symbols")
      ?.split(",")
      .map((s) => s.trim().toUpperCase())
      .filter(Boolean);
    const side = c.req.query("side");
    const after = c.req.query("after");
    const until = c.req.query("until");
    const orders = ownOrders(c)
      .filter((o) => status === "all" || (status === "open" ? isOpenOrder(o) : !isOpenOrder(o)))
      .filter((o) => !symbols || symbols.includes(o.symbol))
      .filter((o) => !side || o.side === side)
      .filter((o) => (!after || o.receivedAt > after) && (!until || o.receivedAt < until))
      .sort((a, b) =>
        ascending ? a.receivedAt.localeCompare(b.receivedAt) : b.receivedAt.localeCompare(a.receivedAt),
      )
      .slice(0, limit);
    return c.json(orders.map((o) => orderShape(world, o)));
  });

  // Registered before /v2/orders/:id: the path is literally `orders:by_client_order_id`.
  app.get("/v2/orders:by_client_order_id", operation("getOrder"), auth, (c) => {
    const clientOrderId = c.req.query("client_order_id") ?? "";
    const order = ownOrders(c).find((o) => o.clientOrderId === clientOrderId);
    return order ? c.json(orderShape(world, order)) : c.json(alpacaErrors.notFound("order not found"), 404);
  });

  const findOwn = (c: Context<SandboxEnv>): Order | undefined => {
    const order = world.orders.get(c.req.param("orderId") ?? "");
    return order?.visible && order.accountId === accountId(c) ? order : undefined;
  };

  app.get("/v2/orders/:orderId", operation("getOrder"), auth, (c) => {
    const order = findOwn(c);
    return order
      ? c.json(orderShape(world, order))
      : c.json(alpacaErrors.notFound(`order not found for ${c.req.param("orderId")}`), 404);
  });

  app.delete("/v2/orders/:orderId", operation("cancelOrder"), auth, (c) => {
    const order = findOwn(c);
    if (!order) return c.json(alpacaErrors.notFound("order not found"), 404);
    const result = cancelOrder(world, order);
    return result.ok ? c.body(null, 204) : c.json(alpacaErrors.invalid("order is not cancelable"), 422);
  });

  return app;
}
