import { createMiddleware } from "hono/factory";
import { UnauthorizedError } from "../../core/errors.js";
import type { ApiEnv } from "../api-app.js";
import type { AuthUser, TokenVerifier } from "./token-verifier.js";

export type AuthVariables = { user: AuthUser };

/** Requires `Authorization: Bearer <Supabase access token>` and puts the user on the context. */
export function requireUser(verifier: TokenVerifier) {
  return createMiddleware<ApiEnv>(async (c, next) => {
    const header = c.req.header("authorization");
    const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    if (!match) throw new UnauthorizedError();
    // Writes need the auth server's word that the session is alive now; reads accept a recent one.
    const write = !["GET", "HEAD", "OPTIONS"].includes(c.req.method);
    c.set("user", await verifier.verify(match[1]!, { write }));
    await next();
  });
}
