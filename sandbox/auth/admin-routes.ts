import { type Context, Hono } from "hono";
import type { SandboxContext, SandboxEnv } from "../runtime/context.js";

/**
 * The service-role key of the sandbox's Supabase project (real projects hand one out per project;
 * it must never reach a browser). Listed in the sandbox README.
 */
export const SANDBOX_SERVICE_ROLE_KEY = "sandbox-service-role-key";

const goTrueError = (c: Context, status: 401 | 403 | 404, errorCode: string, msg: string) =>
  c.json({ code: status, error_code: errorCode, msg }, status);

/**
 * GoTrue's admin subset under /auth/v1/admin, as supabase-js `auth.admin` calls it: the
 * service-role key in both `apikey` and `Authorization: Bearer`. Deleting a user ends its
 * sessions; its tokens then answer 403 `user_not_found` on /user, as GoTrue's do.
 */
export function authAdminRoutes(ctx: SandboxContext): Hono<SandboxEnv> {
  const app = new Hono<SandboxEnv>();
  const { world } = ctx;

  app.use("*", async (c, next) => {
    const bearer = (c.req.header("Authorization") ?? "").match(/^Bearer\s+(.+)$/i)?.[1];
    const apikey = c.req.header("apikey") ?? c.req.query("apikey");
    if (!apikey || !bearer)
      return goTrueError(c, 401, "no_authorization", "This endpoint requires a Bearer token");
    if (apikey !== SANDBOX_SERVICE_ROLE_KEY || bearer !== SANDBOX_SERVICE_ROLE_KEY) {
      return goTrueError(c, 403, "not_admin", "User not allowed");
    }
    await next();
  });

  app.delete("/users/:id", (c) => {
    const id = c.req.param("id");
    if (!world.users.delete(id)) return goTrueError(c, 404, "user_not_found", "User not found");
    for (const session of world.authSessions.values()) {
      if (session.userId === id) session.revoked = true;
    }
    return c.json({});
  });

  return app;
}
