import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DEFAULT_SNAPTRADE_CLIENT_ID,
  DEFAULT_SNAPTRADE_CONSUMER_KEY,
  DEFAULT_SUPABASE_ANON_KEY,
  type RunningSandbox,
  startSandbox,
} from "../../../sandbox/index.js";
import { openTestPglite, type TestDatabase } from "../../../test/helpers/databases.js";
import { startPortfolioHarness } from "../../../test/helpers/portfolio-module.js";
import { createBrokerClients } from "../../brokers/clients.js";
import { loadConfig } from "../../core/config.js";
import { createLogger } from "../../core/logger.js";

/**
 * What a sync costs at SnapTrade, counted by the sandbox per operation, with the real SDK:
 * a stale refresh and a holdings webhook ask only for what changed, never the account list.
 */
describe("SnapTrade sync broker calls", () => {
  let sandbox: RunningSandbox;
  let db: TestDatabase;
  let harness: Awaited<ReturnType<typeof startPortfolioHarness>>;
  let clock = Date.now();
  const userId = randomUUID();
  const ttlMs = 60_000;
  const snaptradeMaxAgeMs = 24 * 60 * 60_000;

  const admin = async <T>(path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${sandbox.url}/__sandbox/${path}`, {
      method: body === undefined ? "GET" : "POST",
      headers: { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    expect(res.status).toBeLessThan(300);
    return (await res.json()) as T;
  };
  const snaptradeCalls = async () => {
    const stats = await admin<{ providers: Record<string, { operations: Record<string, number> }> }>("stats");
    return stats.providers.snaptrade?.operations ?? {};
  };
  const waitForDeliveries = async (count: number) => {
    for (let i = 0; i < 100; i++) {
      const { deliveries } = await admin<{ deliveries: unknown[] }>("webhooks");
      if (deliveries.length >= count) return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error("the sandbox did not deliver the webhook");
  };

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, priceTickMs: 0 });
    const env = {
      SNAPTRADE_CLIENT_ID: DEFAULT_SNAPTRADE_CLIENT_ID,
      SNAPTRADE_CONSUMER_KEY: DEFAULT_SNAPTRADE_CONSUMER_KEY,
      SNAPTRADE_BASE_URL: `${sandbox.url}/snaptrade`,
      ALPACA_TRADING_BASE_URL: sandbox.url,
      ALPACA_DATA_BASE_URL: sandbox.url,
      SUPABASE_URL: sandbox.url,
      SUPABASE_ANON_KEY: DEFAULT_SUPABASE_ANON_KEY,
    };
    const brokers = createBrokerClients(loadConfig(env), createLogger({ level: "silent" }), {
      readRetry: { attempts: 1, baseDelayMs: 10, maxDelayMs: 10 },
    });
    db = await openTestPglite();
    harness = await startPortfolioHarness({
      db,
      brokers,
      env,
      moduleOptions: {
        providerTimeoutMs: 3_000,
        syncTtlMs: ttlMs,
        snaptradeSyncTtlMs: snaptradeMaxAgeMs,
        now: () => new Date(clock),
      },
    });
    await admin("seed", {
      users: [
        {
          id: userId,
          history: false,
          snaptrade: {
            connections: [
              {
                brokerage: "Charles Schwab",
                type: "trade",
                accounts: [
                  { name: "Individual", cash: 1000, positions: [{ symbol: "AAPL", units: 10 }] },
                  { name: "Roth IRA", cash: 200, positions: [{ symbol: "VOO", units: 2 }] },
                ],
              },
              {
                brokerage: "Fidelity",
                type: "read",
                accounts: [{ name: "Brokerage", cash: 50, positions: [{ symbol: "MSFT", units: 4 }] }],
              },
            ],
          },
        },
      ],
    });
    const { redirectUrl } = await (
      await harness.request(userId, "/api/snaptrade/connection-url", { method: "POST", body: "{}" })
    ).json();
    const portal = await fetch(redirectUrl, { method: "POST", redirect: "manual" });
    const callback = new URL(portal.headers.get("location")!);
    expect((await harness.request(null, `${callback.pathname}${callback.search}`)).status).toBe(302);
  });
  afterAll(async () => {
    await harness?.close();
    await db?.close();
    await sandbox?.close();
  });

  it("past the short TTL, SnapTrade holdings are served from the database with their as-of time", async () => {
    const before = await (await harness.request(userId, "/api/accounts")).json();
    await admin("stats/reset", {});
    clock += ttlMs + 1_000;
    const holdings = await (await harness.request(userId, "/api/holdings")).json();
    expect(holdings.positions.length).toBeGreaterThan(0);
    expect(await snaptradeCalls()).toEqual({});
    const after = await (await harness.request(userId, "/api/accounts")).json();
    expect(after.accounts.map((a: { syncedAt: string }) => a.syncedAt)).toEqual(
      before.accounts.map((a: { syncedAt: string }) => a.syncedAt),
    );
  });

  it("past SnapTrade's own age limit, a refresh asks each known account for its balances and positions only, and totals stay true", async () => {
    const before = await (await harness.request(userId, "/api/accounts")).json();
    await admin("stats/reset", {});
    clock += snaptradeMaxAgeMs + 1_000;
    const holdings = await (await harness.request(userId, "/api/holdings")).json();
    // No failure; only the brokerages' own as-of, now a day behind this test's clock, is said.
    expect(holdings.warnings.filter((w: { kind?: string }) => w.kind !== "as_of")).toEqual([]);
    expect(await snaptradeCalls()).toEqual({ balances: 3, positions: 3 });
    const after = await (await harness.request(userId, "/api/accounts")).json();
    const totals = (list: { accounts: Array<{ id: string; totalValue: number; canTrade: boolean }> }) =>
      list.accounts.map((a) => [a.id, a.totalValue, a.canTrade]).sort();
    expect(totals(after)).toEqual(totals(before));
  });

  it("a holdings webhook refreshes that one account with two calls", async () => {
    const [account] = (await (await harness.request(userId, "/api/accounts")).json()).accounts as Array<{
      id: string;
    }>;
    // The webhook's signature window is checked against our clock: bring it back to the sandbox's.
    clock = Date.now();
    await admin("config", { snaptradeWebhookUrl: `${harness.url}/api/snaptrade/webhook` });
    await admin("stats/reset", {});
    await admin("webhooks/snaptrade", {
      userId,
      eventType: "ACCOUNT_HOLDINGS_UPDATED",
      accountId: account!.id.replace(/^snaptrade_/, ""),
    });
    await waitForDeliveries(1);
    // The delivery is answered once counted; the account is read after it.
    await harness.portfolio.idle();
    expect(await snaptradeCalls()).toEqual({ balances: 1, positions: 1 });
  });

  it("an account's refresh reads its rows in one statement and stores its positions in one, after its row", async () => {
    const [account] = (await (await harness.request(userId, "/api/accounts")).json()).accounts as Array<{
      id: string;
    }>;
    const { tally } = await db.queries.measure(async () => {
      await harness.portfolio.reader.refreshAccount(userId, account!.id);
      await harness.portfolio.idle();
    });
    const writes = tally.statements
      .map((s) => s.text)
      .filter((text) => /^(begin|commit)\b|insert into user_investment_accounts|account_positions/.test(text))
      .filter((text) => !text.startsWith("select"));
    expect(writes.map((text) => text.split(" ").slice(0, 3).join(" "))).toEqual([
      "begin",
      "insert into user_investment_accounts",
      "with sold_out as",
      "commit",
    ]);
    // The refresh owed is counted, then the accounts and the credentials are read together, then stored.
    expect(tally.statements).toHaveLength(6);
    const stored = await db.pool.query<{ symbol: string }>(
      "select symbol from account_positions where account_id = $1",
      [account!.id],
    );
    expect(stored.rows.map((r) => r.symbol)).toEqual(["AAPL"]);
  });

  it("a burst of refreshes of one account (our post-trade refreshes, the broker's events) fetches it once, not once each", async () => {
    const [account] = (await (await harness.request(userId, "/api/accounts")).json()).accounts as Array<{
      id: string;
    }>;
    await admin("stats/reset", {});
    await Promise.all(
      Array.from({ length: 4 }, () => harness.portfolio.reader.refreshAccount(userId, account!.id)),
    );
    await harness.portfolio.idle();
    expect(await snaptradeCalls()).toEqual({ balances: 1, positions: 1 });
    // A refresh asked for after the burst has settled fetches again.
    await admin("stats/reset", {});
    await harness.portfolio.reader.refreshAccount(userId, account!.id);
    await harness.portfolio.idle();
    expect(await snaptradeCalls()).toEqual({ balances: 1, positions: 1 });
  });
});
