import type { Balance, UniversalSymbol } from "snaptrade-typescript-sdk";
import { ExpiringCache } from "../expiring-cache.js";
import type { SymbolInfo } from "../session.js";
import type { SnaptradeConnection } from "./mapping.js";

/** What this process remembers of SnapTrade answers, shared by every user's session. */
export interface SnaptradeReadCaches {
  /** Per user, account and ticker: the listing to trade (ids do not change within the hour). */
  listings: ExpiringCache<UniversalSymbol>;
  /** Per user, account and text: the brokerage's symbol search answer (listings change rarely). */
  searches: ExpiringCache<SymbolInfo[]>;
  /** Per user and account: the last balances read. */
  balances: ExpiringCache<Balance[]>;
  /** Per user: the authorizations request now running, shared by concurrent callers. */
  connectionsInFlight: Map<string, Promise<SnaptradeConnection[]>>;
  /** Per user and account: its authorization (learnt from account lists and refreshes). */
  accountConnections: ExpiringCache<string>;
  /** Per authorization: whether its brokerage takes fractional units (learnt when listed). */
  fractionalUnits: ExpiringCache<boolean>;
}

export function createReadCaches(now: () => Date): SnaptradeReadCaches {
  return {
    listings: new ExpiringCache({ ttlMs: 60 * 60_000, capacity: 10_000, now }),
    searches: new ExpiringCache({ ttlMs: 60 * 60_000, capacity: 5_000, now }),
    balances: new ExpiringCache({ ttlMs: 5 * 60_000, capacity: 10_000, now }),
    connectionsInFlight: new Map(),
    accountConnections: new ExpiringCache({ ttlMs: 24 * 60 * 60_000, capacity: 10_000, now }),
    fractionalUnits: new ExpiringCache({ ttlMs: 24 * 60 * 60_000, capacity: 10_000, now }),
  };
}
