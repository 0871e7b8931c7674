import { type Context, Hono } from "hono";
import { z } from "zod";
import type { PlaidWebhooks } from "./plaid/webhooks.js";
import type { SandboxContext, SandboxEnv } from "./runtime/context.js";
import { FAULT_MODES } from "./runtime/faults.js";
import { ALL_TARGETS } from "./runtime/operations.js";
import type { SnaptradeWebhooks } from "./snaptrade/webhooks.js";
import { behaviourSchema } from "./world/behaviour.js";
import { applySeed, SeedError } from "./world/seed.js";
import type { Order } from "./world/types.js";

export interface AdminDependencies {
  snaptradeWebhooks: SnaptradeWebhooks;
  plaidWebhooks: PlaidWebhooks;
}

const faultSchema = z.object({
  target: z.string().refine((t) => ALL_TARGETS.includes(t), {
    message: `unknown target; one of: ${ALL_TARGETS.join(", ")}`,
  }),
  mode: z.enum(FAULT_MODES),
  count: z.number().int().positive().default(1),
});

const latencySchema = z.number().int().min(0).max(60_000);
const webhookUrl = z.url({ protocol: /^https?$/ }).nullable();
const configSchema = z.object({
  snaptradeWebhookUrl: webhookUrl.optional(),
  plaidWebhookUrl: webhookUrl.optional(),
  latencyMs: z
    .object({
      snaptrade: latencySchema.optional(),
      alpaca: latencySchema.optional(),
      plaid: latencySchema.optional(),
    })
    .optional(),
  behaviour: behaviourSchema.partial().optional(),
});

const pricesSchema = z.record(z.string().min(1), z.number().positive());
const clockSchema = z.object({ open: z.boolean() });
const snaptradeEventSchema = z.looseObject({ userId: z.string().min(1), eventType: z.string().min(1) });
const plaidEventSchema = z.looseObject({
  itemId: z.string().min(1),
  webhookType: z.string().optional(),
  webhookCode: z.string().optional(),
});

function invalid(c: Context, message: string, status: 400 | 404 | 409 = 400) {
  return c.json(
    {
      error: {
        code: status === 400 ? "invalid_request" : status === 404 ? "not_found" : "conflict",
        message,
      },
    },
    status,
  );
}

async function parseBody<T extends z.ZodType>(
  c: Context,
  schema: T,
): Promise<{ ok: true; data: z.output<T> } | { ok: false; response: Response }> {
  const raw = await c.req.json().catch(() => undefined);
  const parsed = schema.safeParse(raw ?? {});
  if (parsed.success) return { ok: true, data: parsed.data };
  return { ok: false, response: invalid(c, z.prettifyError(parsed.error)) };
}

/** The admin view of an order (every order any broker received). */
export function adminOrderShape(order: Order) {
  return {
    id: order.id,
    provider: order.provider,
    accountId: order.accountId,
    userId: order.userId,
    symbol: order.symbol,
    side: order.side,
    quantity: order.quantity,
    notional: order.notional,
    orderType: order.orderType,
    limitPrice: order.limitPrice,
    stopPrice: order.stopPrice,
    timeInForce: order.timeInForce,
    clientOrderId: order.clientOrderId,
    status: order.status,
    filledQuantity: order.filledQuantity,
    filledAvgPrice: order.filledAvgPrice,
    rejectReason: order.rejectReason,
    receivedAt: order.receivedAt,
    updatedAt: order.updatedAt,
  };
}

