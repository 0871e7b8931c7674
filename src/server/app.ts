import { cors } from "hono/cors";
import { requestId } from "hono/request-id";
import { secureHeaders } from "hono/secure-headers";
import { inRequest } from "../core/request-scope.js";
import { allowedMethods } from "./allowed-methods.js";
import { type ApiApp, createApiApp } from "./api-app.js";
import { type RouteRef, requireUser } from "./auth/middleware.js";
import { requestBodyLimit } from "./body-limit.js";
import { compression } from "./compression.js";
import type { ServerDeps } from "./deps.js";
import { createErrorHandler } from "./error-handler.js";
import { idempotency } from "./idempotency/middleware.js";
import { noStore } from "./no-store.js";
import { requestQueryTally } from "./query-tally.js";
import { registerDocsRoutes } from "./routes/docs.js";
import { registerHealthRoutes } from "./routes/health.js";

/**
 * Routes to mount: a typed route tree (an OpenAPIHono built by chaining `.openapi()` and
 * `.route()`, whose type clients can use), or a function adding untyped routes (the web page).
 */
export type RouteModule = ApiApp | ((app: ApiApp, deps: ServerDeps) => void);

export interface AppOptions {
  /** Largest accepted request body, chunked bodies included. Default 64 KiB. */
  bodyLimitBytes?: number;
  /** `/api` paths reachable without a bearer token (webhooks, browser redirects). */
  publicApiPaths?: string[];
  /** `/api` writes that ask the auth server themselves when they can move money (see requireUser). */
  writesCheckedByRoute?: RouteRef[];
  routes?: RouteModule[];
}

export function createApp(deps: ServerDeps, options: AppOptions = {}): ApiApp {
  const limit = options.bodyLimitBytes ?? 64 * 1024;
  const publicApiPaths = new Set(options.publicApiPaths ?? []);
  const app = createApiApp();

  app.onError(createErrorHandler(deps.logger));
  // A path that exists under other methods answers 405 with Allow (RFC 9110 section 15.5.6).
  const methodsFor = allowedMethods(app.routes);
  app.notFound((c) => {
    const allowed = methodsFor(c.req.path);
    if (allowed.length > 0) {
      return c.json(
        { error: { code: "method_not_allowed", message: `${c.req.method} is not allowed here.` } },
        405,
        { Allow: allowed.join(", ") },
      );
    }
    return c.json({ error: { code: "not_found", message: "No such route." } }, 404);
  });

  app.use(requestId());
  app.use(requestQueryTally(deps.db.queries));
  // One request, one memo of the rows it read (a proposal is read once, however many layers look).
  app.use((_c, next) => inRequest(next));
  app.use(async (c, next) => {
    const started = performance.now();
    await next();
    const user = c.get("user");
    // Broker callbacks (webhooks, portal redirects) arrive in bursts after every sync: their
    // successes are debug lines, so they do not bury what an operator needs (start-up banner).
    const level = publicApiPaths.has(c.req.path) && c.res.status < 400 ? "debug" : "info";
    deps.logger[level](
      {
        requestId: c.get("requestId"),
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        ms: Math.round(performance.now() - started),
        userId: user?.id,
      },
      "request",
    );
  });
  app.use(compression());
  const connectSources = ["'self'", deps.config.auth.supabaseUrl].filter((s): s is string => Boolean(s));
  app.use(
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", "data:"],
        connectSrc: connectSources,
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
      },
    }),
  );
  if (deps.config.corsOrigins.length > 0) {
    app.use("/api/*", cors({ origin: deps.config.corsOrigins, credentials: false, maxAge: 600 }));
  }
  // Hono's refusal (an HTTPException 413) gets the JSON error body from the edge map.
  app.use(requestBodyLimit(limit));
  app.use("/api/*", noStore());
  const authenticate = requireUser(deps.verifier, { writesCheckedByRoute: options.writesCheckedByRoute });
  app.use("/api/*", async (c, next) => {
    if (publicApiPaths.has(c.req.path)) return next();
    return authenticate(c, next);
  });
  app.use("/api/*", idempotency(deps.db.pool, deps.logger));

  registerHealthRoutes(app, deps);
  registerDocsRoutes(app);
  for (const routes of options.routes ?? []) {
    if (typeof routes === "function") routes(app, deps);
    else app.route("/", routes);
  }
  return app;
}
