import { type Context, Hono } from "hono";
import type { SandboxContext, SandboxEnv } from "../runtime/context.js";
import type { Operation } from "../runtime/operation.js";
import { snaptradeAuth } from "./authenticate.js";
import { snaptradeErrors } from "./errors.js";
import { visibleConnection } from "./scope.js";
import { accountShape, authorizationShape } from "./serialize.js";

/** Brokerage authorizations (connections): list, detail, accounts, remove, refresh, disable. */
export function snaptradeConnectionRoutes(ctx: SandboxContext, operation: Operation): Hono<SandboxEnv> {
  const app = new Hono<SandboxEnv>();
  const { world } = ctx;
  const auth = snaptradeAuth(ctx, "userAndSecret");
  const connectionOr404 = (c: Context<SandboxEnv>) =>
    visibleConnection(world, c, c.req.param("authorizationId") ?? "");

  app.get("/authorizations", operation("authorizations"), auth, (c) => {
    const userId = c.get("snaptradeUserId");
    const connections = world.connectionsOf(userId).filter((connection) => connection.attached);
    return c.json(connections.map(authorizationShape));
  });

  app.get("/authorizations/:authorizationId", operation("authorizationDetail"), auth, (c) => {
    const connection = connectionOr404(c);
    return connection ? c.json(authorizationShape(connection)) : c.json(snaptradeErrors.notFound(), 404);
  });

  app.get("/authorizations/:authorizationId/accounts", operation("authorizationAccounts"), auth, (c) => {
    const connection = connectionOr404(c);
    if (!connection) return c.json(snaptradeErrors.notFound(), 404);
    return c.json(world.accountsOfConnection(connection.id).map((a) => accountShape(world, a)));
  });

  app.delete("/authorizations/:authorizationId", operation("removeAuthorization"), auth, (c) => {
    const connection = connectionOr404(c);
    if (!connection) return c.json(snaptradeErrors.notFound(), 404);
    // Removing a connection deletes its accounts: a new link gets new account ids.
    for (const account of world.accountsOfConnection(connection.id)) world.accounts.delete(account.id);
    world.connections.delete(connection.id);
    world.emit({ kind: "connectionDeleted", connection });
    return c.body(null, 204);
  });

  app.post("/authorizations/:authorizationId/refresh", operation("refreshAuthorization"), auth, (c) => {
    const connection = connectionOr404(c);
    if (!connection) return c.json(snaptradeErrors.notFound(), 404);
    if (connection.disabled) return c.json(snaptradeErrors.connectionDisabled(), 402);
    // A refresh re-syncs holdings shortly after answering, like the real async job.
    ctx.lifecycle.later(10, () => {
      for (const account of world.accountsOfConnection(connection.id))
        world.emit({ kind: "holdingsUpdated", account });
    });
    return c.json({ detail: `Connection ${connection.id} scheduled for refresh` });
  });

  app.post("/authorizations/:authorizationId/disable", operation("disableAuthorization"), auth, (c) => {
    const connection = connectionOr404(c);
    if (!connection) return c.json(snaptradeErrors.notFound(), 404);
    if (!connection.disabled) {
      connection.disabled = true;
      connection.disabledAt = world.nowIso();
      world.emit({ kind: "connectionBroken", connection });
    }
    return c.json({ detail: `Connection ${connection.id} disabled` });
  });

  return app;
}
