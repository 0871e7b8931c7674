import type { MiddlewareHandler } from "hono";

/**
 * `Cache-Control: no-store` on every answer it wraps (errors included): private API answers
 * (holdings, orders, conversations) must not be kept by the browser or a shared cache. A route
 * that sets its own Cache-Control keeps it.
 */
export function noStore(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    if (!c.res.headers.has("cache-control")) c.res.headers.set("cache-control", "no-store");
  };
}
