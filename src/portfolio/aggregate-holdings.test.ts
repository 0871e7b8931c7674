import { describe, expect, it } from "vitest";
import { aggregateHoldings, portfolioTotals, portfolioValue } from "./aggregate-holdings.js";
import { plaidDuplicateIds } from "./plaid-dedupe.js";
import type { Account, AccountPosition } from "./service.js";

function account(id: string, overrides: Partial<Account> = {}): Account {
  return {
    id,
    provider: id.startsWith("plaid") ? "plaid" : id.startsWith("alpaca") ? "alpaca" : "snaptrade",
    institution: "Charles Schwab",
    name: id,
    numberMasked: "••••1234",
    canTrade: true,
    connectionStatus: "active",
    cash: 100,
    buyingPower: 100,
    totalValue: null,
    currency: "USD",
    isPaper: false,
    syncedAt: null,
    dataAsOf: null,
    ...overrides,
  };
}

function position(
  accountId: string,
  symbol: string,
  quantity: number,
  price: number | null,
  costBasis: number | null = null,
): AccountPosition {
  return {
    accountId,
    symbol,
    description: `${symbol} Inc.`,
    quantity,
    price,
    marketValue: price === null ? null : price * quantity,
    costBasis,
  };
}

describe("holdings aggregation", () => {
  const accounts = [
    account("snaptrade_a"),
    account("alpaca_b", { canTrade: true, numberMasked: "••••9999" }),
    account("plaid_c", { canTrade: false, institution: "Vanguard", numberMasked: "••••5555" }),
  ];
  const positions = [
    position("snaptrade_a", "AAPL", 10, 200, 1500),
    position("alpaca_b", "AAPL", 30, 200, 5000),
    position("plaid_c", "VOO", 2, 500, null),
    position("snaptrade_a", "TSLA", 1, 250, 100),
  ];

  it("sums one symbol across accounts with per-account contributions, largest first", () => {
    const holdings = aggregateHoldings(accounts, positions);
    expect(holdings.map((h) => h.symbol)).toEqual(["AAPL", "VOO", "TSLA"]);
    const aapl = holdings[0]!;
    expect(aapl).toMatchObject({
      quantity: 40,
      marketValue: 8000,
      price: 200,
      costBasis: 6500,
      unrealizedPl: 1500,
    });
    expect(aapl.accounts).toEqual([
      {
        accountId: "alpaca_b",
        quantity: 30,
        marketValue: 6000,
        costBasis: 5000,
        unrealizedPl: 1000,
        canTrade: true,
      },
      {
        accountId: "snaptrade_a",
        quantity: 10,
        marketValue: 2000,
        costBasis: 1500,
        unrealizedPl: 500,
        canTrade: true,
      },
    ]);
    expect(aapl.averageCost).toBe(162.5);
    expect(holdings[1]).toMatchObject({
      costBasis: null,
      unrealizedPl: null,
      accounts: [{ canTrade: false }],
    });
  });

  it("ignores positions of accounts not passed in, and values accounts by cash plus positions", () => {
    const holdings = aggregateHoldings(accounts.slice(0, 1), positions);
    expect(holdings.map((h) => h.symbol)).toEqual(["AAPL", "TSLA"]);
    expect(portfolioValue(accounts.slice(0, 1), positions)).toBe(100 + 2000 + 250);
    expect(portfolioValue([account("x", { totalValue: 42 })], positions)).toBe(42);
  });
});

describe("live and paper apart, totals with their parts", () => {
  const live = account("snaptrade_a", { cash: 1_000.1, buyingPower: 2_000 });
  const readOnly = account("plaid_c", {
    canTrade: false,
    cash: null,
    buyingPower: null,
    numberMasked: "••••5555",
  });
  const paper = account("alpaca_p", {
    isPaper: true,
    cash: 50_000,
    buyingPower: 100_000,
    numberMasked: "••••9999",
  });
  const rows = [
    position("snaptrade_a", "AAPL", 3, 511.1, 1_200),
    position("plaid_c", "MSFT", 2, 100, null),
    position("alpaca_p", "AAPL", 10, 511.1, 4_000),
  ];

  it("never adds paper shares to live ones, and serializes money without float noise", () => {
    const holdings = aggregateHoldings([live, readOnly, paper], rows);
    expect(holdings.map((h) => [h.symbol, h.isPaper, h.quantity])).toEqual([
      ["AAPL", false, 3],
      ["MSFT", false, 2],
      ["AAPL", true, 10],
    ]);
    // In binary floats 1533.3 / 3 is 511.09999999999997: the price comes from decimals.
    expect(holdings[0]).toMatchObject({
      marketValue: 1_533.3,
      price: 511.1,
      costBasis: 1_200,
      averageCost: 400,
    });
    expect(holdings[1]).toMatchObject({ costBasis: null, averageCost: null, unrealizedPl: null });
    expect(holdings[2]).toMatchObject({
      marketValue: 5_111,
      costBasis: 4_000,
      averageCost: 400,
      unrealizedPl: 1_111,
    });
  });

  it("sums cash, buying power, positions and total over every account of a scope, naming the unknowns", () => {
    const totals = portfolioTotals([live, readOnly], rows);
    expect(totals).toMatchObject({
      accountIds: ["snaptrade_a", "plaid_c"],
      cash: 1_000.1,
      buyingPower: 2_000,
      tradeableBuyingPower: 2_000,
      marketValue: 1_733.3,
      totalValue: 2_733.4,
      costBasis: 1_200,
      unrealizedPl: 333.3,
      realizedPl: null,
      unknown: { cash: ["plaid_c"], buyingPower: ["plaid_c"], marketValue: [], costBasis: ["MSFT"] },
    });
    expect(totals.totalValue).toBe(totals.marketValue + totals.cash);
  });
});

describe("Plaid de-duplication", () => {
  it("hides a Plaid account with the SnapTrade account's institution and last four", () => {
    const list = [
      account("snaptrade_1", { institution: "Charles Schwab", numberMasked: "••••1234" }),
      account("plaid_same", { institution: "Schwab", numberMasked: "1234" }),
      account("plaid_other_number", { institution: "Schwab", numberMasked: "••••9876" }),
      account("plaid_other_bank", { institution: "Vanguard", numberMasked: "••••1234" }),
      account("plaid_no_number", { institution: "Schwab", numberMasked: "" }),
    ];
    expect([...plaidDuplicateIds(list)]).toEqual(["plaid_same"]);
  });

  it("never hides anything without a SnapTrade twin", () => {
    expect(plaidDuplicateIds([account("plaid_x"), account("alpaca_y")]).size).toBe(0);
  });
});
