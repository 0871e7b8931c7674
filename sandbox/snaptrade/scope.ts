import type { Context } from "hono";
import type { SandboxEnv } from "../runtime/context.js";
import type { Account, SnaptradeConnection } from "../world/types.js";
import type { World } from "../world/world.js";

/** A connection the authenticated SnapTrade user can see (attached, theirs). */
export function visibleConnection(
  world: World,
  c: Context<SandboxEnv>,
  id: string,
): SnaptradeConnection | undefined {
  const connection = world.connections.get(id);
  return connection?.attached && connection.userId === c.get("snaptradeUserId") ? connection : undefined;
}

/** An account of a visible connection, with its connection. */
export function visibleAccount(
  world: World,
  c: Context<SandboxEnv>,
  id: string,
): { account: Account; connection: SnaptradeConnection } | undefined {
  const account = world.accounts.get(id);
  if (account?.provider !== "snaptrade" || !account.connectionId) return undefined;
  const connection = visibleConnection(world, c, account.connectionId);
  return connection ? { account, connection } : undefined;
}

/** Every account the user can see, across their attached connections. */
export function visibleAccounts(world: World, c: Context<SandboxEnv>): Account[] {
  const userId = c.get("snaptradeUserId");
  return world
    .connectionsOf(userId)
    .filter((connection) => connection.attached)
    .flatMap((connection) => world.accountsOfConnection(connection.id));
}
