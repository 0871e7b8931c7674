import type { Instrument } from "./catalogue.js";
import type { Quote } from "./prices.js";
import type {
  Account,
  Activity,
  AuthSession,
  Order,
  PlaidItem,
  PortalSession,
  SandboxUser,
  SnaptradeConnection,
  SnaptradeRegistration,
  TradeImpact,
} from "./types.js";
import type { World } from "./world.js";

/** The whole world as JSON (for `--state-file`). */
export interface WorldSnapshot {
  version: 1;
  savedAt: string;
  marketOpen: boolean;
  instruments: Instrument[];
  quotes: Quote[];
  users: SandboxUser[];
  snaptradeUsers: SnaptradeRegistration[];
  connections: SnaptradeConnection[];
  accounts: Account[];
  plaidItems: PlaidItem[];
  orders: Order[];
  activities: Activity[];
  impacts: TradeImpact[];
  portalSessions: PortalSession[];
  authSessions: AuthSession[];
}

export function snapshotWorld(world: World): WorldSnapshot {
  return structuredClone({
    version: 1,
    savedAt: world.nowIso(),
    marketOpen: world.clock.isOpen,
    instruments: world.catalogue.all(),
    quotes: world.prices.snapshot(),
    users: [...world.users.values()],
    snaptradeUsers: [...world.snaptradeUsers.values()],
    connections: [...world.connections.values()],
    accounts: [...world.accounts.values()],
    plaidItems: [...world.plaidItems.values()],
    orders: [...world.orders.values()],
    activities: world.activities,
    impacts: [...world.impacts.values()],
    portalSessions: [...world.portalSessions.values()],
    authSessions: [...world.authSessions.values()],
  });
}

function fill<T>(map: Map<string, T>, items: T[], key: (item: T) => string): void {
  map.clear();
  for (const item of items) map.set(key(item), item);
}

/** Replaces the world's content with a snapshot. */
export function restoreWorld(world: World, snapshot: WorldSnapshot): void {
  const data = structuredClone(snapshot);
  for (const instrument of data.instruments) world.catalogue.add(instrument);
  world.prices.restore(data.quotes);
  world.clock.setOpen(data.marketOpen);
  fill(world.users, data.users, (u) => u.id);
  fill(world.snaptradeUsers, data.snaptradeUsers, (u) => u.userId);
  fill(world.connections, data.connections, (c) => c.id);
  fill(world.accounts, data.accounts, (a) => a.id);
  fill(world.plaidItems, data.plaidItems, (i) => i.id);
  fill(world.orders, data.orders, (o) => o.id);
  fill(world.impacts, data.impacts, (i) => i.id);
  fill(world.portalSessions, data.portalSessions, (s) => s.id);
  fill(world.authSessions, data.authSessions, (s) => s.id);
  world.activities.length = 0;
  world.activities.push(...data.activities);
}
