import { defaultBehaviour, type VendorBehaviour } from "./behaviour.js";
import { SymbolCatalogue } from "./catalogue.js";
import type { WorldEvent, WorldListener } from "./events.js";
import { MarketClock } from "./market-clock.js";
import { PriceBook } from "./prices.js";
import type {
  Account,
  Activity,
  AuthSession,
  Order,
  PlaidItem,
  PortalSession,
  Provider,
  SandboxUser,
  SnaptradeConnection,
  SnaptradeRegistration,
  TradeImpact,
  WebhookDelivery,
} from "./types.js";

export interface WorldOptions {
  /** Seed of the price random walk. */
  seed?: number;
  /** Injected clock (tests move it to expire trade ids without waiting). */
  now?: () => Date;
  /** Switches over the vendors' habits (defaults: `defaultBehaviour`). */
  behaviour?: Partial<VendorBehaviour>;
}

/** Keep the webhook log bounded: it is for inspection, not an archive. */
const MAX_WEBHOOK_LOG = 500;

/**
 * The sandbox world: users, connections, accounts, positions, orders and prices, all in
 * memory. Behaviour that changes it (matching, seeding, portal) lives in sibling modules that
 * take the world as an argument, so this class stays a well-typed store plus an event bus.
 */
export class World {
  readonly catalogue = new SymbolCatalogue();
  readonly prices: PriceBook;
  readonly clock: MarketClock;
  readonly seed: number;

  readonly users = new Map<string, SandboxUser>();
  readonly snaptradeUsers = new Map<string, SnaptradeRegistration>();
  readonly connections = new Map<string, SnaptradeConnection>();
  readonly accounts = new Map<string, Account>();
  readonly plaidItems = new Map<string, PlaidItem>();
  readonly orders = new Map<string, Order>();
  readonly activities: Activity[] = [];
  readonly impacts = new Map<string, TradeImpact>();
  readonly portalSessions = new Map<string, PortalSession>();
  readonly authSessions = new Map<string, AuthSession>();
  readonly webhookLog: WebhookDelivery[] = [];
  /** The vendors' habits in force (the admin API changes them at runtime). */
  readonly behaviour: VendorBehaviour;
  /** Market orders accepted so far: `delayedMarketShare` picks among them evenly. */
  marketOrdersAccepted = 0;

  private readonly listeners = new Set<WorldListener>();
  private readonly clockSource: () => Date;

  constructor(options: WorldOptions = {}) {
    this.seed = options.seed ?? 42;
    this.clockSource = options.now ?? (() => new Date());
    const now = () => this.now();
    this.prices = new PriceBook(this.catalogue, this.seed, now);
    this.clock = new MarketClock(now);
    this.behaviour = { ...defaultBehaviour, ...options.behaviour };
  }

  now(): Date {
    return this.clockSource();
  }

  nowIso(): string {
    return this.now().toISOString();
  }

  /** Empties the world: no users, default prices, market open. */
  reset(): void {
    for (const map of [
      this.users,
      this.snaptradeUsers,
      this.connections,
      this.accounts,
      this.plaidItems,
      this.orders,
      this.impacts,
      this.portalSessions,
      this.authSessions,
    ]) {
      map.clear();
    }
    this.activities.length = 0;
    this.webhookLog.length = 0;
    this.prices.resetAll();
    this.clock.setOpen(true);
  }

  on(listener: WorldListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: WorldEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  // --- queries -------------------------------------------------------------------------

  accountsOf(userId: string, provider: Provider): Account[] {
    return [...this.accounts.values()].filter((a) => a.userId === userId && a.provider === provider);
  }

  accountsOfConnection(connectionId: string): Account[] {
    return [...this.accounts.values()].filter((a) => a.connectionId === connectionId);
  }

  accountsOfItem(itemId: string): Account[] {
    return [...this.accounts.values()].filter((a) => a.itemId === itemId);
  }

  connectionsOf(userId: string): SnaptradeConnection[] {
    return [...this.connections.values()].filter((c) => c.userId === userId);
  }

  ordersOf(accountId: string): Order[] {
    return [...this.orders.values()].filter((o) => o.accountId === accountId);
  }

  activitiesOf(accountId: string): Activity[] {
    return this.activities.filter((a) => a.accountId === accountId);
  }

  findAlpacaAccount(keyId: string, secret: string): Account | undefined {
    for (const account of this.accounts.values()) {
      if (account.provider === "alpaca" && account.alpacaKeyId === keyId && account.alpacaSecret === secret) {
        return account;
      }
    }
    return undefined;
  }

  findPlaidItemByAccessToken(accessToken: string): PlaidItem | undefined {
    for (const item of this.plaidItems.values()) if (item.accessToken === accessToken) return item;
    return undefined;
  }

  findUserByEmail(email: string): SandboxUser | undefined {
    const wanted = email.trim().toLowerCase();
    for (const user of this.users.values()) if (user.email.toLowerCase() === wanted) return user;
    return undefined;
  }

  logWebhook(delivery: WebhookDelivery): void {
    this.webhookLog.push(delivery);
    if (this.webhookLog.length > MAX_WEBHOOK_LOG)
      this.webhookLog.splice(0, this.webhookLog.length - MAX_WEBHOOK_LOG);
  }
}
