import { SnaptradeError } from "snaptrade-typescript-sdk";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { DEMO_USER_ID } from "../demo.js";
import type { RunningSandbox } from "../server.js";
import { admin, startTestSandbox } from "../testing/harness.js";
import { snaptradeClient } from "../testing/snaptrade-client.js";

/** SnapTrade's habits the convenient sandbox hid, each behind a switch (world/behaviour.ts), through the real SDK. */
let sandbox: RunningSandbox;
let client: ReturnType<typeof snaptradeClient>;
let userSecret: string;
const userId = DEMO_USER_ID;
const auth = () => ({ userId, userSecret });
const behave = (behaviour: Record<string, unknown>) => admin(sandbox, "/config", { behaviour });

async function refusal(promise: Promise<unknown>): Promise<{ status?: number; body?: unknown }> {
  try {
    await promise;
    return {};
  } catch (error) {
    if (error instanceof SnaptradeError) return { status: error.status, body: error.responseBody };
    throw error;
  }
}

async function accountNamed(name: string) {
  const { data } = await client.accountInformation.listUserAccounts(auth());
  const account = data.find((a) => a.name === name);
  if (!account) throw new Error(`no account ${name}`);
  return account;
}

const marketForm = (accountId: string, overrides: Record<string, unknown> = {}) => ({
  account_id: accountId,
  action: "BUY" as const,
  symbol: "AAPL",
  order_type: "Market" as const,
  time_in_force: "Day" as const,
  units: 1,
  ...auth(),
  ...overrides,
});

/** The impact form names the security by its universal symbol id only. */
async function impactForm(
  accountId: string,
  overrides: { action?: "BUY" | "SELL"; symbol?: string; units?: number } = {},
) {
  const { data } = await client.referenceData.getSymbolsByTicker({ query: overrides.symbol ?? "AAPL" });
  const { symbol: _symbol, ...form } = marketForm(accountId, overrides);
  return { ...form, universal_symbol_id: data.id };
}

beforeAll(async () => {
  sandbox = await startTestSandbox({ demo: { attachSnaptrade: true }, behaviour: { workingFillMs: 100 } });
  client = snaptradeClient(sandbox.url);
  const { data } = await client.authentication.registerSnapTradeUser({ userId });
  userSecret = data.userSecret ?? "";
});
afterAll(() => sandbox.close());

