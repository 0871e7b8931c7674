import { createHash } from "node:crypto";
import { marketData, OrdersApi, trading } from "@alpacahq/alpaca-trade-api/rest";
import type { Logger } from "../../core/logger.js";
import type { ReadRetryPolicy } from "../retry.js";
import type { TradingSession } from "../session.js";
import { AlpacaAssetDirectory } from "./asset-search.js";
import { AlpacaCalls } from "./calls.js";
import { LruCache } from "./client-cache.js";
import { AlpacaSession } from "./session.js";

export interface AlpacaCredentials {
  keyId: string;
  secret: string;
  paper: boolean;
}

export interface AlpacaSettings {
  /** The sandbox; Alpaca's paper or live host (by `paper`) when undefined. */
  tradingBaseUrl: string | undefined;
  dataBaseUrl: string | undefined;
}

export interface AlpacaCallSettings {
  timeoutMs: number;
  orderTimeoutMs: number;
  readRetry: ReadRetryPolicy;
  /** Key pairs whose SDK clients stay built. */
  cacheSize: number;
}

/** The SDK APIs one key pair uses. */
export interface AlpacaApis {
  account: trading.AccountsApi;
  positions: trading.PositionsApi;
  activities: trading.AccountActivitiesApi;
  assets: trading.AssetsApi;
  /** Reads and cancels. */
  orders: OrdersApi;
  /** POST /v2/orders only, with the (longer) order timeout. */
  orderSending: OrdersApi;
  stocks: marketData.StockApi;
}

export interface AlpacaClient {
  session(credentials: AlpacaCredentials): TradingSession;
}

/**
 * The lower-level SDK classes with an explicit basePath: the facade has no base-URL option.
 * Retry and the client-side rate limiter stay off (they are off unless configured here):
 * reads retry in AlpacaCalls, and order POSTs must never be replayed.
 */
function buildApis(
  credentials: AlpacaCredentials,
  settings: AlpacaSettings,
  calls: AlpacaCallSettings,
): AlpacaApis {
  const keys = { keyId: credentials.keyId, secret: credentials.secret };
  const tradingConfig = (timeoutMs: number) =>
    new trading.Configuration({
      ...keys,
      paper: credentials.paper,
      basePath: settings.tradingBaseUrl,
      timeoutMs,
    });
  const reads = tradingConfig(calls.timeoutMs);
  return {
    account: new trading.AccountsApi(reads),
    positions: new trading.PositionsApi(reads),
    activities: new trading.AccountActivitiesApi(reads),
    assets: new trading.AssetsApi(reads),
    orders: new OrdersApi(reads),
    orderSending: new OrdersApi(tradingConfig(calls.orderTimeoutMs)),
    stocks: new marketData.StockApi(
      new marketData.Configuration({ ...keys, basePath: settings.dataBaseUrl, timeoutMs: calls.timeoutMs }),
    ),
  };
}

/** SDK clients are cached per key pair (a rotated secret gets a fresh client), never built per request. */
export function createAlpacaClient(
  settings: AlpacaSettings,
  calls: AlpacaCallSettings,
  logger: Logger,
  now: () => Date,
): AlpacaClient {
  const cache = new LruCache<AlpacaApis>(calls.cacheSize);
  const alpacaCalls = new AlpacaCalls(calls.readRetry, logger);
  const assets = new AlpacaAssetDirectory(alpacaCalls, now);
  return {
    session(credentials) {
      const secretDigest = createHash("sha256").update(credentials.secret).digest("hex");
      const key = `${credentials.paper ? "paper" : "live"}:${credentials.keyId}:${secretDigest}`;
      const apis = cache.getOrCreate(key, () => buildApis(credentials, settings, calls));
      return new AlpacaSession(apis, alpacaCalls, credentials.paper, now, assets);
    },
  };
}
