import type { Config } from "../core/config.js";
import type { Logger } from "../core/logger.js";
import { type AlpacaClient, createAlpacaClient } from "./alpaca/client.js";
import { createPlaidClient, type PlaidClient } from "./plaid/client.js";
import type { RateBudget } from "./rate-budget.js";
import { defaultReadRetry, type ReadRetryPolicy } from "./retry.js";
import { createSnaptradeClient, type SnaptradeClient } from "./snaptrade/client.js";

export interface BrokerClientOptions {
  /** Per request, reads and non-order writes. */
  timeoutMs?: number;
  /**
   * Order sends: short, so an approval never hangs on a silent broker (past it the order is
   * `unknown` and the reconciler settles it). At SnapTrade it bounds the SDK call as a whole.
   */
  orderTimeoutMs?: number;
  readRetry?: ReadRetryPolicy;
  /** Shared request budgets per vendor credential (SnapTrade's client id); none when absent. */
  rateBudget?: RateBudget;
  /** Alpaca key pairs whose SDK clients stay built. */
  alpacaCacheSize?: number;
  now?: () => Date;
}

export interface BrokerClients {
  /** Absent without SnapTrade credentials. */
  snaptrade?: SnaptradeClient;
  /** Always there: Alpaca keys are per user. */
  alpaca: AlpacaClient;
  /** Absent without Plaid credentials. */
  plaid?: PlaidClient;
}

/**
 * Builds the SDK clients once; call it once per process and share the result. Bounds come from
 * the options, else the configuration, else the configuration's own defaults.
 */
export function createBrokerClients(
  config: Pick<Config, "snaptrade" | "alpaca" | "plaid"> & Partial<Pick<Config, "brokerCalls">>,
  logger: Logger,
  options: BrokerClientOptions = {},
): BrokerClients {
  const timeoutMs = options.timeoutMs ?? config.brokerCalls?.timeoutMs ?? 10_000;
  const orderTimeoutMs = options.orderTimeoutMs ?? config.brokerCalls?.orderDeadlineMs ?? 5_000;
  const readRetry = options.readRetry ?? defaultReadRetry;
  const now = options.now ?? (() => new Date());
  return {
    snaptrade: config.snaptrade
      ? createSnaptradeClient(
          config.snaptrade,
          {
            timeoutMs,
            orderTimeoutMs,
            readRetry,
            budget: options.rateBudget && {
              budget: options.rateBudget,
              credential: `snaptrade:${config.snaptrade.clientId}`,
            },
          },
          logger,
          now,
        )
      : undefined,
    alpaca: createAlpacaClient(
      config.alpaca,
      { timeoutMs, orderTimeoutMs, readRetry, cacheSize: options.alpacaCacheSize ?? 100 },
      logger,
      now,
    ),
    plaid: config.plaid ? createPlaidClient(config.plaid, { timeoutMs, readRetry }, logger, now) : undefined,
  };
}
