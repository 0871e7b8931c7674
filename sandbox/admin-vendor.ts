import { type Context, Hono } from "hono";
import { z } from "zod";
import type { SandboxContext, SandboxEnv } from "./runtime/context.js";
import { cancelOrder } from "./world/matching.js";
import type { Order } from "./world/types.js";

/** Alpaca's order statuses (spec `OrderStatus`). */
export const ALPACA_ORDER_STATUSES = [
  "new",
  "partially_filled",
  "filled",
  "done_for_day",
  "canceled",
  "expired",
  "replaced",
  "pending_cancel",
  "pending_replace",
  "pending_review",
  "accepted",
  "pending_new",
  "accepted_for_bidding",
  "stopped",
  "rejected",
  "suspended",
  "calculated",
  "held",
] as const;

/** SnapTrade's `AccountOrderRecord.status` values. */
export const SNAPTRADE_ORDER_STATUSES = [
  "NONE",
  "PENDING",
  "ACCEPTED",
  "FAILED",
  "REJECTED",
  "CANCELED",
  "PARTIAL_CANCELED",
  "CANCEL_PENDING",
  "EXECUTED",
  "PARTIAL",
  "REPLACE_PENDING",
  "REPLACED",
  "STOPPED",
  "SUSPENDED",
  "EXPIRED",
  "QUEUED",
  "TRIGGERED",
  "ACTIVATED",
  "PENDING_RISK_REVIEW",
  "CONTINGENT_ORDER",
] as const;

/** Statuses after which the order no longer works in the world (it stops matching). */
const ENDS_WORK = new Set(["replaced", "REPLACED", "FAILED", "done_for_day", "calculated", "stopped"]);

const vendorStatusSchema = z.object({ status: z.string().min(1) });
const accountSettingsSchema = z.object({
  alpacaStatus: z.string().min(1).optional(),
  tradeSuspendedByUser: z.boolean().optional(),
  syncedAt: z.iso.datetime().optional(),
});
const brokerageSchema = z.object({ allowsFractionalUnits: z.boolean() });

function invalid(c: Context, message: string, status: 400 | 404 = 400) {
  return c.json({ error: { code: status === 400 ? "invalid_request" : "not_found", message } }, status);
}

function statusAllowed(order: Order, status: string): boolean {
  const list: readonly string[] =
    order.provider === "alpaca" ? ALPACA_ORDER_STATUSES : SNAPTRADE_ORDER_STATUSES;
  return list.includes(status);
}

/**
 * Admin routes that make the world show the vendors' rarer states: an order in any vendor
 * status, an Alpaca account that cannot trade, a SnapTrade account synced long ago, a
 * brokerage without fractional units.
 */
export function vendorAdminRoutes(ctx: SandboxContext): Hono<SandboxEnv> {
  const app = new Hono<SandboxEnv>();
  const { world } = ctx;

  /** The order shows `status` (its provider's vocabulary) until the world changes it again. */
  app.post("/orders/:orderId/vendor-status", async (c) => {
    const order = world.orders.get(c.req.param("orderId"));
    if (!order) return invalid(c, "unknown order", 404);
    const parsed = vendorStatusSchema.safeParse(await c.req.json().catch(() => ({})));
    if (!parsed.success || !statusAllowed(order, parsed.data.status)) {
      return invalid(c, `status must be one of the ${order.provider} order statuses`);
    }
    const { status } = parsed.data;
    // The world stops working it first (cancelling clears any earlier overlay), then shows the status.
    if (ENDS_WORK.has(status)) cancelOrder(world, order);
    order.vendorStatus = status;
    order.updatedAt = world.nowIso();
    world.emit({ kind: "orderUpdated", order });
    return c.json({ id: order.id, provider: order.provider, status });
  });

  app.post("/accounts/:accountId/settings", async (c) => {
    const account = world.accounts.get(c.req.param("accountId"));
    if (!account) return invalid(c, "unknown account", 404);
    const parsed = accountSettingsSchema.safeParse(await c.req.json().catch(() => ({})));
    if (!parsed.success) return invalid(c, z.prettifyError(parsed.error));
    Object.assign(account, parsed.data);
    return c.json({ account });
  });

  app.post("/connections/:connectionId/brokerage", async (c) => {
    const connection = world.connections.get(c.req.param("connectionId"));
    if (!connection) return invalid(c, "unknown connection", 404);
    const parsed = brokerageSchema.safeParse(await c.req.json().catch(() => ({})));
    if (!parsed.success) return invalid(c, z.prettifyError(parsed.error));
    connection.brokerage = { ...connection.brokerage, ...parsed.data };
    return c.json({ connection });
  });

  return app;
}
