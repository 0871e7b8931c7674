import type { Account, Order, SnaptradeConnection } from "./types.js";

/**
 * What changed in the world. Webhook dispatchers subscribe and turn these into vendor
 * events; the world itself knows nothing about HTTP.
 */
export type WorldEvent =
  | { kind: "connectionAdded"; connection: SnaptradeConnection; accounts: Account[] }
  | { kind: "connectionFixed"; connection: SnaptradeConnection }
  | { kind: "connectionBroken"; connection: SnaptradeConnection }
  | { kind: "connectionDeleted"; connection: SnaptradeConnection }
  | { kind: "holdingsUpdated"; account: Account }
  | { kind: "orderUpdated"; order: Order };

export type WorldListener = (event: WorldEvent) => void;
