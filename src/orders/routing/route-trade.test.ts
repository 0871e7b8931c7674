import { describe, expect, it } from "vitest";
import { type RouteQuery, routeTrade } from "./route-trade.js";
import type { RoutableAccount, RoutableHolding, RouteResult } from "./types.js";

const alpaca: RoutableAccount = {
  id: "alpaca_a1",
  provider: "alpaca",
  institution: "Alpaca",
  name: "Alpaca paper account",
  canTrade: true,
  connectionStatus: "active",
  buyingPower: 10_000,
  isPaper: true,
};
const robinhood: RoutableAccount = {
  id: "snaptrade_rh1",
  provider: "snaptrade",
  institution: "Robinhood",
  name: "Individual",
  canTrade: true,
  connectionStatus: "active",
  buyingPower: 2_000,
  isPaper: false,
};
const webull: RoutableAccount = {
  id: "snaptrade_wb1",
  provider: "snaptrade",
  institution: "Webull",
  name: "Margin",
  canTrade: true,
  connectionStatus: "active",
  buyingPower: 50_000,
  isPaper: false,
};
const schwabRead: RoutableAccount = {
  id: "snaptrade_sc1",
  provider: "snaptrade",
  institution: "Schwab",
  name: "Brokerage",
  canTrade: false,
  connectionStatus: "active",
  buyingPower: 9_000,
  isPaper: false,
};
const etradeDisabled: RoutableAccount = {
  id: "snaptrade_et1",
  provider: "snaptrade",
  institution: "E*TRADE",
  name: "Individual",
  canTrade: true,
  connectionStatus: "disabled",
  buyingPower: 4_000,
  isPaper: false,
};
const fidelityPlaid: RoutableAccount = {
  id: "plaid_f1",
  provider: "plaid",
  institution: "Fidelity",
  name: "Roth IRA",
  canTrade: false,
  connectionStatus: "active",
  buyingPower: null,
  isPaper: false,
};
/** Same institution as `robinhood`, to make "Robinhood" ambiguous. */
const robinhoodRoth: RoutableAccount = { ...robinhood, id: "snaptrade_rh2", name: "Roth IRA" };

const hold = (account: RoutableAccount, symbol: string, quantity: number): RoutableHolding => ({
  accountId: account.id,
  symbol,
  quantity,
});

const sellShares = (symbol: string, quantity: number, extra: Partial<RouteQuery> = {}): RouteQuery => ({
  side: "sell",
  symbol,
  size: { kind: "shares", quantity },
  ...extra,
});
const buyShares = (symbol: string, quantity: number, extra: Partial<RouteQuery> = {}): RouteQuery => ({
  side: "buy",
  symbol,
  size: { kind: "shares", quantity },
  ...extra,
});

interface Case {
  name: string;
  intent: RouteQuery;
  accounts: RoutableAccount[];
  holdings: RoutableHolding[];
  expect:
    | { kind: "routed"; account: string; held?: number; reason?: RegExp }
    | { kind: "refused"; reason: RegExp }
    | { kind: "clarify"; question: RegExp };
}

