import { randomBytes, randomUUID } from "node:crypto";
import type { OrderRequest as BrokerOrderRequest, OrderPreview, Quote } from "../../brokers/model.js";
import type { MarketClock, SymbolInfo, TradingSession } from "../../brokers/session.js";
import { type Config, loadConfig } from "../../core/config.js";
import type { Database } from "../../core/db/database.js";
import type { Logger } from "../../core/logger.js";
import type {
  Account,
  AccountPosition,
  PortfolioService,
  PortfolioWarning,
} from "../../portfolio/service.js";
import type { DefaultAccountChoice } from "../../portfolio/store/trading-preferences-store.js";
import { AuditLog } from "../audit/audit-log.js";
import { type OrderRequest, orderTypes } from "../contract/index.js";
import { type PrepareDeps, type PrepareOptions, Preparer } from "../prepare.js";
import { OrdersRepository } from "../repository.js";
import type { RiskLimits } from "../risk-limits.js";

/** An account as the portfolio layer gives it: a live SnapTrade account that can trade, unless told. */
export function testAccount(id: string, fields: Partial<Account> = {}): Account {
  return {
    id,
    provider: "snaptrade",
    institution: "Robinhood",
    name: "Individual",
    numberMasked: "••••0042",
    canTrade: true,
    connectionStatus: "active",
    cash: 5_000,
    buyingPower: 5_000,
    totalValue: 100_000,
    currency: "USD",
    isPaper: false,
    syncedAt: null,
    dataAsOf: null,
    ...fields,
  };
}

type BrokerCall = "lookupSymbol" | "getQuote" | "previewOrder" | "marketClock";

/**
 * One user's brokers, as the preparer sees them through the portfolio layer: what each call
 * answers (or throws, `failures`), per account where it matters, and what was asked.
 */
export interface FakeWorld {
  accounts: Account[];
  positions: AccountPosition[];
  warnings: PortfolioWarning[];
  defaultAccount: DefaultAccountChoice | null;
  /** The broker's answer to a symbol lookup; a symbol not listed is a plain tradable stock. */
  symbols: Record<string, SymbolInfo | null>;
  prices: Record<string, number>;
  /** Awaited before each quote is answered (to see what else the preparer asks meanwhile). */
  beforeQuote?: () => Promise<void>;
  /** The broker's preview of an order; null: an Alpaca-like estimate at the quote, fees unknown. */
  preview: ((order: BrokerOrderRequest, quote: Quote) => OrderPreview) | null;
  clock: MarketClock;
  /** A call that throws, for every account, or for one account (`<accountId>:<call>`). */
  failures: Partial<Record<BrokerCall | `${string}:${BrokerCall}`, unknown>>;
  /** Sessions opened, by account id; `tradingSession:<accountId>` in failures makes opening one fail. */
  sessionsOpened: string[];
  /** Portfolio snapshots read. */
  snapshotsRead: number;
  /** Which account's session was asked for the market clock. */
  clockAskedOf: string[];
  previewed: BrokerOrderRequest[];
}

export function fakeWorld(fields: Partial<FakeWorld> = {}): FakeWorld {
  return {
    accounts: [],
    positions: [],
    warnings: [],
    defaultAccount: null,
    symbols: {},
    prices: {},
    preview: null,
    clock: { isOpen: true, nextOpen: null, nextClose: null },
    failures: {},
    sessionsOpened: [],
    snapshotsRead: 0,
    clockAskedOf: [],
    previewed: [],
    ...fields,
  };
}

function session(world: FakeWorld, account: Account): TradingSession {
  const call = async <T>(name: BrokerCall, answer: () => T): Promise<T> => {
    const failure = world.failures[`${account.id}:${name}`] ?? world.failures[name];
    if (failure !== undefined) throw failure;
    return answer();
  };
  const quote = (symbol: string): Quote => ({
    symbol,
    price: world.prices[symbol] ?? 100,
    bid: null,
    ask: null,
    asOf: "2026-11-30T09:00:00.000Z",
    source: `${account.provider} latest trade`,
  });
  return {
    provider: account.provider as "snaptrade" | "alpaca",
    lookupSymbol: (_accountId: string, symbol: string) =>
      call("lookupSymbol", () =>
        symbol in world.symbols
          ? world.symbols[symbol]!
          : { symbol, description: `${symbol} Inc.`, tradable: true, fractionable: true },
      ),
    getQuote: async (_accountId: string, symbol: string) => {
      await world.beforeQuote?.();
      return call("getQuote", () => quote(symbol));
    },
    previewOrder: (order: BrokerOrderRequest) =>
      call("previewOrder", () => {
        world.previewed.push(order);
        if (world.preview) return world.preview(order, quote(order.symbol));
        const price = order.limitPrice ?? quote(order.symbol).price;
        return {
          price,
          priceSource: "alpaca estimate",
          asOf: "2026-11-30T09:00:00.000Z",
          amount: order.notional ?? Number(((order.quantity ?? 0) * price).toFixed(2)),
          amountSource: "estimate" as const,
          fees: null,
          buyingPowerBefore: account.buyingPower,
          buyingPowerAfter: null,
          currency: "USD",
        };
      }),
    marketClock: () =>
      call("marketClock", () => {
        world.clockAskedOf.push(account.id);
        return world.clock;
      }),
  } as unknown as TradingSession;
}

function portfolio(world: FakeWorld): PortfolioService {
  return {
    getSnapshot: async () => {
      world.snapshotsRead += 1;
      return structuredClone({
        accounts: world.accounts,
        positions: world.positions,
        warnings: world.warnings,
      });
    },
    defaultAccountChoice: async () => world.defaultAccount,
    tradingSession: async (_userId: string, accountId: string) => {
      world.sessionsOpened.push(accountId);
      const failure = world.failures[`tradingSession:${accountId}` as keyof FakeWorld["failures"]];
      if (failure !== undefined) throw failure;
      const account = world.accounts.find((a) => a.id === accountId);
      if (!account) throw new Error(`no account ${accountId}`);
      return session(world, account);
    },
  } as unknown as PortfolioService;
}

export interface PreparerHarnessOptions {
  env?: Record<string, string>;
  features?: Partial<Config["features"]>;
  limits?: Partial<RiskLimits>;
  logger?: Logger;
  deps?: Partial<PrepareDeps>;
}

/**
 * The preparer over a fake portfolio and real proposal storage (a migrated test database), for a
 * fresh user each time: `prepare` asks for one card as that user.
 */
export function preparerFor(db: Database, world: FakeWorld, options: PreparerHarnessOptions = {}) {
  const loaded = loadConfig({ LOG_LEVEL: "silent", ...options.env });
  const config: Config = { ...loaded, features: { ...loaded.features, ...options.features } };
  const repo = new OrdersRepository(db.pool);
  const silent = { info() {}, warn() {}, error() {}, debug() {} } as unknown as Logger;
  const preparer = new Preparer({
    config,
    logger: options.logger ?? silent,
    repo,
    audit: new AuditLog(db.pool),
    portfolio: portfolio(world),
    hashKey: randomBytes(32),
    limits: { ...config.risk, allowedOrderTypes: orderTypes, ...options.limits },
    ...options.deps,
  });
  const userId = randomUUID();
  return {
    userId,
    repo,
    prepare: (
      request: OrderRequest,
      ctx: { threadId?: string | null } = {},
      prepareOptions?: PrepareOptions,
    ) => preparer.prepare({ userId, ...ctx }, request, prepareOptions),
  };
}
