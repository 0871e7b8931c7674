import { randomBytes } from "node:crypto";
import {
  DEMO_EMAIL,
  DEMO_PASSWORD,
  DEMO_USER_ID,
  instantFills,
  type VendorBehaviour,
} from "../../sandbox/index.js";
import { loadConfig } from "../../src/core/config.js";
import { createLogger } from "../../src/core/logger.js";
import { type RunningService, type ServiceOptions, startService } from "../../src/service.js";
import { createTestPostgresDatabase } from "./databases.js";
import { pgliteTemplate } from "./pglite-template.js";

export interface SandboxOrder {
  id: string;
  provider: string;
  accountId: string;
  symbol: string;
  side: string;
  quantity: number | null;
  notional: number | null;
  clientOrderId: string | null;
  status: string;
  filledAvgPrice: number | null;
}

export interface TestService {
  service: RunningService;
  url: string;
  sandboxUrl: string;
  demoUserId: string;
  /** POST (or GET without body) to the sandbox admin API. */
  admin<T = unknown>(path: string, body?: unknown): Promise<T>;
  sandboxOrders(): Promise<SandboxOrder[]>;
  /** A Supabase-shaped access token from the sandbox's auth. */
  signIn(email?: string, password?: string): Promise<string>;
  /** fetch against the service with a bearer token. */
  api(
    token: string,
    path: string,
    init?: { method?: string; body?: unknown; headers?: Record<string, string> },
  ): Promise<Response>;
  /**
   * Resolves once the sandbox has sent no webhook for `quietMs` and no account refresh the events
   * asked for runs or waits: what a request then does is its own.
   */
  settled(quietMs?: number): Promise<void>;
  close(): Promise<void>;
}

export interface TestServiceOptions {
  env?: Record<string, string>;
  /** Keep the database (and the sandbox's world) in this directory, to survive a restart. */
  dataDir?: string;
  backend?: "pglite" | "postgres";
  service?: Partial<Omit<ServiceOptions, "config" | "logger">>;
  /**
   * The sandbox's vendor habits. Default `instantFills`: the service tests were written for
   * orders that fill inside their POST; a test of delayed fills passes `{}` (the vendors' defaults).
   */
  sandboxBehaviour?: Partial<VendorBehaviour>;
}

/** The whole service in-process on its embedded default (sandbox + demo user), database in memory. */
export async function startTestService(options: TestServiceOptions = {}): Promise<TestService> {
  let database: { url: string; drop(): Promise<void> } | undefined;
  const env: Record<string, string> = {
    PORT: "0",
    LOG_LEVEL: "silent",
    ...(options.dataDir ? { DATA_DIR: options.dataDir } : {}),
    ...options.env,
  };
  if (options.backend === "postgres") {
    database = await createTestPostgresDatabase();
    env.DATABASE_URL = database.url;
    env.ENCRYPTION_KEY = randomBytes(32).toString("base64");
  }
  const service = await startService({
    config: loadConfig(env),
    logger: createLogger({ level: "silent" }),
    inMemoryDatabase: !options.dataDir,
    databaseTemplate: pgliteTemplate(),
    reconciler: false,
    brokers: {
      // Short so fault tests finish fast; a mutation run on a loaded machine asks for longer.
      timeoutMs: Number(process.env.TEST_BROKER_TIMEOUT_MS ?? 2_000),
      orderTimeoutMs: Number(process.env.TEST_ORDER_TIMEOUT_MS ?? 1_500),
      readRetry: { attempts: 1, baseDelayMs: 10, maxDelayMs: 50 },
    },
    ...options.service,
  });
  const sandboxUrl = service.sandbox!.url;
  const admin = async <T>(path: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${sandboxUrl}${path}`, {
      method: body === undefined ? "GET" : "POST",
      headers: { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok)
      throw new Error(`sandbox ${path} answered ${response.status}: ${await response.text()}`);
    return (await response.json()) as T;
  };
  await admin("/__sandbox/config", { behaviour: options.sandboxBehaviour ?? instantFills });
  return {
    service,
    url: service.url,
    sandboxUrl,
    demoUserId: DEMO_USER_ID,
    admin,
    sandboxOrders: async () => (await admin<{ orders: SandboxOrder[] }>("/__sandbox/orders")).orders,
    async signIn(email = DEMO_EMAIL, password = DEMO_PASSWORD) {
      const response = await fetch(`${sandboxUrl}/auth/v1/token?grant_type=password`, {
        method: "POST",
        headers: { "content-type": "application/json", apikey: "sandbox-anon-key" },
        body: JSON.stringify({ email, password }),
      });
      if (!response.ok) throw new Error(`sign-in failed: ${response.status}`);
      return ((await response.json()) as { access_token: string }).access_token;
    },
    api(token, path, init = {}) {
      return fetch(`${service.url}${path}`, {
        method: init.method ?? (init.body === undefined ? "GET" : "POST"),
        headers: {
          authorization: `Bearer ${token}`,
          ...(init.body === undefined ? {} : { "content-type": "application/json" }),
          ...init.headers,
        },
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
      });
    },
    async settled(quietMs = 300) {
      let seen = -1;
      for (;;) {
        const { deliveries } = await admin<{ deliveries: unknown[] }>("/__sandbox/webhooks");
        if (deliveries.length === seen) break;
        seen = deliveries.length;
        await new Promise((resolve) => setTimeout(resolve, quietMs));
      }
      await service.portfolio.idle();
    },
    async close() {
      await service.close();
      await database?.drop();
    },
  };
}

/** Sandbox users other tests may seed: returns the seed answer for linking. */
export const uniqueEmail = (tag: string) => `${tag}-${randomBytes(4).toString("hex")}@example.com`;
