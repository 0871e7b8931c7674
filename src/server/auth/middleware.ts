import { createMiddleware } from "hono/factory";
import { TrieRouter } from "hono/router/trie-router";
import { UnauthorizedError } from "../../core/errors.js";
import type { ApiEnv } from "../api-app.js";
import type { AuthUser, TokenVerifier } from "./token-verifier.js";

export type AuthVariables = {
  user: AuthUser;
  /**
   * Asks the auth server now whether the session is alive. Routes named in `writesCheckedByRoute`
   * call it themselves when their request can move money, alongside their own first gate.
   */
  confirmSessionNow: () => Promise<void>;
};

/** A route by method and Hono path (`/api/threads/:threadId/messages`). */
export interface RouteRef {
  method: string;
  path: string;
}

export interface RequireUserOptions {
  /**
   * Write routes served, like reads, on a recent answer of the auth server, which call
   * `confirmSessionNow` themselves when their request can move money: what they need depends on
   * their body (a chat message can decide a card only when it is a clear yes or no), and they
   * ask alongside their own rate limit instead of before it. Every other write asks now.
   */
  writesCheckedByRoute?: RouteRef[];
}

/** Requires `Authorization: Bearer <Supabase access token>` and puts the user on the context. */
export function requireUser(verifier: TokenVerifier, options: RequireUserOptions = {}) {
  const byRoute = new TrieRouter<true>();
  for (const route of options.writesCheckedByRoute ?? []) byRoute.add(route.method, route.path, true);
  return createMiddleware<ApiEnv>(async (c, next) => {
    const header = c.req.header("authorization");
    const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    if (!match) throw new UnauthorizedError();
    const token = match[1]!;
    // Writes need the auth server's word that the session is alive now; reads accept a recent one.
    const write =
      !["GET", "HEAD", "OPTIONS"].includes(c.req.method) &&
      byRoute.match(c.req.method, c.req.path)[0].length === 0;
    c.set("user", await verifier.verify(token, { session: write ? "write" : "read" }));
    c.set("confirmSessionNow", async () => {
      await verifier.verify(token, { session: "write" });
    });
    await next();
  });
}
