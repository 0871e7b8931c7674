import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestPglite, type TestDatabase } from "../../../../test/helpers/databases.js";
import { FakeBrokers, fakeAccount, fakePosition } from "../../../../test/helpers/portfolio-fakes.js";
import {
  linkFakeSnaptrade,
  newUserId,
  startPortfolioHarness,
} from "../../../../test/helpers/portfolio-module.js";
import { mergeReconstructed } from "../../../portfolio/store/snapshots-store.js";

/**
 * "Link a brokerage, today's return does not jump": the history (and so the chart and the chat,
 * which read the same computation) counts deposits and a newly linked account as money moved in,
 * not as gains, and keeps paper money out of the live figures.
 */
describe("GET /api/portfolio/history performance", () => {
  let db: TestDatabase;
  let fakes: FakeBrokers;
  let harness: Awaited<ReturnType<typeof startPortfolioHarness>>;
  let clock = new Date("2026-11-29T14:00:00Z");
  const at = (minutes: number) => new Date(Date.parse("2026-11-29T14:00:00Z") + minutes * 60_000);
  const user = newUserId();
  const schwab = fakeAccount("snaptrade", "schwab-1", {
    connectionId: "conn-1",
    institution: "Schwab",
    name: "Individual",
    numberMasked: "••••1111",
    cash: 1_000,
    buyingPower: 1_000,
  });
  const paper = fakeAccount("alpaca", "paper-1", { cash: 100_000, buyingPower: 200_000 });
  const robinhood = fakeAccount("plaid", "rh-1", {
    connectionId: "item-rh",
    institution: "Robinhood",
    name: "Individual",
    numberMasked: "9999",
    cash: 814,
  });

  beforeAll(async () => {
    db = await openTestPglite();
    fakes = new FakeBrokers();
    harness = await startPortfolioHarness({
      db,
      brokers: fakes.clients,
      moduleOptions: { now: () => clock },
    });
    fakes.accounts.set(`snaptrade:${user}`, [schwab]);
    fakes.connections.set(`snaptrade:${user}`, [
      {
        id: "conn-1",
        brokerageName: "Schwab",
        brokerageSlug: "SCHWAB",
        type: "trade",
        disabled: false,
        disabledAt: null,
      },
    ]);
    fakes.positions.set(schwab.id, [fakePosition(schwab.id, "VOO", 10, 500)]);
    fakes.alpacaSecrets.set("PKPAPER0001", "paper-secret-1");
    fakes.accounts.set("alpaca:PKPAPER0001", [paper]);
    fakes.positions.set(paper.id, [fakePosition(paper.id, "TSLA", 100, 300)]);
    fakes.plaidPublicTokens.set("public-rh-token", "item-rh");
    fakes.accounts.set("plaid:item-rh", [robinhood]);
    fakes.positions.set(robinhood.id, [fakePosition(robinhood.id, "AAPL", 50, 260)]);
  });
  afterAll(async () => {
    await harness.close();
    await db.close();
  });

  const get = async (path: string) => {
    const res = await harness.request(user, path);
    expect(res.status).toBe(200);
    return res.json();
  };

  it("counts a deposit and a newly linked brokerage as flows: the day's return does not jump", async () => {
    await linkFakeSnaptrade(harness.portfolio, fakes.loginRequests, user);
    const linkedPaper = await harness.request(user, "/api/alpaca/credentials", {
      method: "POST",
      body: JSON.stringify({ keyId: "PKPAPER0001", secret: "paper-secret-1" }),
    });
    expect(linkedPaper.status).toBe(201);
    await get("/api/holdings"); // 14:00: Schwab 6,000 (1,000 cash + 10 VOO at 500)

    // 14:30 a $500 deposit; by 15:00 VOO is at 510: Schwab 1,500 + 5,100 = 6,600, a $100 gain.
    fakes.activities.set(schwab.id, [
      {
        id: "dep-1",
        accountId: schwab.id,
        type: "deposit",
        symbol: null,
        quantity: null,
        price: null,
        amount: 500,
        currency: "USD",
        at: at(30).toISOString(),
      },
    ]);
    fakes.accounts.set(`snaptrade:${user}`, [{ ...schwab, cash: 1_500, buyingPower: 1_500 }]);
    fakes.positions.set(schwab.id, [fakePosition(schwab.id, "VOO", 10, 510)]);
    clock = at(60);
    // SnapTrade data changes when SnapTrade says so (a holdings webhook); here, the user's refresh.
    const refreshed = await harness.request(user, "/api/snaptrade/refresh", { method: "POST" });
    expect(refreshed.status).toBe(200);
    await get("/api/holdings");

    // 16:00 Robinhood is linked (read-only, through Plaid): 814 cash + 50 AAPL at 260 = 13,814.
    clock = at(120);
    const exchanged = await harness.request(user, "/api/plaid/exchange", {
      method: "POST",
      body: JSON.stringify({ publicToken: "public-rh-token" }),
    });
    expect(exchanged.status).toBe(201);
    clock = at(130);

    const history = await get("/api/portfolio/history?period=1D");
    expect(history.scope).toBe("live");
    expect(history.startValue).toBe(6_000);
    expect(history.endValue).toBe(20_414);
    expect(history.change).toBe(14_414);
    expect(history.netFlows).toBe(14_314);
    expect(history.gain).toBe(100);
    // 100 / (6,000 + 500 × 0.5) = 1.6 %, and nothing after: the linking is not a return.
    expect(history.returnPct).toBe(1.6);
    expect(history.returnMethod).toBe("time_weighted_linked_modified_dietz");
    expect(history.flows.map((f: { kind: string; amount: number }) => [f.kind, f.amount])).toEqual([
      ["deposit", 500],
      ["linked", 13_814],
    ]);
    // Paper money (Alpaca paper, 130,000) is never in the live figures.
    expect(Math.max(...history.points.map((p: { totalValue: number }) => p.totalValue))).toBe(20_414);
  });

  it("says which account's past values are estimates, and up to when", async () => {
    // Schwab's past, walked back from its trades when it was linked (no daily prices behind it).
    await mergeReconstructed(db.pool, user, schwab.id, [
      { date: "2026-11-20", value: 5_400 },
      { date: "2026-11-25", value: 5_700 },
    ]);
    const month = await get("/api/portfolio/history?period=1M");
    expect(month.warnings).toEqual([
      expect.objectContaining({
        accountId: schwab.id,
        message: expect.stringMatching(
          /^Schwab Individual's values up to 2026-11-25 are estimated from its trades/,
        ),
      }),
    ]);
    // A period with no estimated day carries no such note.
    const day = await get("/api/portfolio/history?period=1D");
    expect(day.warnings.some((w: { message: string }) => /estimated/.test(w.message))).toBe(false);
  });
});
