import { SnaptradeError } from "snaptrade-typescript-sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_USER_ID } from "../demo.js";
import type { RunningSandbox } from "../server.js";
import { passPortal, registerAndConnect, startTestSandbox } from "../testing/harness.js";
import { snaptradeClient } from "../testing/snaptrade-client.js";
import { instantFills } from "../world/behaviour.js";

let sandbox: RunningSandbox;
let client: ReturnType<typeof snaptradeClient>;
let userSecret: string;
const userId = DEMO_USER_ID;
const auth = () => ({ userId, userSecret });

async function statusOf(promise: Promise<unknown>): Promise<{ status?: number; body?: unknown }> {
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

beforeAll(async () => {
  // These tests are about matching: orders fill inside their POST and the order list is live (vendor habits: vendor-behaviour.test.ts).
  sandbox = await startTestSandbox({
    demo: true,
    behaviour: { ...instantFills, snaptradeDailyCache: false },
  });
  client = snaptradeClient(sandbox.url);
});
afterAll(() => sandbox.close());

describe("SnapTrade through the real SDK", () => {
  it("answers the status check", async () => {
    const { data } = await client.apiStatus.check();
    expect(data.online).toBe(true);
  });

  it("registers the user; seeded connections stay hidden until the portal", async () => {
    const { data } = await client.authentication.registerSnapTradeUser({ userId });
    userSecret = data.userSecret ?? "";
    expect(data.userId).toBe(userId);
    expect(userSecret.length).toBeGreaterThan(10);
    const again = await statusOf(client.authentication.registerSnapTradeUser({ userId }));
    expect(again.status).toBe(400);
    const { data: before } = await client.connections.listBrokerageAuthorizations(auth());
    expect(before).toEqual([]);
  });

  it("passes the portal: attaches the seeded connections and redirects to the callback", async () => {
    const { data: login } = await client.authentication.loginSnapTradeUser({
      userId,
      userSecret,
      connectionType: "trade",
      customRedirect: "http://127.0.0.1:9/api/snaptrade/callback?state=signed-state",
    });
    const redirectURI = (login as { redirectURI: string }).redirectURI;
    const page = await fetch(redirectURI);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("Charles Schwab");
    expect(html).toContain('<form method="post">');
    const submitted = await fetch(redirectURI, { method: "POST", redirect: "manual" });
    expect(submitted.status).toBe(302);
    expect((await fetch(redirectURI)).status).toBe(410);
    const location = new URL(submitted.headers.get("location") ?? "");
    expect(location.pathname).toBe("/api/snaptrade/callback");
    expect(location.searchParams.get("state")).toBe("signed-state");
    expect(location.searchParams.get("status")).toBe("SUCCESS");
    const { data } = await client.connections.listBrokerageAuthorizations(auth());
    const byName = Object.fromEntries(data.map((c) => [c.brokerage?.name, c]));
    expect(Object.keys(byName).sort()).toEqual(["Charles Schwab", "Fidelity", "Robinhood"]);
    expect(byName.Fidelity?.type).toBe("read");
    expect(byName["Charles Schwab"]?.type).toBe("trade");
    const detail = await client.connections.detailBrokerageAuthorization({
      authorizationId: byName.Robinhood?.id ?? "",
      ...auth(),
    });
    expect(detail.data.brokerage?.slug).toBe("ROBINHOOD");
    const accounts = await client.connections.listBrokerageAuthorizationAccounts({
      authorizationId: byName["Charles Schwab"]?.id ?? "",
      ...auth(),
    });
    expect(accounts.data.map((a) => a.name).sort()).toEqual(["Individual Brokerage", "Roth IRA"]);
  });

  it("serves accounts, balances and positions with string numbers", async () => {
    const { data: accounts } = await client.accountInformation.listUserAccounts(auth());
    expect(accounts).toHaveLength(4);
    const individual = await accountNamed("Individual Brokerage");
    expect(individual.is_paper).toBe(false);
    expect(individual.number).toBe("58321234");
    const detail = await client.accountInformation.getUserAccountDetails({
      accountId: individual.id,
      ...auth(),
    });
    expect(detail.data.institution_name).toBe("Charles Schwab");
    const balances = await client.accountInformation.getUserAccountBalance({
      accountId: individual.id,
      ...auth(),
    });
    expect(balances.data[0]?.cash).toBe(12_500);
    expect(balances.data[0]?.currency?.code).toBe("USD");
    const positions = await client.accountInformation.getAllAccountPositions({
      accountId: individual.id,
      ...auth(),
    });
    const aapl = positions.data.results?.find((p) => p.instrument.symbol === "AAPL");
    expect(aapl?.units).toBe("50");
    expect(typeof aapl?.price).toBe("string");
    expect(aapl?.cost_basis).toBe("182.3");
    expect(positions.data.data_freshness?.as_of).toBeTruthy();
  });

  it("serves seeded activities, quotes and symbol search", async () => {
    const individual = await accountNamed("Individual Brokerage");
    const activities = await client.accountInformation.getAccountActivities({
      accountId: individual.id,
      ...auth(),
    });
    const types = activities.data.data?.map((a) => a.type);
    expect(types).toContain("CONTRIBUTION");
    expect(types).toContain("BUY");
    expect(activities.data.pagination?.total).toBe(activities.data.data?.length);
    const quotes = await client.trading.getUserAccountQuotes({
      accountId: individual.id,
      symbols: "AAPL,VOO",
      useTicker: true,
      ...auth(),
    });
    expect(quotes.data.map((q) => q.symbol?.symbol)).toEqual(["AAPL", "VOO"]);
    expect(quotes.data[0]?.last_trade_price).toBe(sandbox.world.prices.price("AAPL"));
    const search = await client.referenceData.symbolSearchUserAccount({
      accountId: individual.id,
      substring: "apple",
      ...auth(),
    });
    expect(search.data[0]?.symbol).toBe("AAPL");
    const global = await client.referenceData.getSymbols({ substring: "VO" });
    expect(global.data.map((s) => s.symbol)).toContain("VOO");
    const byTicker = await client.referenceData.getSymbolsByTicker({ query: "MSFT" });
    expect(byTicker.data.description).toBe("Microsoft Corporation");
    expect((await statusOf(client.referenceData.getSymbolsByTicker({ query: "NOPE" }))).status).toBe(404);
  });

  it("places a checked order (impact then place): fills and moves cash and units", async () => {
    const robinhood = await accountNamed("Robinhood Individual");
    const price = sandbox.world.prices.price("AMD");
    const aapl = sandbox.world.catalogue.find("AMD");
    const impact = await client.trading.getOrderImpact({
      account_id: robinhood.id,
      action: "BUY",
      universal_symbol_id: aapl?.id ?? "",
      order_type: "Market",
      time_in_force: "Day",
      units: 2,
      ...auth(),
    });
    const tradeId = impact.data.trade?.id ?? "";
    expect(impact.data.trade_impacts?.[0]?.remaining_cash).toBeCloseTo(1800 - 2 * price, 2);
    const placed = await client.trading.placeOrder({ tradeId, wait_to_confirm: true, ...auth() });
    expect(placed.data.status).toBe("EXECUTED");
    expect(placed.data.filled_quantity).toBe("2");
    const positions = await client.accountInformation.getAllAccountPositions({
      accountId: robinhood.id,
      ...auth(),
    });
    expect(positions.data.results?.find((p) => p.instrument.symbol === "AMD")?.units).toBe("12");
    const balances = await client.accountInformation.getUserAccountBalance({
      accountId: robinhood.id,
      ...auth(),
    });
    expect(balances.data[0]?.cash).toBeCloseTo(1800 - 2 * price, 2);
    // The trade id is single use.
    const reuse = await statusOf(client.trading.placeOrder({ tradeId, ...auth() }));
    expect(reuse.status).toBe(400);
    const orders = await client.accountInformation.getUserAccountOrders({
      accountId: robinhood.id,
      state: "executed",
      ...auth(),
    });
    expect(orders.data.some((o) => o.brokerage_order_id === placed.data.brokerage_order_id)).toBe(true);
    const recent = await client.accountInformation.getUserAccountRecentOrders({
      accountId: robinhood.id,
      ...auth(),
    });
    expect(recent.data.orders?.[0]?.brokerage_order_id).toBe(placed.data.brokerage_order_id);
  });

  it("does not deduplicate client_order_id on trade/place (SnapTrade passes it through)", async () => {
    const individual = await accountNamed("Individual Brokerage");
    const form = {
      account_id: individual.id,
      action: "SELL" as const,
      symbol: "JPM",
      order_type: "Market" as const,
      time_in_force: "Day" as const,
      units: 1,
      client_order_id: "6f1c1d1e-6b2a-4b5e-9d3c-1a2b3c4d5e6f",
      ...auth(),
    };
    const first = await client.trading.placeForceOrder(form);
    const second = await client.trading.placeForceOrder(form);
    expect(first.data.brokerage_order_id).not.toBe(second.data.brokerage_order_id);
    const { data } = await client.accountInformation.getAllAccountPositions({
      accountId: individual.id,
      ...auth(),
    });
    expect(data.results?.find((p) => p.instrument.symbol === "JPM")?.units).toBe("13");
  });

  it("refuses to sell more than held and to buy beyond buying power", async () => {
    const roth = await accountNamed("Roth IRA");
    const base = {
      account_id: roth.id,
      order_type: "Market" as const,
      time_in_force: "Day" as const,
      ...auth(),
    };
    const oversell = await statusOf(
      client.trading.placeForceOrder({ ...base, action: "SELL", symbol: "VOO", units: 31 }),
    );
    expect(oversell.status).toBe(400);
    const overspend = await statusOf(
      client.trading.placeForceOrder({ ...base, action: "BUY", symbol: "VOO", units: 100 }),
    );
    expect(overspend.status).toBe(400);
    expect(JSON.stringify(overspend.body)).toContain("insufficient buying power");
  });

  it("keeps a far limit order open, then cancels it", async () => {
    const individual = await accountNamed("Individual Brokerage");
    const placed = await client.trading.placeForceOrder({
      account_id: individual.id,
      action: "BUY",
      symbol: "KO",
      order_type: "Limit",
      time_in_force: "GTC",
      price: 1,
      units: 3,
      ...auth(),
    });
    expect(placed.data.status).toBe("ACCEPTED");
    const open = await client.accountInformation.getUserAccountOrders({
      accountId: individual.id,
      state: "open",
      ...auth(),
    });
    expect(open.data.map((o) => o.brokerage_order_id)).toContain(placed.data.brokerage_order_id);
    const orderId = placed.data.brokerage_order_id ?? "";
    const cancelled = await client.trading.cancelOrder({
      accountId: individual.id,
      brokerage_order_id: orderId,
      ...auth(),
    });
    expect(cancelled.data.brokerage_order_id).toBe(orderId);
    const again = await statusOf(
      client.trading.cancelOrder({ accountId: individual.id, brokerage_order_id: orderId, ...auth() }),
    );
    expect(again.status).toBe(400);
    const detail = await client.accountInformation.getUserAccountOrderDetail({
      accountId: individual.id,
      brokerage_order_id: orderId,
      ...auth(),
    });
    expect(detail.data.status).toBe("CANCELED");
  });

  it("refuses trading on the read-only connection with 403", async () => {
    const fidelity = await accountNamed("Fidelity Individual");
    const msft = sandbox.world.catalogue.find("MSFT")?.id ?? "";
    const impact = await statusOf(
      client.trading.getOrderImpact({
        account_id: fidelity.id,
        action: "SELL",
        universal_symbol_id: msft,
        order_type: "Market",
        time_in_force: "Day",
        units: 1,
        ...auth(),
      }),
    );
    expect(impact.status).toBe(403);
    const place = await statusOf(
      client.trading.placeForceOrder({
        account_id: fidelity.id,
        action: "SELL",
        symbol: "MSFT",
        order_type: "Market",
        time_in_force: "Day",
        units: 1,
        ...auth(),
      }),
    );
    expect(place.status).toBe(403);
  });

  it("answers 401 for a wrong userSecret and 404 for another user's account", async () => {
    const wrong = await statusOf(client.accountInformation.listUserAccounts({ userId, userSecret: "nope" }));
    expect(wrong.status).toBe(401);
    expect(wrong.body).toMatchObject({ code: "1083" });
    const other = await registerAndConnect(client, "other-user");
    const otherAccounts = await client.accountInformation.listUserAccounts({
      userId: "other-user",
      userSecret: other.userSecret,
    });
    expect(otherAccounts.data[0]?.institution_name).toBe("Sandbox Brokerage");
    const missing = await statusOf(
      client.accountInformation.getUserAccountBalance({
        accountId: otherAccounts.data[0]?.id ?? "",
        ...auth(),
      }),
    );
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({
      default_detail: "The requested resource does not exist.",
      default_code: 1011,
    });
  });

  it("disables a connection (402 on trade and refresh) and fixes it through the portal", async () => {
    const robinhood = await accountNamed("Robinhood Individual");
    const authorizationId = robinhood.brokerage_authorization;
    await client.connections.disableBrokerageAuthorization({ authorizationId, ...auth() });
    const detail = await client.connections.detailBrokerageAuthorization({ authorizationId, ...auth() });
    expect(detail.data.disabled).toBe(true);
    const refresh = await statusOf(
      client.connections.refreshBrokerageAuthorization({ authorizationId, ...auth() }),
    );
    expect(refresh).toEqual({
      status: 402,
      body: { detail: expect.stringContaining("connection is disabled."), code: 3003 },
    });
    const place = await statusOf(
      client.trading.placeForceOrder({
        account_id: robinhood.id,
        action: "BUY",
        symbol: "AAPL",
        order_type: "Market",
        time_in_force: "Day",
        units: 1,
        ...auth(),
      }),
    );
    expect(place.status).toBe(402);
    // Cached data still reads.
    const positions = await client.accountInformation.getAllAccountPositions({
      accountId: robinhood.id,
      ...auth(),
    });
    expect(positions.data.results?.length).toBeGreaterThan(0);
    await passPortal(client, userId, userSecret, { reconnect: authorizationId });
    const fixed = await client.connections.detailBrokerageAuthorization({ authorizationId, ...auth() });
    expect(fixed.data.disabled).toBe(false);
    const refreshed = await client.connections.refreshBrokerageAuthorization({ authorizationId, ...auth() });
    expect(refreshed.data.detail).toContain("scheduled for refresh");
  });

  it("removes a connection and deletes the user", async () => {
    const { data } = await client.connections.listBrokerageAuthorizations(auth());
    const fidelity = data.find((c) => c.brokerage?.name === "Fidelity");
    const removed = await client.connections.removeBrokerageAuthorization({
      authorizationId: fidelity?.id ?? "",
      ...auth(),
    });
    expect(removed.status).toBe(204);
    const after = await statusOf(
      client.connections.detailBrokerageAuthorization({ authorizationId: fidelity?.id ?? "", ...auth() }),
    );
    expect(after.status).toBe(404);
    const deleted = await client.authentication.deleteSnapTradeUser({ userId: "other-user" });
    expect(deleted.data.status).toBe("deleted");
  });
});
