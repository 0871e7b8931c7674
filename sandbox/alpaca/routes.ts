import { Hono } from "hono";
import { newId } from "../lib/ids.js";
import type { SandboxContext, SandboxEnv } from "../runtime/context.js";
import { operationMiddleware } from "../runtime/operation.js";
import { alpacaAccountRoutes } from "./account.js";
import { respondToAlpacaFault } from "./errors.js";
import { alpacaMarketDataRoutes } from "./market-data.js";
import { alpacaOrderRoutes } from "./orders.js";

/** Alpaca trading and market data, both at the root (`/v2/...`). */
export function alpacaRoutes(ctx: SandboxContext): Hono<SandboxEnv> {
  const app = new Hono<SandboxEnv>();
  const operation = operationMiddleware(ctx, { provider: "alpaca", respondToFault: respondToAlpacaFault });
  app.use("/v2/*", async (c, next) => {
    await next();
    c.header("X-Request-ID", newId());
  });
  app.route("/", alpacaAccountRoutes(ctx, operation));
  app.route("/", alpacaOrderRoutes(ctx, operation));
  app.route("/", alpacaMarketDataRoutes(ctx, operation));
  return app;
}
