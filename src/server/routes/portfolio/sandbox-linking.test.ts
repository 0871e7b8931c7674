import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import {
  DEFAULT_PLAID_CLIENT_ID,
  DEFAULT_PLAID_SECRET,
  DEFAULT_SNAPTRADE_CLIENT_ID,
  DEFAULT_SNAPTRADE_CONSUMER_KEY,
  DEFAULT_SUPABASE_ANON_KEY,
  type RunningSandbox,
  startSandbox,
} from "../../../../sandbox/index.js";
import { openTestPglite, type TestDatabase } from "../../../../test/helpers/databases.js";
import { startPortfolioHarness } from "../../../../test/helpers/portfolio-module.js";
import { createBrokerClients } from "../../../brokers/clients.js";
import { loadConfig } from "../../../core/config.js";
import { createLogger } from "../../../core/logger.js";

/** Linking end to end over HTTP, with the real broker adapters talking to the broker sandbox. */
describe("linking against the broker sandbox", () => {
  let sandbox: RunningSandbox;
  let db: TestDatabase;
  let harness: Awaited<ReturnType<typeof startPortfolioHarness>>;
  let brokers: ReturnType<typeof createBrokerClients>;

  const admin = async (path: string, body: unknown) => {
    const res = await fetch(`${sandbox.url}/__sandbox/${path}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    expect(res.status).toBeLessThan(300);
    return res.json();
  };

  const seedUser = async (id: string) =>
    (
      await admin("seed", {
        users: [
          {
            id,
            snaptrade: {
              connections: [
                {
                  brokerage: "Charles Schwab",
                  type: "trade",
                  accounts: [
                    {
                      name: "Individual",
                      number: "58321234",
                      cash: 1000,
                      positions: [{ symbol: "AAPL", units: 10 }],
                    },
                  ],
                },
                {
                  brokerage: "Fidelity",
                  type: "read",
                  accounts: [
                    {
                      name: "Fidelity Individual",
                      number: "Z2345",
                      cash: 500,
                      positions: [{ symbol: "MSFT", units: 4 }],
                    },
                  ],
                },
              ],
            },
            alpaca: { cash: 2000, positions: [{ symbol: "AAPL", units: 5 }] },
            plaid: {
              institution: "Charles Schwab",
              accounts: [
                { name: "Schwab via Plaid", number: "58321234", positions: [{ symbol: "AAPL", units: 10 }] },
              ],
            },
          },
        ],
      })
    ).users[0];

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0 });
    const env = {
      SNAPTRADE_CLIENT_ID: DEFAULT_SNAPTRADE_CLIENT_ID,
      SNAPTRADE_CONSUMER_KEY: DEFAULT_SNAPTRADE_CONSUMER_KEY,
      SNAPTRADE_BASE_URL: `${sandbox.url}/snaptrade`,
      ALPACA_TRADING_BASE_URL: sandbox.url,
      ALPACA_DATA_BASE_URL: sandbox.url,
      PLAID_CLIENT_ID: DEFAULT_PLAID_CLIENT_ID,
      PLAID_SECRET: DEFAULT_PLAID_SECRET,
      PLAID_BASE_URL: sandbox.url,
      SUPABASE_URL: sandbox.url,
      SUPABASE_ANON_KEY: DEFAULT_SUPABASE_ANON_KEY,
    };
    brokers = createBrokerClients(loadConfig(env), createLogger({ level: "silent" }), {
      readRetry: { attempts: 1, baseDelayMs: 10, maxDelayMs: 10 },
    });
    db = await openTestPglite();
    harness = await startPortfolioHarness({ db, brokers, env, moduleOptions: { providerTimeoutMs: 3_000 } });
  });
  afterAll(async () => {
    await harness?.close();
    await db?.close();
    await sandbox?.close();
  });

  it("portal URL with a bearer token, the portal, the callback: accounts, holdings and mode appear", async () => {
    const userId = randomUUID();
    await seedUser(userId);
    const urlRes = await harness.request(userId, "/api/snaptrade/connection-url", {
      method: "POST",
      body: "{}",
    });
    expect(urlRes.status).toBe(200);
    const { redirectUrl } = await urlRes.json();
    // The user presses Connect in the portal (a form POST), which redirects to our callback.
    const portal = await fetch(redirectUrl, { method: "POST", redirect: "manual" });
    expect(portal.status).toBe(302);
    const callback = new URL(portal.headers.get("location")!);
    expect(callback.origin).toBe(harness.url);
    const back = await harness.request(null, `${callback.pathname}${callback.search}`);
    expect(back.status).toBe(302);
    expect(back.headers.get("location")).toMatch(/^\/\?linked=snaptrade/);

    const accounts = (await (await harness.request(userId, "/api/accounts")).json()).accounts;
    expect(
      accounts.map((a: { institution: string; canTrade: boolean }) => [a.institution, a.canTrade]).sort(),
    ).toEqual([
      ["Charles Schwab", true],
      ["Fidelity", false],
    ]);
    const holdings = await (await harness.request(userId, "/api/holdings")).json();
    expect(holdings.warnings).toEqual([]);
    expect(
      holdings.positions.map((p: { symbol: string; quantity: number }) => [p.symbol, p.quantity]).sort(),
    ).toEqual([
      ["AAPL", 10],
      ["MSFT", 4],
    ]);
    const mode = await (await harness.request(userId, "/api/portfolio/mode")).json();
    expect(mode).toMatchObject({ mode: "aggregation", hasSnaptrade: true, hasAlpaca: false });
    expect(mode.tradingAccounts).toHaveLength(1);
    // Another user sees none of it.
    expect((await (await harness.request(randomUUID(), "/api/holdings")).json()).positions).toEqual([]);
  });

  it("links a seeded user server-side, idempotently, with Alpaca, Plaid de-duplicated", async () => {
    const userId = randomUUID();
    const seeded = await seedUser(userId);
    await harness.portfolio.linking.linkSandboxUser(userId, seeded);
    await harness.portfolio.linking.linkSandboxUser(userId, seeded);
    const count = await db.pool.query<{ provider: string; n: number }>(
      "select provider, count(*)::int as n from user_investment_accounts where user_id = $1 group by provider order by provider",
      [userId],
    );
    expect(count.rows).toEqual([
      { provider: "alpaca", n: 1 },
      { provider: "plaid", n: 1 },
      { provider: "snaptrade", n: 2 },
    ]);
    const holdings = await harness.portfolio.service.getHoldings(userId);
    // AAPL: 10 at Schwab (SnapTrade), and apart 5 at Alpaca paper; the Plaid copy of Schwab is skipped.
    expect(holdings.positions.filter((p) => p.symbol === "AAPL").map((p) => [p.isPaper, p.quantity])).toEqual(
      [
        [false, 10],
        [true, 5],
      ],
    );
    expect(holdings.accounts.some((a) => a.provider === "plaid")).toBe(false);
    expect((await harness.portfolio.service.portfolioMode(userId)).mode).toBe("hybrid");
  });

  it("re-linking at every start does not exchange the spent Plaid public token again", async () => {
    const userId = randomUUID();
    const seeded = await seedUser(userId);
    // What the service passes at start-up: the demo's public token, without the item id.
    const atStart = { plaid: { publicToken: seeded.plaid.publicToken } };
    const exchange = vi.spyOn(brokers.plaid!, "exchangePublicToken");
    try {
      await harness.portfolio.linking.linkSandboxUser(userId, atStart);
      await harness.portfolio.linking.linkSandboxUser(userId, atStart);
      expect(exchange).toHaveBeenCalledTimes(1);
    } finally {
      exchange.mockRestore();
    }
    const accounts = await harness.portfolio.service.listAccounts(userId);
    expect(accounts.filter((a) => a.provider === "plaid")).toHaveLength(1);
  });

  it("serves last good data with a warning when the sandbox fails positions, and marks disabled connections", async () => {
    const userId = randomUUID();
    await harness.portfolio.linking.linkSandboxUser(userId, await seedUser(userId));
    await admin("faults", { target: "snaptrade.positions", mode: "error500", count: 5 });
    await harness.portfolio.linking.refresh(userId);
    const stale = await harness.portfolio.service.getHoldings(userId);
    expect(stale.positions.find((p) => p.symbol === "MSFT")?.quantity).toBe(4);
    expect(stale.warnings.filter((w) => w.provider === "snaptrade").length).toBeGreaterThan(0);
    await fetch(`${sandbox.url}/__sandbox/faults`, { method: "DELETE" });

    await admin("faults", { target: "snaptrade.positions", mode: "connectionDisabled", count: 5 });
    await harness.portfolio.linking.refresh(userId);
    const disabled = await harness.portfolio.service.getHoldings(userId);
    expect(
      disabled.accounts.some((a) => a.provider === "snaptrade" && a.connectionStatus === "disabled"),
    ).toBe(true);
    expect(disabled.warnings.map((w) => w.message).join(" ")).toMatch(/reconnect/);
    await fetch(`${sandbox.url}/__sandbox/faults`, { method: "DELETE" });
  });
});