/** `/__sandbox/*`: drive and inspect the world (DESIGN.md section 7). */
export function adminRoutes(ctx: SandboxContext, deps: AdminDependencies): Hono<SandboxEnv> {
  const app = new Hono<SandboxEnv>();
  const { world } = ctx;

  app.post("/reset", (c) => {
    world.reset();
    ctx.faults.clear();
    return c.json({ reset: true });
  });

  app.post("/seed", async (c) => {
    const raw = await c.req.json().catch(() => undefined);
    if (raw === undefined) return invalid(c, "body must be JSON");
    try {
      return c.json(applySeed(world, raw));
    } catch (error) {
      if (error instanceof SeedError) return invalid(c, error.message);
      throw error;
    }
  });

  app.get("/orders", (c) => {
    const { provider, userId, accountId } = c.req.query();
    const orders = [...world.orders.values()]
      .filter((o) => (!provider || o.provider === provider) && (!userId || o.userId === userId))
      .filter((o) => !accountId || o.accountId === accountId)
      .sort((a, b) => a.receivedAt.localeCompare(b.receivedAt));
    return c.json({ orders: orders.map(adminOrderShape) });
  });

  app.get("/prices", (c) => c.json({ prices: world.prices.all() }));
  app.post("/prices", async (c) => {
    const body = await parseBody(c, pricesSchema);
    if (!body.ok) return body.response;
    const unknown = Object.keys(body.data).filter((s) => !world.catalogue.find(s));
    if (unknown.length > 0) return invalid(c, `unknown symbol(s): ${unknown.join(", ")}`);
    const normalized = Object.fromEntries(
      Object.entries(body.data).map(([s, p]) => [world.catalogue.find(s)?.symbol ?? s, p]),
    );
    world.prices.set(normalized);
    return c.json({ prices: world.prices.all() });
  });

  app.get("/faults", (c) => c.json({ faults: ctx.faults.list() }));
  app.post("/faults", async (c) => {
    const body = await parseBody(c, faultSchema);
    if (!body.ok) return body.response;
    return c.json({ armed: ctx.faults.arm(body.data.target, body.data.mode, body.data.count) });
  });
  app.delete("/faults", (c) => {
    ctx.faults.clear();
    return c.json({ faults: [] });
  });

  app.get("/webhooks", (c) => c.json({ deliveries: world.webhookLog }));
  app.post("/webhooks/snaptrade", async (c) => {
    const body = await parseBody(c, snaptradeEventSchema);
    if (!body.ok) return body.response;
    if (!ctx.config.snaptradeWebhookUrl) return invalid(c, "no snaptradeWebhookUrl configured", 409);
    const delivery = await deps.snaptradeWebhooks.send(body.data);
    return c.json({ delivery });
  });
  app.post("/webhooks/plaid", async (c) => {
    const body = await parseBody(c, plaidEventSchema);
    if (!body.ok) return body.response;
    if (!ctx.config.plaidWebhookUrl) return invalid(c, "no plaidWebhookUrl configured", 409);
    if (!world.plaidItems.has(body.data.itemId)) return invalid(c, "unknown itemId", 404);
    return c.json({ delivery: await deps.plaidWebhooks.send(body.data) });
  });

  const configAnswer = () => ({ ...ctx.config, behaviour: world.behaviour });
  app.get("/config", (c) => c.json(configAnswer()));
  app.post("/config", async (c) => {
    const body = await parseBody(c, configSchema);
    if (!body.ok) return body.response;
    const { snaptradeWebhookUrl, plaidWebhookUrl, latencyMs, behaviour } = body.data;
    if (snaptradeWebhookUrl !== undefined) ctx.config.snaptradeWebhookUrl = snaptradeWebhookUrl;
    if (plaidWebhookUrl !== undefined) ctx.config.plaidWebhookUrl = plaidWebhookUrl;
    if (latencyMs) Object.assign(ctx.config.latencyMs, latencyMs);
    if (behaviour) Object.assign(world.behaviour, behaviour);
    return c.json(configAnswer());
  });

  app.get("/stats", (c) => c.json(ctx.stats.snapshot()));
  app.post("/stats/reset", (c) => {
    ctx.stats.reset();
    return c.json(ctx.stats.snapshot());
  });

  const clockAnswer = () => {
    const state = world.clock.state();
    return {
      isOpen: state.isOpen,
      nextOpen: state.nextOpen.toISOString(),
      nextClose: state.nextClose.toISOString(),
    };
  };
  app.get("/clock", (c) => c.json(clockAnswer()));
  app.post("/clock", async (c) => {
    const body = await parseBody(c, clockSchema);
    if (!body.ok) return body.response;
    world.clock.setOpen(body.data.open);
    return c.json(clockAnswer());
  });

  app.get("/users/:userId", (c) => {
    const user = world.users.get(c.req.param("userId"));
    if (!user) return invalid(c, "unknown user", 404);
    const accounts = [...world.accounts.values()].filter((a) => a.userId === user.id);
    return c.json({
      user: { id: user.id, email: user.email },
      snaptradeRegistered: world.snaptradeUsers.has(user.id),
      connections: world.connectionsOf(user.id),
      plaidItems: [...world.plaidItems.values()].filter((i) => i.userId === user.id),
      accounts,
    });
  });

  /** Breaks a SnapTrade connection the way an expired brokerage token does. */
  app.post("/connections/:connectionId/break", (c) => {
    const connection = world.connections.get(c.req.param("connectionId"));
    if (!connection) return invalid(c, "unknown connection", 404);
    connection.disabled = true;
    connection.disabledAt = world.nowIso();
    world.emit({ kind: "connectionBroken", connection });
    return c.json({ connection });
  });

  return app;
}
