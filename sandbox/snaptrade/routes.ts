import { Hono } from "hono";
import { newId } from "../lib/ids.js";
import type { SandboxContext, SandboxEnv } from "../runtime/context.js";
import { operationMiddleware } from "../runtime/operation.js";
import { snaptradeAccountRoutes } from "./accounts.js";
import { snaptradeConnectionRoutes } from "./connections.js";
import { respondToSnaptradeFault, snaptradeErrors } from "./errors.js";
import { snaptradePortalRoutes } from "./portal.js";
import { snaptradeTradingRoutes } from "./trading.js";
import { snaptradeUserRoutes } from "./users.js";

/** The SnapTrade API (mounted at `/snaptrade`, the SDK's basePath) plus the sandbox portal. */
export function snaptradeRoutes(ctx: SandboxContext): Hono<SandboxEnv> {
  const app = new Hono<SandboxEnv>();
  const operation = operationMiddleware(ctx, {
    provider: "snaptrade",
    respondToFault: respondToSnaptradeFault,
  });

  // SnapTrade tags every answer; the rate-limit headers come from the operation middleware.
  app.use("*", async (c, next) => {
    await next();
    c.header("X-Request-ID", newId());
  });

  app.get("/", operation("status"), (c) =>
    c.json({ version: 151, timestamp: ctx.world.nowIso(), online: true }),
  );
  app.route("/portal", snaptradePortalRoutes(ctx));
  app.route("/", snaptradeUserRoutes(ctx, operation));
  app.route("/", snaptradeConnectionRoutes(ctx, operation));
  app.route("/", snaptradeAccountRoutes(ctx, operation));
  app.route("/", snaptradeTradingRoutes(ctx, operation));
  app.all("*", (c) => c.json(snaptradeErrors.notFound(), 404));
  return app;
}