const cases: Case[] = [
  {
    name: "no accounts: refused",
    intent: buyShares("AAPL", 1),
    accounts: [],
    holdings: [],
    expect: { kind: "refused", reason: /no linked accounts/ },
  },
  {
    name: "SnapTrade only, sell the holder",
    intent: sellShares("tsla", 2),
    accounts: [robinhood],
    holdings: [hold(robinhood, "TSLA", 5)],
    expect: { kind: "routed", account: robinhood.id, held: 5, reason: /only account that holds TSLA/ },
  },
  {
    name: "SnapTrade only, buy an unheld symbol goes to the most buying power",
    intent: buyShares("AAPL", 1),
    accounts: [robinhood, webull],
    holdings: [],
    expect: { kind: "routed", account: webull.id, reason: /most buying power/ },
  },
  {
    name: "Alpaca only, buy",
    intent: buyShares("AAPL", 1),
    accounts: [alpaca],
    holdings: [],
    expect: {
      kind: "routed",
      account: alpaca.id,
      reason: /paper \(simulated\) account, chosen because none of your live accounts can trade/,
    },
  },
  {
    name: "Alpaca only, sell an unheld symbol: refused",
    intent: sellShares("AAPL", 1),
    accounts: [alpaca],
    holdings: [],
    expect: { kind: "refused", reason: /None of your accounts hold AAPL/ },
  },
  {
    name: "live and paper, buy an unheld symbol: the live account, never paper money silently",
    intent: buyShares("AAPL", 1),
    accounts: [webull, alpaca],
    holdings: [],
    expect: { kind: "routed", account: webull.id, reason: /only live account that can trade/ },
  },
  {
    name: "both, buy a symbol held at SnapTrade goes to the holder",
    intent: buyShares("TSLA", 1),
    accounts: [alpaca, robinhood],
    holdings: [hold(robinhood, "TSLA", 3)],
    expect: { kind: "routed", account: robinhood.id, reason: /already holds TSLA/ },
  },
  {
    name: "buy held by a read-only account only: the default account, and the reason names the holder",
    intent: buyShares("TSLA", 1),
    accounts: [schwabRead, alpaca],
    holdings: [hold(schwabRead, "TSLA", 3)],
    expect: {
      kind: "routed",
      account: alpaca.id,
      reason: /Schwab Brokerage holds 3 TSLA but cannot trade here \(it is connected with read-only access/,
    },
  },
  {
    name: "read-only holder only (SnapTrade read): refused, naming the account and why",
    intent: sellShares("TSLA", 1),
    accounts: [schwabRead, alpaca],
    holdings: [hold(schwabRead, "TSLA", 3)],
    expect: {
      kind: "refused",
      reason: /held only in Schwab Brokerage \(it is connected with read-only access/,
    },
  },
  {
    name: "read-only holder only (Plaid): refused",
    intent: sellShares("VTI", 1),
    accounts: [fidelityPlaid, alpaca],
    holdings: [hold(fidelityPlaid, "VTI", 10)],
    expect: {
      kind: "refused",
      reason: /Fidelity Roth IRA \(it is linked through Plaid, which is read-only\)/,
    },
  },
  {
    name: "broken connection holder only: refused",
    intent: sellShares("TSLA", 1),
    accounts: [etradeDisabled],
    holdings: [hold(etradeDisabled, "TSLA", 3)],
    expect: { kind: "refused", reason: /connection to E\*TRADE is disabled and must be reconnected/ },
  },
  {
    name: "broken and healthy holders: the healthy one even though it holds less",
    intent: sellShares("TSLA", 1),
    accounts: [etradeDisabled, robinhood],
    holdings: [hold(etradeDisabled, "TSLA", 30), hold(robinhood, "TSLA", 3)],
    expect: { kind: "routed", account: robinhood.id, reason: /only account that holds TSLA and can trade/ },
  },
  {
    name: "several holders: the largest holding",
    intent: sellShares("TSLA", 1),
    accounts: [robinhood, webull, alpaca],
    holdings: [hold(robinhood, "TSLA", 3), hold(webull, "TSLA", 8), hold(alpaca, "TSLA", 5)],
    expect: { kind: "routed", account: webull.id, reason: /holds the most TSLA \(8\) of the 3 accounts/ },
  },
  {
    name: "several equal holders: tie broken by account id",
    intent: sellShares("TSLA", 1),
    accounts: [webull, robinhood],
    holdings: [hold(webull, "TSLA", 4), hold(robinhood, "TSLA", 4)],
    expect: { kind: "routed", account: robinhood.id },
  },
  {
    name: "named tradeable account wins over the largest holding",
    intent: sellShares("TSLA", 1, { account: "robinhood" }),
    accounts: [robinhood, webull],
    holdings: [hold(robinhood, "TSLA", 3), hold(webull, "TSLA", 8)],
    expect: { kind: "routed", account: robinhood.id, reason: /You chose Robinhood Individual/ },
  },
  {
    name: "named by 'institution name'",
    intent: buyShares("AAPL", 1, { account: "Webull  MARGIN" }),
    accounts: [alpaca, webull],
    holdings: [],
    expect: { kind: "routed", account: webull.id },
  },
  {
    name: "named by exact id",
    intent: buyShares("AAPL", 1, { account: "snaptrade_wb1" }),
    accounts: [alpaca, webull],
    holdings: [],
    expect: { kind: "routed", account: webull.id },
  },
  {
    name: "named read-only account: refused with why",
    intent: sellShares("VTI", 1, { account: "Fidelity" }),
    accounts: [fidelityPlaid, alpaca],
    holdings: [hold(fidelityPlaid, "VTI", 10), hold(alpaca, "VTI", 1)],
    expect: {
      kind: "refused",
      reason: /Fidelity Roth IRA can't take this order: it is linked through Plaid/,
    },
  },
  {
    name: "named account that does not hold the symbol: refused, saying where it is",
    intent: sellShares("TSLA", 1, { account: "Alpaca" }),
    accounts: [alpaca, robinhood],
    holdings: [hold(robinhood, "TSLA", 3)],
    expect: { kind: "refused", reason: /holds no TSLA\. It is held in Robinhood Individual/ },
  },
  {
    name: "unknown named account: ask",
    intent: sellShares("TSLA", 1, { account: "Vanguard" }),
    accounts: [alpaca, robinhood],
    holdings: [hold(robinhood, "TSLA", 3)],
    expect: { kind: "clarify", question: /couldn't find an account called "Vanguard"/ },
  },
  {
    name: "ambiguous named account: ask",
    intent: sellShares("TSLA", 1, { account: "Robinhood" }),
    accounts: [robinhood, robinhoodRoth],
    holdings: [hold(robinhood, "TSLA", 3), hold(robinhoodRoth, "TSLA", 3)],
    expect: { kind: "clarify", question: /More than one account matches "Robinhood"/ },
  },
  {
    name: "no account can trade: refused, each with its reason",
    intent: buyShares("AAPL", 1),
    accounts: [fidelityPlaid, schwabRead],
    holdings: [],
    expect: {
      kind: "refused",
      reason: /None of your accounts can trade: Fidelity Roth IRA .* and Schwab Brokerage/,
    },
  },
];

function summary(result: RouteResult): unknown {
  if (result.kind === "routed") return { kind: "routed", account: result.account.id, held: result.held };
  return result;
}

describe("routeTrade", () => {
  it.each(cases)("$name", ({ intent, accounts, holdings, expect: expected }) => {
    const result = routeTrade(intent, accounts, holdings);
    expect(result.kind, JSON.stringify(summary(result))).toBe(expected.kind);
    if (result.kind === "routed" && expected.kind === "routed") {
      expect(result.account.id).toBe(expected.account);
      if (expected.held !== undefined) expect(result.held).toBe(expected.held);
      if (expected.reason) expect(result.reason).toMatch(expected.reason);
    }
    if (result.kind === "refused" && expected.kind === "refused")
      expect(result.reason).toMatch(expected.reason);
    if (result.kind === "clarify" && expected.kind === "clarify")
      expect(result.question).toMatch(expected.question);
  });

  it("lists the other holders as alternatives, read-only ones with why", () => {
    const result = routeTrade(
      sellShares("TSLA", 1),
      [robinhood, webull, schwabRead],
      [hold(robinhood, "TSLA", 3), hold(webull, "TSLA", 8), hold(schwabRead, "TSLA", 20)],
    );
    expect(result.kind).toBe("routed");
    if (result.kind !== "routed") return;
    expect(result.account.id).toBe(webull.id);
    expect(result.alternatives).toEqual([
      {
        account: schwabRead,
        holds: 20,
        canTrade: false,
        whyNot: "it is connected with read-only access; reconnect it with trading access",
      },
      { account: robinhood, holds: 3, canTrade: true, whyNot: null },
    ]);
  });

  it("asks which account for 'all' or 'half' of a symbol several tradeable accounts hold, naming read-only holders", () => {
    for (const size of [{ kind: "all" }, { kind: "fraction", fraction: 0.5 }] as const) {
      const result = routeTrade(
        { side: "sell", symbol: "TSLA", size },
        [robinhood, webull, fidelityPlaid],
        [hold(robinhood, "TSLA", 25), hold(webull, "TSLA", 15), hold(fidelityPlaid, "TSLA", 30)],
      );
      expect(result.kind).toBe("clarify");
      if (result.kind !== "clarify") return;
      expect(result.question).toMatch(/Robinhood Individual \(25\) and Webull Margin \(15\)/);
      expect(result.question).toMatch(/Fidelity Roth IRA holds 30 TSLA but cannot trade here/);
    }
    // Named, it is that account's holding.
    const named = routeTrade(
      { side: "sell", symbol: "TSLA", size: { kind: "all" }, account: "Webull" },
      [robinhood, webull],
      [hold(robinhood, "TSLA", 25), hold(webull, "TSLA", 15)],
    );
    expect(named).toMatchObject({ kind: "routed", held: 15 });
  });

  it("a sell's reason names read-only holders too", () => {
    const result = routeTrade(
      sellShares("AAPL", 1),
      [robinhood, fidelityPlaid],
      [hold(robinhood, "AAPL", 10), hold(fidelityPlaid, "AAPL", 30)],
    );
    expect(result).toMatchObject({ kind: "routed" });
    if (result.kind === "routed") {
      expect(result.reason).toBe(
        "Robinhood Individual is the only account that holds AAPL and can trade it. Fidelity Roth IRA holds 30 AAPL but cannot trade here (it is linked through Plaid, which is read-only).",
      );
    }
  });

  it("is deterministic whatever the input order", () => {
    const accounts = [webull, robinhood, alpaca];
    const holdings = [hold(webull, "TSLA", 4), hold(robinhood, "TSLA", 4)];
    const first = routeTrade(sellShares("TSLA", 1), accounts, holdings);
    const reversed = routeTrade(sellShares("TSLA", 1), [...accounts].reverse(), [...holdings].reverse());
    expect(reversed).toEqual(first);
  });

  it("adds up holdings of one symbol split over several rows of the same account", () => {
    const result = routeTrade(
      { side: "sell", symbol: "TSLA", size: { kind: "all" } },
      [robinhood],
      [hold(robinhood, "TSLA", 0.1), hold(robinhood, "tsla", 0.2)],
    );
    // Summed as decimals: 0.3 exactly, not 0.30000000000000004.
    expect(result).toMatchObject({ kind: "routed", held: 0.3 });
  });
});
