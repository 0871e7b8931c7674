import { newId } from "../lib/ids.js";
import { recordHistory } from "../world/history.js";
import { brokerageFor } from "../world/seed.js";
import type { Account, PortalSession, SnaptradeConnection } from "../world/types.js";
import type { World } from "../world/world.js";

/** A portal link lives five minutes, like SnapTrade's. */
export const PORTAL_SESSION_TTL_MS = 5 * 60_000;

/** The brokerage a portal pass creates when the user has nothing seeded. */
export const DEFAULT_DEMO_BROKERAGE = "Sandbox Brokerage";

export type PortalOutcome =
  | { kind: "connected"; connections: SnaptradeConnection[] }
  | { kind: "fixed"; connection: SnaptradeConnection }
  | { kind: "invalid"; reason: string };

export function portalSessionState(world: World, session: PortalSession): "open" | "used" | "expired" {
  if (session.completedAt) return "used";
  const age = world.now().getTime() - new Date(session.createdAt).getTime();
  return age > PORTAL_SESSION_TTL_MS ? "expired" : "open";
}

function matchesBroker(connection: SnaptradeConnection, broker: string | null): boolean {
  if (!broker) return true;
  const wanted = broker.trim().toLowerCase();
  return (
    connection.brokerage.slug.toLowerCase() === wanted || connection.brokerage.name.toLowerCase() === wanted
  );
}

/** A fresh connection with one funded demo account (what a real first link looks like). */
function createDemoConnection(world: World, session: PortalSession): SnaptradeConnection {
  const connection: SnaptradeConnection = {
    id: newId(),
    userId: session.userId,
    brokerage: brokerageFor(session.broker ?? DEFAULT_DEMO_BROKERAGE),
    type: session.connectionType === "read" ? "read" : "trade",
    disabled: false,
    disabledAt: null,
    attached: true,
    createdAt: world.nowIso(),
  };
  world.connections.set(connection.id, connection);
  const account: Account = {
    id: newId(),
    provider: "snaptrade",
    userId: session.userId,
    name: `${connection.brokerage.name} Individual`,
    number: String(10_000_000 + Math.floor(Math.random() * 89_999_999)),
    institution: connection.brokerage.name,
    cash: 10_000,
    margin: 0,
    positions: [
      { symbol: "AAPL", units: 5, avgPrice: world.prices.price("AAPL") },
      { symbol: "VTI", units: 10, avgPrice: world.prices.price("VTI") },
    ],
    createdAt: world.nowIso(),
    connectionId: connection.id,
    itemId: null,
    alpacaKeyId: null,
    alpacaSecret: null,
  };
  world.accounts.set(account.id, account);
  recordHistory(world, account);
  return connection;
}

/**
 * What passing the portal does: with `reconnect`, re-enables that connection
 * (CONNECTION_FIXED); otherwise attaches the user's seeded connections, or creates a new
 * connection to `broker` (default: the demo brokerage) when nothing is waiting
 * (CONNECTION_ADDED). A read-only portal makes the connections read-only.
 */
export function completePortal(world: World, session: PortalSession): PortalOutcome {
  session.completedAt = world.nowIso();
  if (session.reconnect) {
    const connection = world.connections.get(session.reconnect);
    if (!connection || connection.userId !== session.userId) {
      return { kind: "invalid", reason: "unknown connection to reconnect" };
    }
    connection.disabled = false;
    connection.disabledAt = null;
    connection.attached = true;
    world.emit({ kind: "connectionFixed", connection });
    return { kind: "fixed", connection };
  }
  let connections = world
    .connectionsOf(session.userId)
    .filter((c) => !c.attached && matchesBroker(c, session.broker));
  if (connections.length === 0) connections = [createDemoConnection(world, session)];
  for (const connection of connections) {
    connection.attached = true;
    if (session.connectionType === "read") connection.type = "read";
    world.emit({ kind: "connectionAdded", connection, accounts: world.accountsOfConnection(connection.id) });
  }
  return { kind: "connected", connections };
}
