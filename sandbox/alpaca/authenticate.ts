import type { MiddlewareHandler } from "hono";
import type { SandboxContext, SandboxEnv } from "../runtime/context.js";
import { alpacaErrors } from "./errors.js";

/** `APCA-API-KEY-ID` + `APCA-API-SECRET-KEY` must open an Alpaca account of the world. */
export function alpacaAuth(ctx: SandboxContext): MiddlewareHandler<SandboxEnv> {
  return async (c, next) => {
    const keyId = c.req.header("APCA-API-KEY-ID") ?? "";
    const secret = c.req.header("APCA-API-SECRET-KEY") ?? "";
    const account = keyId && secret ? ctx.world.findAlpacaAccount(keyId, secret) : undefined;
    if (!account) return c.json(alpacaErrors.unauthorized(), 401);
    c.set("alpacaAccountId", account.id);
    await next();
  };
}
