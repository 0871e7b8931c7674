import { describe, expect, it } from "vitest";
import { aggregateHoldings, portfolioValue } from "./aggregate-holdings.js";
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
      { accountId: "alpaca_b", quantity: 30, marketValue: 6000, canTrade: true },
      { accountId: "snaptrade_a", quantity: 10, marketValue: 2000, canTrade: true },
    ]);
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
