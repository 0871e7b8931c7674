import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestPglite, type TestDatabase } from "../../../../test/helpers/databases.js";
import { FakeBrokers, fakeAccount, fakePosition } from "../../../../test/helpers/portfolio-fakes.js";
import {
  linkFakeSnaptrade,
  newUserId,
  startPortfolioHarness,
} from "../../../../test/helpers/portfolio-module.js";

/** GET /api/holdings: totals with their parts, paper apart, cost basis, and money without float noise. */
describe("GET /api/holdings totals", () => {
  let db: TestDatabase;
  let fakes: FakeBrokers;
  let harness: Awaited<ReturnType<typeof startPortfolioHarness>>;
  const user = newUserId();
  const schwab = fakeAccount("snaptrade", "tot-schwab", {
    connectionId: "tot-conn",
    institution: "Schwab",
    numberMasked: "••••1111",
    cash: 1_000.1,
    buyingPower: 2_000,
  });
  const fidelity = fakeAccount("snaptrade", "tot-fidelity", {
    connectionId: "tot-conn",
    institution: "Fidelity",
    numberMasked: "••••2222",
    cash: null,
    buyingPower: null,
  });
  const paper = fakeAccount("alpaca", "tot-paper", { cash: 50_000, buyingPower: 100_000 });

  beforeAll(async () => {
    db = await openTestPglite();
    fakes = new FakeBrokers();
    harness = await startPortfolioHarness({ db, brokers: fakes.clients });
    fakes.accounts.set(`snaptrade:${user}`, [schwab, fidelity]);
    fakes.connections.set(`snaptrade:${user}`, [
      {
        id: "tot-conn",
        brokerageName: "Schwab",
        brokerageSlug: "SCHWAB",
        type: "trade",
        disabled: false,
        disabledAt: null,
      },
    ]);
    fakes.positions.set(schwab.id, [{ ...fakePosition(schwab.id, "AAPL", 3, 511.1), costBasis: 1_200 }]);
    fakes.positions.set(fidelity.id, [{ ...fakePosition(fidelity.id, "MSFT", 2, 400), costBasis: null }]);
    fakes.alpacaSecrets.set("PKTOT000001", "tot-secret-01");
    fakes.accounts.set("alpaca:PKTOT000001", [paper]);
    fakes.positions.set(paper.id, [fakePosition(paper.id, "AAPL", 10, 511.1)]);
    await linkFakeSnaptrade(harness.portfolio, fakes.loginRequests, user);
    const linked = await harness.request(user, "/api/alpaca/credentials", {
      method: "POST",
      body: JSON.stringify({ keyId: "PKTOT000001", secret: "tot-secret-01" }),
    });
    expect(linked.status).toBe(201);
  });
  afterAll(async () => {
    await harness.close();
    await db.close();
  });

  it("keeps paper apart, sums every live account, and names unknown cost bases and cash", async () => {
    const res = await harness.request(user, "/api/holdings");
    expect(res.status).toBe(200);
    const raw = await res.text();
    // 1533.3 / 3 in binary floats is 511.09999999999997: money is serialized from decimals.
    expect(raw).not.toMatch(/\d\.\d*(?:0000000|9999999)\d*/);
    const holdings = JSON.parse(raw);
    expect(holdings.scope).toBe("live");
    // Live only: Schwab 1,000.10 cash + 3 AAPL (1,533.30) + Fidelity 2 MSFT (800, no cash figure).
    expect(holdings.totalValue).toBe(3_333.4);
    expect(holdings.totals.live).toMatchObject({
      accountIds: [schwab.id, fidelity.id].sort(),
      cash: 1_000.1,
      buyingPower: 2_000,
      marketValue: 2_333.3,
      totalValue: 3_333.4,
      costBasis: 1_200,
      unrealizedPl: 333.3,
      realizedPl: null,
      unknown: { cash: [fidelity.id], buyingPower: [fidelity.id], marketValue: [], costBasis: ["MSFT"] },
    });
    expect(holdings.totals.paper).toMatchObject({ cash: 50_000, buyingPower: 100_000, totalValue: 55_111 });
    const rows = holdings.positions.map((p: { symbol: string; isPaper: boolean; quantity: number }) => [
      p.symbol,
      p.isPaper,
      p.quantity,
    ]);
    expect(rows).toEqual([
      ["AAPL", false, 3],
      ["MSFT", false, 2],
      ["AAPL", true, 10],
    ]);
    expect(holdings.positions[0]).toMatchObject({
      price: 511.1,
      marketValue: 1_533.3,
      costBasis: 1_200,
      averageCost: 400,
      unrealizedPl: 333.3,
    });
    expect(holdings.positions[1]).toMatchObject({ costBasis: null, averageCost: null, unrealizedPl: null });
  });
});
