import { type Context, Hono, type MiddlewareHandler } from "hono";
import type { EcSigningKey } from "../lib/ec-key.js";
import { newId, randomToken } from "../lib/ids.js";
import type { SandboxContext, SandboxEnv } from "../runtime/context.js";
import { operationMiddleware } from "../runtime/operation.js";
import type { AuthSession, SandboxUser } from "../world/types.js";
import { authAdminRoutes } from "./admin-routes.js";
import { mintAccessToken, verifyAccessToken } from "./tokens.js";
import { userShape } from "./user-shape.js";

export interface AuthRouteOptions {
  key: EcSigningKey;
  /** Access token lifetime (GoTrue's default is one hour). */
  accessTokenTtlSeconds: number;
}

/** GoTrue's error body: `{code, error_code, msg}`. */
const goTrueError = (c: Context, status: 400 | 401 | 403 | 404, errorCode: string, msg: string) =>
  c.json({ code: status, error_code: errorCode, msg }, status);

/** Supabase Auth (GoTrue) subset under /auth/v1: JWKS, password and refresh grants, user, logout. */
export function authRoutes(ctx: SandboxContext, options: AuthRouteOptions): Hono<SandboxEnv> {
  const app = new Hono<SandboxEnv>();
  const { world } = ctx;
  const { key } = options;
  const operation = operationMiddleware(ctx, {
    provider: "auth",
    respondToFault: (c, mode) =>
      mode === "rateLimit"
        ? goTrueError(c, 400, "over_request_rate_limit", "Request rate limit reached")
        : c.json({ code: 500, error_code: "unexpected_failure", msg: "Unexpected failure" }, 500),
  });

  // Supabase's gateway wants the project's API key on every Auth call (except the JWKS).
  const apiKey: MiddlewareHandler<SandboxEnv> = async (c, next) => {
    const provided = c.req.header("apikey") ?? c.req.query("apikey");
    if (!provided) {
      return c.json(
        {
          message: "No API key found in request",
          hint: "No `apikey` request header or url param was found.",
        },
        401,
      );
    }
    if (provided !== ctx.options.supabaseAnonKey) {
      return c.json(
        { message: "Invalid API key", hint: "Double check your Supabase `anon` or `service_role` API key." },
        401,
      );
    }
    await next();
  };

  const issuerOf = (c: Context) => `${new URL(c.req.url).origin}/auth/v1`;

  const sessionResponse = async (c: Context, user: SandboxUser, session: AuthSession) => {
    const { token, exp } = await mintAccessToken(key, {
      user,
      sessionId: session.id,
      issuer: issuerOf(c),
      ttlSeconds: options.accessTokenTtlSeconds,
    });
    return c.json({
      access_token: token,
      token_type: "bearer",
      expires_in: options.accessTokenTtlSeconds,
      expires_at: exp,
      refresh_token: session.refreshToken,
      user: userShape(user, new Date().toISOString()),
    });
  };

  /** Resolves the bearer token to its user and live session, or answers GoTrue's error. */
  const authenticated = async (c: Context) => {
    const header = c.req.header("Authorization") ?? "";
    const token = header.match(/^Bearer\s+(.+)$/i)?.[1];
    if (!token) {
      return {
        response: goTrueError(c, 401, "no_authorization", "This endpoint requires a valid Bearer token"),
      };
    }
    const check = await verifyAccessToken(key, token);
    if (!check.ok) {
      return {
        response: goTrueError(
          c,
          403,
          "bad_jwt",
          `invalid JWT: unable to parse or verify signature, ${check.reason}`,
        ),
      };
    }
    const user = world.users.get(String(check.claims.sub));
    if (!user)
      return { response: goTrueError(c, 403, "user_not_found", "User from sub claim in JWT does not exist") };
    const session = world.authSessions.get(String(check.claims.session_id));
    if (!session || session.revoked) {
      return {
        response: goTrueError(
          c,
          403,
          "session_not_found",
          "Session from session_id claim in JWT does not exist",
        ),
      };
    }
    return { user, session };
  };

  app.route("/admin", authAdminRoutes(ctx));

  app.get("/.well-known/jwks.json", operation("jwks"), (c) => c.json({ keys: [key.publicJwk()] }));

  app.get("/health", (c) => c.json({ version: "sandbox", name: "GoTrue", description: "Sandbox Auth" }));

  app.post("/token", operation("token"), apiKey, async (c) => {
    const grantType = c.req.query("grant_type");
    const body = (await c.req.json().catch(() => ({}))) as Record<string, unknown>;
    if (grantType === "password") {
      const user = world.findUserByEmail(String(body.email ?? ""));
      if (!user || user.password !== body.password) {
        return goTrueError(c, 400, "invalid_credentials", "Invalid login credentials");
      }
      const session: AuthSession = {
        id: newId(),
        userId: user.id,
        refreshToken: randomToken(12, "abcdefghijklmnopqrstuvwxyz0123456789"),
        usedRefreshTokens: [],
        createdAt: world.nowIso(),
        revoked: false,
      };
      world.authSessions.set(session.id, session);
      return sessionResponse(c, user, session);
    }
    if (grantType === "refresh_token") {
      const refreshToken = String(body.refresh_token ?? "");
      const sessions = [...world.authSessions.values()];
      const reused = sessions.find((s) => s.usedRefreshTokens.includes(refreshToken));
      if (reused)
        return goTrueError(c, 400, "refresh_token_already_used", "Invalid Refresh Token: Already Used");
      const session = sessions.find((s) => s.refreshToken === refreshToken && !s.revoked);
      const user = session ? world.users.get(session.userId) : undefined;
      if (!session || !user) {
        return goTrueError(
          c,
          400,
          "refresh_token_not_found",
          "Invalid Refresh Token: Refresh Token Not Found",
        );
      }
      session.usedRefreshTokens.push(session.refreshToken);
      session.refreshToken = randomToken(12, "abcdefghijklmnopqrstuvwxyz0123456789");
      return sessionResponse(c, user, session);
    }
    return goTrueError(c, 400, "validation_failed", "unsupported_grant_type");
  });

  app.get("/user", operation("user"), apiKey, async (c) => {
    const result = await authenticated(c);
    if ("response" in result) return result.response;
    return c.json(userShape(result.user, result.session.createdAt));
  });

  app.post("/logout", operation("logout"), apiKey, async (c) => {
    const result = await authenticated(c);
    if ("response" in result) return result.response;
    const scope = c.req.query("scope") ?? "global";
    for (const session of world.authSessions.values()) {
      if (session.userId !== result.user.id) continue;
      const isCurrent = session.id === result.session.id;
      if (scope === "global" || (scope === "local" && isCurrent) || (scope === "others" && !isCurrent)) {
        session.revoked = true;
      }
    }
    return c.body(null, 204);
  });

  return app;
}
