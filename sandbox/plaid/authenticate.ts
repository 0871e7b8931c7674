import type { MiddlewareHandler } from "hono";
import type { SandboxContext, SandboxEnv } from "../runtime/context.js";
import { invalidRequest, plaidError, plaidErrors } from "./errors.js";

/**
 * Plaid credentials: `PLAID-CLIENT-ID` / `PLAID-SECRET` headers, or `client_id` / `secret` in
 * the JSON body. Also parses the body once for the handlers.
 */
export function plaidAuth(ctx: SandboxContext): MiddlewareHandler<SandboxEnv> {
  return async (c, next) => {
    let body: Record<string, unknown>;
    try {
      const parsed: unknown = await c.req.json();
      body = parsed && typeof parsed === "object" ? (parsed as Record<string, unknown>) : {};
    } catch {
      return plaidError(c, invalidRequest("request body is not valid JSON"));
    }
    const clientId = c.req.header("PLAID-CLIENT-ID") ?? body.client_id;
    const secret = c.req.header("PLAID-SECRET") ?? body.secret;
    if (clientId !== ctx.options.plaidClientId || secret !== ctx.options.plaidSecret) {
      return plaidError(c, plaidErrors.invalidApiKeys);
    }
    c.set("plaidBody", body);
    await next();
  };
}