describe("SnapTrade habits in the sandbox (real SDK)", () => {
  it("serves the order list from its daily sync: a just-placed order is missing until a refresh", async () => {
    const individual = await accountNamed("Individual Brokerage");
    const placed = await client.trading.placeForceOrder(
      marketForm(individual.id, { order_type: "Limit", price: 1, time_in_force: "GTC" }),
    );
    const id = placed.data.brokerage_order_id;
    expect(placed.data.status).toBe("ACCEPTED");
    const daily = await client.accountInformation.getUserAccountOrders({
      accountId: individual.id,
      ...auth(),
    });
    expect(daily.data.map((o) => o.brokerage_order_id)).not.toContain(id);
    // The order's own endpoint and the real-time recent list know it.
    const detail = await client.accountInformation.getUserAccountOrderDetail({
      accountId: individual.id,
      brokerage_order_id: id ?? "",
      ...auth(),
    });
    expect(detail.data.brokerage_order_id).toBe(id);
    const recent = await client.accountInformation.getUserAccountRecentOrders({
      accountId: individual.id,
      onlyExecuted: false,
      ...auth(),
    });
    expect(recent.data.orders?.map((o) => o.brokerage_order_id)).toContain(id);
    await client.connections.refreshBrokerageAuthorization({
      authorizationId: individual.brokerage_authorization,
      ...auth(),
    });
    await vi.waitFor(
      async () => {
        const synced = await client.accountInformation.getUserAccountOrders({
          accountId: individual.id,
          ...auth(),
        });
        expect(synced.data.map((o) => o.brokerage_order_id)).toContain(id);
      },
      { timeout: 5_000, interval: 50 },
    );
  });

  it("dates positions and the account's holdings sync with the last sync (data_freshness.as_of)", async () => {
    const roth = await accountNamed("Roth IRA");
    const twoDaysAgo = new Date(Date.now() - 2 * 86_400_000).toISOString();
    await admin(sandbox, `/accounts/${roth.id}/settings`, { syncedAt: twoDaysAgo });
    const { data } = await client.accountInformation.getAllAccountPositions({
      accountId: roth.id,
      ...auth(),
    });
    expect(data.data_freshness.as_of).toBe(twoDaysAgo);
    const detail = await client.accountInformation.getUserAccountDetails({ accountId: roth.id, ...auth() });
    expect(detail.data.sync_status.holdings?.last_successful_sync).toBe(twoDaysAgo);
  });

  it("answers an impact without price and remaining cash (snaptradeImpactWithoutPrices)", async () => {
    const individual = await accountNamed("Individual Brokerage");
    await behave({ snaptradeImpactWithoutPrices: true });
    const { data } = await client.trading.getOrderImpact(await impactForm(individual.id));
    expect(data.trade?.id).toBeTruthy();
    expect(data.trade?.price).toBeNull();
    expect(data.trade_impacts?.[0]?.remaining_cash).toBeNull();
    await behave({ snaptradeImpactWithoutPrices: false });
  });

  it("refuses in the impact what place would refuse", async () => {
    const roth = await accountNamed("Roth IRA");
    const oversell = await refusal(
      client.trading.getOrderImpact(await impactForm(roth.id, { action: "SELL", symbol: "VOO", units: 31 })),
    );
    expect(oversell.status).toBe(400);
    expect(JSON.stringify(oversell.body)).toContain("insufficient qty");
    const overspend = await refusal(
      client.trading.getOrderImpact(await impactForm(roth.id, { units: 10_000 })),
    );
    expect(overspend.status).toBe(400);
    expect(JSON.stringify(overspend.body)).toContain("insufficient buying power");
    const fits = await client.trading.getOrderImpact(
      await impactForm(roth.id, { action: "SELL", symbol: "VOO", units: 30 }),
    );
    expect(fits.data.trade?.id).toBeTruthy();
  });

  it("refuses a client_order_id that is not a UUID, and days over 90", async () => {
    const individual = await accountNamed("Individual Brokerage");
    const notUuid = await refusal(
      client.trading.placeForceOrder(marketForm(individual.id, { client_order_id: "order-1" })),
    );
    expect(notUuid.status).toBe(400);
    const tooMany = await refusal(
      client.accountInformation.getUserAccountOrders({ accountId: individual.id, days: 91, ...auth() }),
    );
    expect(tooMany.status).toBe(400);
  });

  it("says whether a brokerage takes fractional units, and refuses a fraction where it does not", async () => {
    const robinhood = await accountNamed("Robinhood Individual");
    await admin(sandbox, `/connections/${robinhood.brokerage_authorization}/brokerage`, {
      allowsFractionalUnits: false,
    });
    const { data } = await client.connections.detailBrokerageAuthorization({
      authorizationId: robinhood.brokerage_authorization,
      ...auth(),
    });
    expect(data.brokerage?.allows_fractional_units).toBe(false);
    const fraction = await refusal(client.trading.placeForceOrder(marketForm(robinhood.id, { units: 0.5 })));
    expect(fraction.status).toBe(400);
    expect(JSON.stringify(fraction.body)).toContain("fractional");
    const whole = await client.trading.placeForceOrder(marketForm(robinhood.id, { units: 1 }));
    expect(whole.data.brokerage_order_id).toBeTruthy();
  });

  it("shows any of SnapTrade's statuses an order can take (admin vendor-status)", async () => {
    const individual = await accountNamed("Individual Brokerage");
    for (const status of ["QUEUED", "TRIGGERED", "FAILED", "REPLACED", "PARTIAL", "CANCEL_PENDING"]) {
      const placed = await client.trading.placeForceOrder(
        marketForm(individual.id, { order_type: "Limit", price: 1, time_in_force: "GTC" }),
      );
      const id = placed.data.brokerage_order_id ?? "";
      expect((await admin(sandbox, `/orders/${id}/vendor-status`, { status })).status).toBe(200);
      const detail = await client.accountInformation.getUserAccountOrderDetail({
        accountId: individual.id,
        brokerage_order_id: id,
        ...auth(),
      });
      expect(detail.data.status).toBe(status);
    }
  });

  it("lists an option position with its contract multiplier", async () => {
    const seeded = await admin(sandbox, "/seed", {
      users: [
        {
          id: userId,
          snaptrade: {
            connections: [
              {
                brokerage: "Tradier",
                attached: true,
                accounts: [
                  {
                    name: "Options Account",
                    cash: 100,
                    optionPositions: [
                      {
                        underlying: "AAPL",
                        type: "put",
                        strike: 180,
                        expiration: "2026-12-18",
                        units: 3,
                        price: 2.5,
                      },
                      {
                        underlying: "AAPL",
                        type: "call",
                        strike: 250,
                        expiration: "2026-12-18",
                        units: 4,
                        price: 1.5,
                        multiplier: 10,
                      },
                    ],
                  },
                ],
              },
            ],
          },
        },
      ],
    });
    expect(seeded.status).toBe(200);
    const account = await accountNamed("Options Account");
    const { data } = await client.accountInformation.getAllAccountPositions({
      accountId: account.id,
      ...auth(),
    });
    const rows = data.results.map((p) => ({
      kind: p.instrument.kind,
      symbol: p.instrument.symbol,
      multiplier: (p.instrument as { multiplier?: string }).multiplier,
      units: p.units,
      price: p.price,
    }));
    expect(rows).toEqual([
      { kind: "option", symbol: "AAPL261218P00180000", multiplier: "100", units: "3", price: "2.5" },
      { kind: "option", symbol: "AAPL261218C00250000", multiplier: "10", units: "4", price: "1.5" },
    ]);
    const detail = await client.accountInformation.getUserAccountDetails({
      accountId: account.id,
      ...auth(),
    });
    // 100 cash + 3 x 2.50 x 100 + 4 x 1.50 x 10
    expect(detail.data.balance.total?.amount).toBe(910);
  });

  it("counts the rate-limit budget down on every answer", async () => {
    const first = await client.accountInformation.listUserAccounts(auth());
    const second = await client.accountInformation.listUserAccounts(auth());
    const remaining = (r: { headers: Record<string, unknown> }) => Number(r.headers["x-ratelimit-remaining"]);
    expect(first.headers["x-ratelimit-limit"]).toBe("250");
    expect(remaining(second)).toBe(remaining(first) - 1);
  });
});
