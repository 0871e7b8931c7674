import type { PlaidWebhookKeySource } from "../brokers/plaid/webhook-keys.js";
import type { Config } from "../core/config.js";
import type { Database } from "../core/db/database.js";
import type { Logger } from "../core/logger.js";
import type { Keyring } from "../core/secrets/keyring.js";
import { AccountSessions } from "./account-sessions.js";
import type { PortfolioBrokers } from "./broker-clients.js";
import { PortfolioHistoryService } from "./history/portfolio-history.js";
import { KeyLinking } from "./linking/key-linking.js";
import { PortfolioLinking } from "./linking/portfolio-linking.js";
import { SnaptradeLinking } from "./linking/snaptrade-linking.js";
import { PortfolioReader } from "./portfolio-reader.js";
import type { PortfolioService } from "./service.js";
import { CredentialsStore } from "./store/credentials-store.js";
import { HoldingsSync } from "./sync/holdings-sync.js";
import { PlaidWebhookVerifier } from "./webhooks/plaid-verification.js";
import { PlaidWebhookHandler } from "./webhooks/plaid-webhook-handler.js";
import { SnaptradeWebhookHandler } from "./webhooks/snaptrade-webhook-handler.js";

export type { PortfolioBrokers } from "./broker-clients.js";
export type { PortfolioLinking } from "./linking/portfolio-linking.js";
export type { SandboxSeedResult } from "./linking/sandbox-linking.js";
export type { PortfolioReader } from "./portfolio-reader.js";
export type * from "./service.js";
export type { PlaidWebhookHandler } from "./webhooks/plaid-webhook-handler.js";
export type {
  SnaptradeWebhookHandler,
  TradeUpdateEvent,
  TradeUpdateHook,
} from "./webhooks/snaptrade-webhook-handler.js";

export interface PortfolioModuleOptions {
  /** Alpaca and Plaid holdings younger than this are served without a broker call (default 60 s). */
  syncTtlMs?: number;
  /** SnapTrade's, refreshed by events, are re-read past this age (default config.snaptradeSyncMaxAgeMs). */
  snaptradeSyncTtlMs?: number;
  /** Budget per provider call during a sync (default 5 s). */
  providerTimeoutMs?: number;
  /** Smallest gap between intraday value snapshots of one user (default 5 minutes). */
  intradayGapMs?: number;
  /** SnapTrade bills connection refreshes: at most one per connection per this (default 5 minutes). */
  refreshCooldownMs?: number;
  /** Where browsers reach the service (portal redirect); default config.publicUrl, else the request's origin. */
  publicUrl?: () => string | undefined;
  now?: () => Date;
}

export interface PortfolioModuleDeps {
  config: Config;
  logger: Logger;
  db: Database;
  keyring: Keyring;
  brokers: PortfolioBrokers;
  /** Plaid's webhook verification keys; without them Plaid webhooks are refused (503). */
  plaidWebhookKeys?: PlaidWebhookKeySource | undefined;
  options?: PortfolioModuleOptions;
}

export interface PortfolioModule {
  service: PortfolioService;
  /** The same object as `service`, with the extra reads the routes use. */
  reader: PortfolioReader;
  linking: PortfolioLinking;
  webhooks: SnaptradeWebhookHandler;
  plaidWebhooks: PlaidWebhookHandler;
  /** Resolves once no sync is running or waiting to run (a refresh waits briefly for its burst). */
  idle(): Promise<void>;
  /** Waits for syncs in flight or waiting; the module holds no connections of its own. */
  close(): Promise<void>;
}

export function createPortfolioModule(deps: PortfolioModuleDeps): PortfolioModule {
  const { config, db, keyring, brokers } = deps;
  const logger = deps.logger.child({ module: "portfolio" });
  const options = deps.options ?? {};
  const now = options.now ?? (() => new Date());
  const providerTimeoutMs = options.providerTimeoutMs ?? 5_000;
  const publicUrl = options.publicUrl ?? (() => config.publicUrl);
  const pool = db.pool;
  const credentials = new CredentialsStore(keyring);

  const sync = new HoldingsSync({
    pool,
    brokers,
    credentials,
    logger,
    snaptradeInvestmentSync: config.features.snaptradeInvestmentSync,
    options: {
      ttlMs: options.syncTtlMs ?? 60_000,
      ttlMsByProvider: { snaptrade: options.snaptradeSyncTtlMs ?? config.snaptradeSyncMaxAgeMs },
      providerTimeoutMs,
    },
    now,
  });
  // The sessions need reconnect links and the SnapTrade linking needs the history: tie the knot lazily.
  let snaptradeLinking: SnaptradeLinking | undefined;
  const sessions = new AccountSessions(pool, brokers, credentials, (userId, connectionId) =>
    snaptradeLinking ? snaptradeLinking.reconnectUrl(userId, connectionId) : Promise.resolve(null),
  );
  const history = new PortfolioHistoryService({
    pool,
    sessions,
    logger,
    now,
    intradayGapMs: options.intradayGapMs ?? 5 * 60_000,
    providerTimeoutMs,
  });
  snaptradeLinking = new SnaptradeLinking({
    pool,
    client: brokers.snaptrade,
    credentials,
    sync,
    history,
    stateKey: keyring.derive("snaptrade-callback-state"),
    publicUrl,
    logger,
    now,
  });
  const keyLinking = new KeyLinking({
    pool,
    brokers,
    credentials,
    history,
    features: config.features,
    now,
    timeoutMs: providerTimeoutMs,
  });
  const linking = new PortfolioLinking(
    snaptradeLinking,
    keyLinking,
    { pool, client: brokers.snaptrade, credentials, snaptrade: snaptradeLinking, keys: keyLinking, logger },
    options.refreshCooldownMs ?? 5 * 60_000,
  );
  const reader = new PortfolioReader({
    pool,
    sync,
    sessions,
    history,
    features: config.features,
    now,
    providerTimeoutMs,
  });
  const webhooks = new SnaptradeWebhookHandler({
    pool,
    consumerKey: config.snaptrade?.consumerKey,
    credentials,
    sync,
    history,
    logger,
    now,
  });

  const plaidWebhooks = new PlaidWebhookHandler({
    pool,
    verifier: deps.plaidWebhookKeys ? new PlaidWebhookVerifier(deps.plaidWebhookKeys, now) : undefined,
    sync,
    logger,
  });

  return {
    service: reader,
    reader,
    linking,
    webhooks,
    plaidWebhooks,
    idle: () => sync.idle(),
    close: () => sync.idle(),
  };
}
