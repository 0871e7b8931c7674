import {
  DEFAULT_PLAID_CLIENT_ID,
  DEFAULT_PLAID_SECRET,
  DEFAULT_SNAPTRADE_CLIENT_ID,
  DEFAULT_SNAPTRADE_CONSUMER_KEY,
  type FaultMode,
  type SeedInput,
  type SeedResultUser,
  type StartSandboxOptions,
  startSandbox,
} from "../../../sandbox/index.js";
import type { ReadRetryPolicy } from "../../../src/brokers/retry.js";
import { createLogger } from "../../../src/core/logger.js";

/** One order as the sandbox's admin log records it. */
export interface RecordedOrder {
  provider: string;
  accountId: string;
  symbol: string;
  side: string;
  quantity: number | null;
  notional: number | null;
  clientOrderId: string | null;
  status: string;
}

export interface TestCallSettings {
  timeoutMs: number;
  orderTimeoutMs: number;
  readRetry: ReadRetryPolicy;
}

/**
 * Bounds loose enough for a busy CI machine; no read retry unless a test asks for it. Fault
 * tests that wait for a timeout use `impatient` on the faulted call only.
 */
export function testCalls(overrides: Partial<TestCallSettings> = {}): TestCallSettings {
  return {
    timeoutMs: 3_000,
    orderTimeoutMs: 3_000,
    readRetry: { attempts: 1, baseDelayMs: 10, maxDelayMs: 50 },
    ...overrides,
  };
}

export const impatient: Partial<TestCallSettings> = { timeoutMs: 500, orderTimeoutMs: 500 };

export const silentLogger = createLogger({ level: "silent" });

/**
 * The broker sandbox on a free loopback port and the settings that point the adapters at it
 * the way the service does (tests only). Each test file builds only its provider's client:
 * loading all three SDKs costs seconds per file.
 */
export async function startBrokerSandbox(options: StartSandboxOptions = {}) {
  const sandbox = await startSandbox({
    port: 0,
    priceTickMs: 0,
    partialFillDelayMs: 50,
    faultHoldMs: 3_000,
    ...options,
  });
  const config = {
    snaptrade: {
      clientId: DEFAULT_SNAPTRADE_CLIENT_ID,
      consumerKey: DEFAULT_SNAPTRADE_CONSUMER_KEY,
      baseUrl: `${sandbox.url}/snaptrade`,
    },
    alpaca: { tradingBaseUrl: sandbox.url, dataBaseUrl: sandbox.url },
    plaid: { clientId: DEFAULT_PLAID_CLIENT_ID, secret: DEFAULT_PLAID_SECRET, baseUrl: sandbox.url },
  };

  async function admin<T>(path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${sandbox.url}/__sandbox${path}`, {
      method: body === undefined ? "GET" : "POST",
      headers: { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok)
      throw new Error(`sandbox ${path} answered ${response.status}: ${await response.text()}`);
    return (await response.json()) as T;
  }

  return {
    url: sandbox.url,
    config,
    async seed(input: SeedInput): Promise<SeedResultUser[]> {
      return (await admin<{ users: SeedResultUser[] }>("/seed", input)).users;
    },
    fault(target: string, mode: FaultMode, count = 1) {
      return admin("/faults", { target, mode, count });
    },
    clearFaults: () => fetch(`${sandbox.url}/__sandbox/faults`, { method: "DELETE" }),
    /** POST to any admin route (`/config`, `/orders/:id/vendor-status`, ...). */
    admin: <T = unknown>(path: string, body: unknown) => admin<T>(path, body),
    async orders(provider?: string): Promise<RecordedOrder[]> {
      const { orders } = await admin<{ orders: RecordedOrder[] }>(
        `/orders${provider ? `?provider=${provider}` : ""}`,
      );
      return orders;
    },
    /** Requests the sandbox received for one operation, e.g. ("snaptrade", "placeOrder"). */
    async requestCount(provider: string, operation: string): Promise<number> {
      const stats = await admin<{ providers: Record<string, { operations: Record<string, number> }> }>(
        "/stats",
      );
      return stats.providers[provider]?.operations[operation] ?? 0;
    },
    close: () => sandbox.close(),
  };
}

export type BrokerSandbox = Awaited<ReturnType<typeof startBrokerSandbox>>;
