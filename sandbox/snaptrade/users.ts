import { Hono } from "hono";
import { newId, randomSecret } from "../lib/ids.js";
import type { SandboxContext, SandboxEnv } from "../runtime/context.js";
import type { Operation } from "../runtime/operation.js";
import type { PortalSession } from "../world/types.js";
import { snaptradeAuth } from "./authenticate.js";
import { snaptradeErrors } from "./errors.js";

const CONNECTION_TYPES = new Set(["read", "trade", "trade-if-available"]);

function bodyOf(c: { get(key: "snaptradeBody"): unknown }): Record<string, unknown> {
  const body = c.get("snaptradeBody");
  return body && typeof body === "object" ? (body as Record<string, unknown>) : {};
}

/** `/snapTrade/registerUser`, `/snapTrade/deleteUser`, `/snapTrade/login`. */
export function snaptradeUserRoutes(ctx: SandboxContext, operation: Operation): Hono<SandboxEnv> {
  const app = new Hono<SandboxEnv>();
  const { world } = ctx;

  app.post("/snapTrade/registerUser", operation("registerUser"), snaptradeAuth(ctx, "none"), (c) => {
    const userId = bodyOf(c).userId;
    if (typeof userId !== "string" || userId.length === 0) {
      return c.json(snaptradeErrors.badRequest("userId is required"), 400);
    }
    if (world.snaptradeUsers.has(userId)) {
      return c.json(
        snaptradeErrors.badRequest(`User with the following userId already exist: '${userId}'`),
        400,
      );
    }
    const registration = { userId, userSecret: randomSecret(24), createdAt: world.nowIso() };
    world.snaptradeUsers.set(userId, registration);
    return c.json({ userId, userSecret: registration.userSecret });
  });

  app.delete("/snapTrade/deleteUser", operation("deleteUser"), snaptradeAuth(ctx, "userId"), (c) => {
    const userId = c.get("snaptradeUserId");
    world.snaptradeUsers.delete(userId);
    // The user's connections go with it; seeded ones wait for a new registration and portal pass.
    for (const connection of world.connectionsOf(userId)) {
      if (connection.attached) world.emit({ kind: "connectionDeleted", connection });
      connection.attached = false;
    }
    return c.json({ status: "deleted", detail: `User ${userId} deleted`, userId });
  });

  app.post("/snapTrade/login", operation("login"), snaptradeAuth(ctx, "userAndSecret"), (c) => {
    const userId = c.get("snaptradeUserId");
    const body = bodyOf(c);
    const connectionType = typeof body.connectionType === "string" ? body.connectionType : "read";
    if (!CONNECTION_TYPES.has(connectionType)) {
      return c.json(snaptradeErrors.badRequest(`Invalid connectionType: ${connectionType}`), 400);
    }
    const reconnect = typeof body.reconnect === "string" && body.reconnect ? body.reconnect : null;
    if (reconnect && world.connections.get(reconnect)?.userId !== userId) {
      return c.json(snaptradeErrors.notFound(), 404);
    }
    const session: PortalSession = {
      id: newId(),
      userId,
      connectionType: connectionType as PortalSession["connectionType"],
      reconnect,
      customRedirect:
        typeof body.customRedirect === "string" && body.customRedirect ? body.customRedirect : null,
      broker: typeof body.broker === "string" && body.broker ? body.broker : null,
      createdAt: world.nowIso(),
      completedAt: null,
    };
    world.portalSessions.set(session.id, session);
    const origin = new URL(c.req.url).origin;
    return c.json({ redirectURI: `${origin}/snaptrade/portal/${session.id}`, sessionId: session.id });
  });

  return app;
}
