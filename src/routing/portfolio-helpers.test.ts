import { describe, expect, it } from "vitest";
import { accountsHoldingSymbol, portfolioMode, tradingAccounts } from "./portfolio-helpers.js";
import type { RoutableAccount } from "./types.js";

const account = (id: string, provider: RoutableAccount["provider"], extra: Partial<RoutableAccount> = {}) =>
  ({
    id,
    provider,
    institution: provider,
    name: id,
    canTrade: provider !== "plaid",
    connectionStatus: "active",
    buyingPower: 1_000,
    ...extra,
  }) satisfies RoutableAccount;

const alpaca = account("alpaca_1", "alpaca", { buyingPower: 10 });
const snapTrade = account("snaptrade_1", "snaptrade", { buyingPower: 5_000 });
const snapRead = account("snaptrade_2", "snaptrade", { canTrade: false });
const plaid = account("plaid_1", "plaid");

describe("portfolioMode", () => {
  it.each([
    { accounts: [], mode: "none" },
    { accounts: [alpaca], mode: "brokerage" },
    { accounts: [snapTrade], mode: "aggregation" },
    { accounts: [plaid], mode: "aggregation" },
    { accounts: [alpaca, plaid], mode: "hybrid" },
    { accounts: [alpaca, snapTrade, plaid], mode: "hybrid" },
  ])("$mode for $accounts.length account(s)", ({ accounts, mode }) => {
    expect(portfolioMode(accounts).mode).toBe(mode);
  });

  it("reports each provider and the trading accounts, default first", () => {
    expect(portfolioMode([snapRead, snapTrade, plaid, alpaca])).toEqual({
      mode: "hybrid",
      hasAlpaca: true,
      hasSnaptrade: true,
      hasPlaid: true,
      tradingAccounts: ["alpaca_1", "snaptrade_1"],
    });
  });
});

describe("tradingAccounts", () => {
  it("keeps only accounts that can trade now, the most buying power first without Alpaca", () => {
    const broken = account("snaptrade_0", "snaptrade", { connectionStatus: "broken" });
    const small = account("snaptrade_3", "snaptrade", { buyingPower: 100 });
    expect(tradingAccounts([small, broken, plaid, snapRead, snapTrade]).map((a) => a.id)).toEqual([
      "snaptrade_1",
      "snaptrade_3",
    ]);
  });
});

describe("accountsHoldingSymbol", () => {
  it("lists holders largest first, with whether and why they can trade", () => {
    const holders = accountsHoldingSymbol(
      "aapl",
      [alpaca, snapTrade, plaid],
      [
        { accountId: "alpaca_1", symbol: "AAPL", quantity: 2 },
        { accountId: "plaid_1", symbol: "AAPL", quantity: 9 },
        { accountId: "snaptrade_1", symbol: "MSFT", quantity: 5 },
        { accountId: "snaptrade_1", symbol: "AAPL", quantity: 0 },
      ],
    );
    expect(holders).toEqual([
      {
        account: plaid,
        quantity: 9,
        canTrade: false,
        whyNot: "it is linked through Plaid, which is read-only",
      },
      { account: alpaca, quantity: 2, canTrade: true, whyNot: null },
    ]);
  });
});
