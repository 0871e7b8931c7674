import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningSandbox } from "./server.js";
import { alpacaApis } from "./testing/alpaca-client.js";
import { admin, registerAndConnect, startTestSandbox } from "./testing/harness.js";
import { snaptradeClient } from "./testing/snaptrade-client.js";
import { supabaseClient } from "./testing/supabase-client.js";

let sandbox: RunningSandbox;

const json = async <T>(response: Response | Promise<Response>) => (await (await response).json()) as T;

beforeAll(async () => {
  sandbox = await startTestSandbox({ demo: true });
});
afterAll(() => sandbox.close());

describe("admin API", () => {
  it("seeds a user the code has never seen, usable by every provider", async () => {
    const userId = "d9b2d3c4-1234-4abc-9def-0123456789ab";
    const seeded = await json<{
      users: { id: string; alpaca: { keyId: string; secret: string }; plaid: { publicToken: string } }[];
    }>(
      admin(sandbox, "/seed", {
        users: [
          {
            id: userId,
            email: "new@example.com",
            password: "new-password",
            snaptrade: {
              connections: [
                {
                  brokerage: "Webull",
                  type: "trade",
                  accounts: [
                    {
                      name: "Margin",
                      number: "12345678",
                      cash: 900,
                      positions: [{ symbol: "QQQ", units: 3, avgPrice: 400 }],
                    },
                  ],
                },
              ],
            },
            alpaca: { cash: 1000, positions: [{ symbol: "SPY", units: 1 }] },
            plaid: {
              institution: "Schwab 401k",
              accounts: [{ name: "401(k)", positions: [{ symbol: "VTI", units: 2 }] }],
            },
          },
        ],
      }),
    );
    const user = seeded.users[0];
    expect(user?.id).toBe(userId);
    expect(user?.alpaca.keyId).toMatch(/^PK/);
    expect(user?.plaid.publicToken).toMatch(/^public-sandbox-/);

    const session = await supabaseClient(sandbox.url).auth.signInWithPassword({
      email: "new@example.com",
      password: "new-password",
    });
    expect(session.data.user?.id).toBe(userId);
    const account = await alpacaApis(
      sandbox.url,
      user?.alpaca ?? { keyId: "", secret: "" },
    ).accounts.getAccount();
    expect(account.cash).toBe("1000.00");
    const client = snaptradeClient(sandbox.url);
    const { userSecret } = await registerAndConnect(client, userId);
    const { data } = await client.accountInformation.listUserAccounts({ userId, userSecret });
    expect(data.map((a) => [a.institution_name, a.name])).toEqual([["Webull", "Margin"]]);

    const inspected = await json<{ accounts: unknown[]; snaptradeRegistered: boolean }>(
      admin(sandbox, `/users/${userId}`),
    );
    expect(inspected.accounts).toHaveLength(3);
    expect(inspected.snaptradeRegistered).toBe(true);
  });

  it("refuses invalid seeds with a clear 400", async () => {
    const unknown = await admin(sandbox, "/seed", {
      users: [{ alpaca: { cash: 1, positions: [{ symbol: "NOPE", units: 1 }] } }],
    });
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toEqual({
      error: { code: "invalid_request", message: "unknown symbol(s): NOPE" },
    });
    const malformed = await admin(sandbox, "/seed", { users: [{ alpaca: { cash: "lots" } }] });
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as { error: { message: string } }).error.message).toContain("cash");
  });

  it("lists every order the brokers received", async () => {
    const keys = { keyId: "PKDEMO000000000000001", secret: "sandbox-demo-alpaca-secret" };
    await alpacaApis(sandbox.url, keys).orders.market({
      symbol: "NVDA",
      qty: 1,
      side: "buy",
      clientOrderId: "admin-cid",
    });
    const { orders } = await json<{ orders: Record<string, unknown>[] }>(admin(sandbox, "/orders"));
    expect(orders.at(-1)).toMatchObject({
      provider: "alpaca",
      symbol: "NVDA",
      side: "buy",
      quantity: 1,
      notional: null,
      orderType: "market",
      limitPrice: null,
      clientOrderId: "admin-cid",
      status: "filled",
      receivedAt: expect.any(String),
      accountId: expect.any(String),
    });
  });

  it("sets prices and refuses unknown symbols", async () => {
    const { prices } = await json<{ prices: Record<string, number> }>(
      admin(sandbox, "/prices", { AAPL: 123.45, "brk.b": 400 }),
    );
    expect(prices.AAPL).toBe(123.45);
    expect(prices["BRK.B"]).toBe(400);
    expect((await admin(sandbox, "/prices", { NOPE: 1 })).status).toBe(400);
    expect((await admin(sandbox, "/prices", { AAPL: -1 })).status).toBe(400);
  });

  it("reads and changes the config", async () => {
    const config = await json<{ latencyMs: { plaid: number }; snaptradeWebhookUrl: string }>(
      admin(sandbox, "/config", { snaptradeWebhookUrl: "http://127.0.0.1:9/hook", latencyMs: { plaid: 5 } }),
    );
    expect(config.snaptradeWebhookUrl).toBe("http://127.0.0.1:9/hook");
    expect(config.latencyMs.plaid).toBe(5);
    expect((await admin(sandbox, "/config", { latencyMs: { plaid: -1 } })).status).toBe(400);
    expect((await admin(sandbox, "/config", { snaptradeWebhookUrl: "ftp://x" })).status).toBe(400);
    await admin(sandbox, "/config", { snaptradeWebhookUrl: null, latencyMs: { plaid: 0 } });
  });

  it("counts requests per provider and operation", async () => {
    await admin(sandbox, "/stats/reset", {});
    const keys = { keyId: "PKDEMO000000000000001", secret: "sandbox-demo-alpaca-secret" };
    const api = alpacaApis(sandbox.url, keys);
    await api.accounts.getAccount();
    await api.accounts.getAccount();
    await api.positions.getAllOpenPositions();
    const stats = await json<{
      total: number;
      providers: Record<string, { total: number; operations: Record<string, number> }>;
    }>(admin(sandbox, "/stats"));
    expect(stats.total).toBe(3);
    expect(stats.providers.alpaca).toEqual({ total: 3, operations: { account: 2, positions: 1 } });
  });

  it("opens and closes the market clock", async () => {
    expect(await json(admin(sandbox, "/clock", { open: false }))).toMatchObject({ isOpen: false });
    expect(await json(admin(sandbox, "/clock"))).toMatchObject({ isOpen: false });
    expect((await admin(sandbox, "/clock", { open: "yes" })).status).toBe(400);
    await admin(sandbox, "/clock", { open: true });
  });

  it("resets to an empty world", async () => {
    await admin(sandbox, "/reset", {});
    expect(sandbox.world.users.size).toBe(0);
    expect(await json(admin(sandbox, "/orders"))).toEqual({ orders: [] });
  });
});

describe("start-up", () => {
  it("starts with the demo world in well under 300 ms and closes cleanly", async () => {
    const started = performance.now();
    const quick = await startTestSandbox({ demo: true, priceTickMs: 100 });
    expect(performance.now() - started).toBeLessThan(300);
    expect(quick.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    await quick.close();
    await quick.close();
  });
});
