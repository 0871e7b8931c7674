import { describe, expect, it } from "vitest";
import { matchNamedAccount } from "./named-account.js";
import { routeTrade } from "./route-trade.js";
import type { RoutableAccount } from "./types.js";

const account = (id: string, institution: string, name: string): RoutableAccount => ({
  id,
  provider: "snaptrade",
  institution,
  name,
  canTrade: true,
  connectionStatus: "active",
  buyingPower: 1000,
  isPaper: false,
});

const accounts = [
  account("snaptrade_a", "Charles Schwab", "Individual Brokerage"),
  account("snaptrade_b", "Charles Schwab", "Roth IRA"),
  account("snaptrade_c", "Robinhood", "Robinhood Individual"),
];

describe("named accounts", () => {
  it.each([
    ["Robinhood", "one", "snaptrade_c"],
    ["roth ira", "one", "snaptrade_b"],
    ["my Schwab individual account", "one", "snaptrade_a"],
    ["Charles Schwab Roth IRA", "one", "snaptrade_b"],
    ["Schwab", "several", null],
    ["Fidelity", "none", null],
  ])("%s → %s", (named, kind, id) => {
    const match = matchNamedAccount(named, accounts);
    expect(match.kind).toBe(kind);
    if (match.kind === "one") expect(match.account.id).toBe(id);
  });

  it("a sell from a name shared by several accounts goes to the one that holds the symbol", () => {
    const result = routeTrade(
      { side: "sell", symbol: "AAPL", size: { kind: "shares", quantity: 1 }, account: "Schwab" },
      accounts,
      [
        { accountId: "snaptrade_a", symbol: "AAPL", quantity: 5 },
        { accountId: "snaptrade_c", symbol: "AAPL", quantity: 5 },
      ],
    );
    expect(result).toMatchObject({ kind: "routed", account: { id: "snaptrade_a" } });
  });

  it("a buy from a shared name still asks which account", () => {
    const result = routeTrade(
      { side: "buy", symbol: "AAPL", size: { kind: "shares", quantity: 1 }, account: "Schwab" },
      accounts,
      [],
    );
    expect(result.kind).toBe("clarify");
  });
});

describe("named accounts: each normalisation step", () => {
  const schwabPair = [
    account("snaptrade_i", "Charles Schwab", "Individual"),
    account("snaptrade_r", "Charles Schwab", "Individual Roth"),
    account("snaptrade_h", "Robinhood", "Robinhood Individual"),
  ];

  it.each([
    ["Charles Schwab Individual", "snaptrade_i"],
    ["  charles   SCHWAB individual ", "snaptrade_i"],
    ["charles\tschwab\nindividual", "snaptrade_i"],
    ["Robinhood Individual", "snaptrade_h"],
    [" snaptrade_r ", "snaptrade_r"],
  ])("the exact label %j wins over the accounts whose words it contains", (named, id) => {
    expect(matchNamedAccount(named, schwabPair)).toEqual({
      kind: "one",
      account: schwabPair.find((a) => a.id === id),
    });
  });

  it.each([
    ["roth-ira", "snaptrade_b"],
    ["the Roth IRA acct", "snaptrade_b"],
    ["my schwab individual brokerage account", "snaptrade_a"],
    ["Roth/IRA", "snaptrade_b"],
  ])("punctuation and filler words (%j) do not stop a match", (named, id) => {
    const match = matchNamedAccount(named, accounts);
    expect(match).toMatchObject({ kind: "one", account: { id } });
  });

  it.each(["my account", "the acct", "  ", "my"])("nothing but filler (%j) names no account", (named) => {
    expect(matchNamedAccount(named, accounts)).toEqual({ kind: "none" });
  });

  it("an id must be whole: a prefix of an id names nothing", () => {
    expect(matchNamedAccount("snaptrade", accounts)).toEqual({ kind: "none" });
  });
});
