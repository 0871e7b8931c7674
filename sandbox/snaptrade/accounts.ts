import { type Context, Hono } from "hono";
import type { SandboxContext, SandboxEnv } from "../runtime/context.js";
import type { Operation } from "../runtime/operation.js";
import { isOpenOrder } from "../world/ledger.js";
import type { Order } from "../world/types.js";
import { snaptradeAuth } from "./authenticate.js";
import { snaptradeErrors } from "./errors.js";
import { visibleAccount, visibleAccounts } from "./scope.js";
import {
  accountPositionShape,
  accountShape,
  activityShape,
  balancesShape,
  lastSyncOf,
  optionPositionShape,
  orderRecordShape,
} from "./serialize.js";

const DAY_MS = 86_400_000;
const ACTIVITIES_PAGE_SIZE = 1000;
/** The spec's bound on `days` of the order list. */
const MAX_ORDER_DAYS = 90;

function byNewest(a: Order, b: Order): number {
  return b.receivedAt.localeCompare(a.receivedAt);
}

/** Accounts, balances, positions, orders and activities of the authenticated user. */
export function snaptradeAccountRoutes(ctx: SandboxContext, operation: Operation): Hono<SandboxEnv> {
  const app = new Hono<SandboxEnv>();
  const { world } = ctx;
  const auth = snaptradeAuth(ctx, "userAndSecret");
  const accountOf = (c: Context<SandboxEnv>) => visibleAccount(world, c, c.req.param("accountId") ?? "");

  app.get("/accounts", operation("accounts"), auth, (c) =>
    c.json(visibleAccounts(world, c).map((a) => accountShape(world, a))),
  );

  app.get("/accounts/:accountId", operation("accountDetail"), auth, (c) => {
    const found = accountOf(c);
    return found ? c.json(accountShape(world, found.account)) : c.json(snaptradeErrors.notFound(), 404);
  });

  app.get("/accounts/:accountId/balances", operation("balances"), auth, (c) => {
    const found = accountOf(c);
    return found ? c.json(balancesShape(world, found.account)) : c.json(snaptradeErrors.notFound(), 404);
  });

  app.get("/accounts/:accountId/positions/all", operation("positions"), auth, (c) => {
    const found = accountOf(c);
    if (!found) return c.json(snaptradeErrors.notFound(), 404);
    return c.json({
      results: [
        ...found.account.positions.map((p) => accountPositionShape(world, p)),
        ...(found.account.optionPositions ?? []).map((o) => optionPositionShape(world, o)),
      ],
      data_freshness: { as_of: lastSyncOf(world, found.account) },
    });
  });

  app.get("/accounts/:accountId/orders", operation("orders"), auth, (c) => {
    const found = accountOf(c);
    if (!found) return c.json(snaptradeErrors.notFound(), 404);
    const state = c.req.query("state") ?? "all";
    const days = Number(c.req.query("days") ?? 30);
    if (days > MAX_ORDER_DAYS)
      return c.json(snaptradeErrors.badRequest(`days must be at most ${MAX_ORDER_DAYS}`), 400);
    const since = world.now().getTime() - (Number.isFinite(days) && days > 0 ? days : 30) * DAY_MS;
    // The list is SnapTrade's cache of the brokerage: orders placed since its last sync are absent.
    const syncedAt = lastSyncOf(world, found.account);
    const orders = world
      .ordersOf(found.account.id)
      .filter((o) => o.visible && new Date(o.receivedAt).getTime() >= since)
      .filter((o) => o.receivedAt <= syncedAt)
      .filter((o) => state === "all" || (state === "open" ? isOpenOrder(o) : o.status === "filled"))
      .sort(byNewest);
    return c.json(orders.map((o) => orderRecordShape(world, o)));
  });

  app.get("/accounts/:accountId/recentOrders", operation("recentOrders"), auth, (c) => {
    const found = accountOf(c);
    if (!found) return c.json(snaptradeErrors.notFound(), 404);
    const onlyExecuted = c.req.query("only_executed") !== "false";
    const since = world.now().getTime() - DAY_MS;
    const orders = world
      .ordersOf(found.account.id)
      .filter((o) => o.visible && new Date(o.receivedAt).getTime() >= since)
      .filter((o) => !onlyExecuted || o.status === "filled" || o.status === "partially_filled")
      .sort(byNewest);
    return c.json({ orders: orders.map((o) => orderRecordShape(world, o)) });
  });

  app.post("/accounts/:accountId/orders/details", operation("orderDetail"), auth, (c) => {
    const found = accountOf(c);
    const body = c.get("snaptradeBody") as { brokerage_order_id?: unknown } | null;
    const order = world.orders.get(String(body?.brokerage_order_id ?? ""));
    if (!found || !order?.visible || order.accountId !== found.account.id) {
      return c.json(snaptradeErrors.notFound(), 404);
    }
    return c.json(orderRecordShape(world, order));
  });

  app.get("/accounts/:accountId/activities", operation("activities"), auth, (c) => {
    const found = accountOf(c);
    if (!found) return c.json(snaptradeErrors.notFound(), 404);
    const start = c.req.query("startDate");
    const end = c.req.query("endDate");
    const types = c.req.query("type")?.split(",").filter(Boolean);
    const offset = Math.max(0, Number(c.req.query("offset") ?? 0) || 0);
    const asked = Number(c.req.query("limit") ?? ACTIVITIES_PAGE_SIZE);
    if (asked > ACTIVITIES_PAGE_SIZE)
      return c.json(snaptradeErrors.badRequest(`limit must be at most ${ACTIVITIES_PAGE_SIZE}`), 400);
    const limit = Math.max(1, asked || 1);
    const matching = world
      .activitiesOf(found.account.id)
      .filter((a) => (!start || a.at.slice(0, 10) >= start) && (!end || a.at.slice(0, 10) <= end))
      .filter((a) => !types || types.includes(a.type))
      .sort((a, b) => b.at.localeCompare(a.at));
    return c.json({
      data: matching.slice(offset, offset + limit).map((a) => activityShape(world, found.account, a)),
      pagination: { offset, limit, total: matching.length },
    });
  });

  return app;
}
