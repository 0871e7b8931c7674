import { randomBytes, randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { loadConfig } from "../../src/core/config.js";
import { migrate } from "../../src/core/db/migrate.js";
import { UnauthorizedError } from "../../src/core/errors.js";
import { createKeyring } from "../../src/core/secrets/keyring.js";
import type { PortfolioBrokers } from "../../src/portfolio/broker-clients.js";
import {
  createPortfolioModule,
  type PortfolioModule,
  type PortfolioModuleOptions,
} from "../../src/portfolio/index.js";
import { portfolioPublicApiPaths, portfolioRoutes } from "../../src/server/routes/portfolio/index.js";
import { buildTestApp, captureLogs } from "./app.js";
import type { TestDatabase } from "./databases.js";

/** Bearer tokens of the form `token-<userId>` name their user. */
export function tokenFor(userId: string): string {
  return `token-${userId}`;
}

export function newUserId(): string {
  return randomUUID();
}

/**
 * The portfolio module over a migrated test database, mounted in an HTTP app whose verifier
 * accepts `token-<uuid>`, and served on a loopback port (for redirects and raw bodies).
 */
export async function startPortfolioHarness(options: {
  db: TestDatabase;
  brokers: PortfolioBrokers;
  env?: Record<string, string>;
  moduleOptions?: PortfolioModuleOptions;
}) {
  await migrate(options.db.pool);
  const env = {
    SNAPTRADE_CLIENT_ID: "test-client",
    SNAPTRADE_CONSUMER_KEY: "test-consumer-key",
    SUPABASE_URL: "http://127.0.0.1:9",
    SUPABASE_ANON_KEY: "anon",
    ...options.env,
  };
  const logs = captureLogs();
  const config = loadConfig(env);
  const keyring = createKeyring(randomBytes(32));
  const portfolio = createPortfolioModule({
    config,
    logger: logs.logger,
    db: options.db,
    keyring,
    brokers: options.brokers,
    options: options.moduleOptions,
  });
  const withRoutes = buildTestApp({
    db: options.db,
    env,
    verifier: {
      verify: async (token) => {
        const match = /^token-([0-9a-f-]{36})$/.exec(token);
        if (!match) throw new UnauthorizedError("The access token is invalid.");
        return { id: match[1]!, email: undefined };
      },
    },
    app: {
      routes: [
        portfolioRoutes({
          reader: portfolio.reader,
          linking: portfolio.linking,
          webhooks: portfolio.webhooks,
          plaidWebhooks: portfolio.plaidWebhooks,
        }),
      ],
      publicApiPaths: [...portfolioPublicApiPaths],
    },
  });
  const server = await new Promise<{ url: string; close: () => Promise<void> }>((resolve) => {
    const running = serve(
      { fetch: withRoutes.app.fetch, port: 0, hostname: "127.0.0.1" },
      (info: AddressInfo) =>
        resolve({
          url: `http://127.0.0.1:${info.port}`,
          close: () => new Promise((done) => running.close(() => done())),
        }),
    );
  });
  const request = (userId: string | null, path: string, init: RequestInit = {}) =>
    fetch(`${server.url}${path}`, {
      ...init,
      redirect: "manual",
      headers: {
        "content-type": "application/json",
        ...(userId ? { authorization: `Bearer ${tokenFor(userId)}` } : {}),
        ...(init.headers as Record<string, string> | undefined),
      },
    });
  return {
    portfolio,
    /** What the module was built with, to build a second module over the same data. */
    config,
    keyring,
    app: withRoutes.app,
    /** The portfolio module's log lines (the app's request log is separate). */
    logs,
    /** The app's own log lines (request log, error handler). */
    appLogs: withRoutes.logs,
    url: server.url,
    request,
    async close() {
      await portfolio.close();
      await server.close();
    },
  };
}

/** Links a SnapTrade user through the module as the portal would: connection URL, then the callback's state. */
export async function linkFakeSnaptrade(
  portfolio: PortfolioModule,
  loginRequests: Array<{ customRedirect: string }>,
  userId: string,
): Promise<void> {
  await portfolio.linking.connectionUrl(userId, {}, "http://127.0.0.1");
  const redirect = loginRequests.at(-1)?.customRedirect;
  if (!redirect) throw new Error("no portal login was requested");
  await portfolio.linking.completeCallback(new URL(redirect).searchParams.get("state") ?? undefined);
}
