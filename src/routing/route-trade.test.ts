import { describe, expect, it } from "vitest";
import { routeTrade } from "./route-trade.js";
import type { RoutableAccount, RoutableHolding, RoutingResult, TradeIntent } from "./types.js";

const alpaca: RoutableAccount = {
  id: "alpaca_a1",
  provider: "alpaca",
  institution: "Alpaca",
  name: "Alpaca paper account",
  canTrade: true,
  connectionStatus: "active",
  buyingPower: 10_000,
};
const robinhood: RoutableAccount = {
  id: "snaptrade_rh1",
  provider: "snaptrade",
  institution: "Robinhood",
  name: "Individual",
  canTrade: true,
  connectionStatus: "active",
  buyingPower: 2_000,
};
const webull: RoutableAccount = {
  id: "snaptrade_wb1",
  provider: "snaptrade",
  institution: "Webull",
  name: "Margin",
  canTrade: true,
  connectionStatus: "active",
  buyingPower: 50_000,
};
const schwabRead: RoutableAccount = {
  id: "snaptrade_sc1",
  provider: "snaptrade",
  institution: "Schwab",
  name: "Brokerage",
  canTrade: false,
  connectionStatus: "active",
  buyingPower: 9_000,
};
const etradeDisabled: RoutableAccount = {
  id: "snaptrade_et1",
  provider: "snaptrade",
  institution: "E*TRADE",
  name: "Individual",
  canTrade: true,
  connectionStatus: "disabled",
  buyingPower: 4_000,
};
const fidelityPlaid: RoutableAccount = {
  id: "plaid_f1",
  provider: "plaid",
  institution: "Fidelity",
  name: "Roth IRA",
  canTrade: false,
  connectionStatus: "active",
  buyingPower: null,
};
/** Same institution as `robinhood`, to make "Robinhood" ambiguous. */
const robinhoodRoth: RoutableAccount = { ...robinhood, id: "snaptrade_rh2", name: "Roth IRA" };

const hold = (account: RoutableAccount, symbol: string, quantity: number): RoutableHolding => ({
  accountId: account.id,
  symbol,
  quantity,
});

const sellShares = (symbol: string, quantity: number, extra: Partial<TradeIntent> = {}): TradeIntent => ({
  side: "sell",
  symbol,
  amount: { kind: "shares", quantity },
  ...extra,
});
const buyShares = (symbol: string, quantity: number, extra: Partial<TradeIntent> = {}): TradeIntent => ({
  side: "buy",
  symbol,
  amount: { kind: "shares", quantity },
  ...extra,
});

interface Case {
  name: string;
  intent: TradeIntent;
  accounts: RoutableAccount[];
  holdings: RoutableHolding[];
  expect:
    | { kind: "routed"; account: string; quantity?: number | null; notional?: number | null; reason?: RegExp }
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
    expect: { kind: "routed", account: robinhood.id, quantity: 2, reason: /only account that holds TSLA/ },
  },
  {
    name: "SnapTrade only, buy an unheld symbol goes to the most buying power",
    intent: buyShares("AAPL", 1, { price: 100 }),
    accounts: [robinhood, webull],
    holdings: [],
    expect: { kind: "routed", account: webull.id, reason: /most buying power/ },
  },
  {
    name: "Alpaca only, buy",
    intent: buyShares("AAPL", 1, { price: 100 }),
    accounts: [alpaca],
    holdings: [],
    expect: { kind: "routed", account: alpaca.id, reason: /default trading account/ },
  },
  {
    name: "Alpaca only, sell an unheld symbol: refused",
    intent: sellShares("AAPL", 1),
    accounts: [alpaca],
    holdings: [],
    expect: { kind: "refused", reason: /None of your accounts hold AAPL/ },
  },
  {
    name: "both, buy an unheld symbol goes to Alpaca even with less buying power",
    intent: buyShares("AAPL", 1, { price: 100 }),
    accounts: [webull, alpaca],
    holdings: [],
    expect: { kind: "routed", account: alpaca.id },
  },
  {
    name: "both, buy a symbol held at SnapTrade goes to the holder",
    intent: buyShares("TSLA", 1, { price: 100 }),
    accounts: [alpaca, robinhood],
    holdings: [hold(robinhood, "TSLA", 3)],
    expect: { kind: "routed", account: robinhood.id, reason: /already holds TSLA/ },
  },
  {
    name: "buy held by a read-only account only: the default account, not the read-only holder",
    intent: buyShares("TSLA", 1, { price: 100 }),
    accounts: [schwabRead, alpaca],
    holdings: [hold(schwabRead, "TSLA", 3)],
    expect: { kind: "routed", account: alpaca.id },
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
    intent: sellShares("TSLA", 1, { accountName: "robinhood" }),
    accounts: [robinhood, webull],
    holdings: [hold(robinhood, "TSLA", 3), hold(webull, "TSLA", 8)],
    expect: { kind: "routed", account: robinhood.id, reason: /You chose Robinhood Individual/ },
  },
  {
    name: "named by 'institution name'",
    intent: buyShares("AAPL", 1, { accountName: "Webull  MARGIN", price: 10 }),
    accounts: [alpaca, webull],
    holdings: [],
    expect: { kind: "routed", account: webull.id },
  },
  {
    name: "named by exact id",
    intent: buyShares("AAPL", 1, { accountName: "snaptrade_wb1", price: 10 }),
    accounts: [alpaca, webull],
    holdings: [],
    expect: { kind: "routed", account: webull.id },
  },
  {
    name: "named read-only account: refused with why",
    intent: sellShares("VTI", 1, { accountName: "Fidelity" }),
    accounts: [fidelityPlaid, alpaca],
    holdings: [hold(fidelityPlaid, "VTI", 10), hold(alpaca, "VTI", 1)],
    expect: {
      kind: "refused",
      reason: /Fidelity Roth IRA can't take this order: it is linked through Plaid/,
    },
  },
  {
    name: "named account that does not hold the symbol: refused, saying where it is",
    intent: sellShares("TSLA", 1, { accountName: "Alpaca" }),
    accounts: [alpaca, robinhood],
    holdings: [hold(robinhood, "TSLA", 3)],
    expect: { kind: "refused", reason: /holds no TSLA\. It is held in Robinhood Individual/ },
  },
  {
    name: "unknown named account: ask",
    intent: sellShares("TSLA", 1, { accountName: "Vanguard" }),
    accounts: [alpaca, robinhood],
    holdings: [hold(robinhood, "TSLA", 3)],
    expect: { kind: "clarify", question: /couldn't find an account called "Vanguard"/ },
  },
  {
    name: "ambiguous named account: ask",
    intent: sellShares("TSLA", 1, { accountName: "Robinhood" }),
    accounts: [robinhood, robinhoodRoth],
    holdings: [hold(robinhood, "TSLA", 3), hold(robinhoodRoth, "TSLA", 3)],
    expect: { kind: "clarify", question: /More than one account matches "Robinhood"/ },
  },
  {
    name: "over-sell: refused with the holding",
    intent: sellShares("TSLA", 10),
    accounts: [robinhood],
    holdings: [hold(robinhood, "TSLA", 4)],
    expect: { kind: "refused", reason: /Robinhood Individual holds 4 TSLA, fewer than the 10 asked for/ },
  },
  {
    name: "over-sell of the chosen account even when all accounts together hold enough",
    intent: sellShares("TSLA", 10),
    accounts: [robinhood, webull],
    holdings: [hold(robinhood, "TSLA", 6), hold(webull, "TSLA", 7)],
    expect: { kind: "refused", reason: /Webull Margin holds 7 TSLA/ },
  },
  {
    name: "sell all = the chosen account's quantity",
    intent: { side: "sell", symbol: "TSLA", amount: { kind: "all" } },
    accounts: [robinhood, webull],
    holdings: [hold(robinhood, "TSLA", 2.5), hold(webull, "TSLA", 7)],
    expect: { kind: "routed", account: webull.id, quantity: 7 },
  },
  {
    name: "sell half = half of the chosen account's quantity",
    intent: { side: "sell", symbol: "TSLA", amount: { kind: "fraction", fraction: 0.5 } },
    accounts: [robinhood],
    holdings: [hold(robinhood, "TSLA", 3)],
    expect: { kind: "routed", account: robinhood.id, quantity: 1.5 },
  },
  {
    name: "sell a third rounds down, never above the holding",
    intent: { side: "sell", symbol: "TSLA", amount: { kind: "fraction", fraction: 1 / 3 } },
    accounts: [robinhood],
    holdings: [hold(robinhood, "TSLA", 1)],
    expect: { kind: "routed", account: robinhood.id, quantity: 0.333333 },
  },
  {
    name: "a fraction above 1: refused",
    intent: { side: "sell", symbol: "TSLA", amount: { kind: "fraction", fraction: 1.5 } },
    accounts: [robinhood],
    holdings: [hold(robinhood, "TSLA", 1)],
    expect: { kind: "refused", reason: /more than 0 and at most all/ },
  },
  {
    name: "notional sell above the holding's value: refused",
    intent: { side: "sell", symbol: "TSLA", amount: { kind: "notional", notional: 1000 }, price: 100 },
    accounts: [robinhood],
    holdings: [hold(robinhood, "TSLA", 5)],
    expect: { kind: "refused", reason: /worth about \$500\.00, less than the \$1,000\.00/ },
  },
  {
    name: "notional sell within the holding",
    intent: { side: "sell", symbol: "TSLA", amount: { kind: "notional", notional: 300 }, price: 100 },
    accounts: [robinhood],
    holdings: [hold(robinhood, "TSLA", 5)],
    expect: { kind: "routed", account: robinhood.id, quantity: null, notional: 300 },
  },
  {
    name: "buy all: refused",
    intent: { side: "buy", symbol: "TSLA", amount: { kind: "all" } },
    accounts: [alpaca],
    holdings: [],
    expect: { kind: "refused", reason: /how many shares or how much money to buy/ },
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

function summary(result: RoutingResult): unknown {
  if (result.kind === "routed") {
    return {
      kind: "routed",
      account: result.account.id,
      quantity: result.quantity,
      notional: result.notional,
    };
  }
  return result;
}

describe("routeTrade", () => {
  it.each(cases)("$name", ({ intent, accounts, holdings, expect: expected }) => {
    const result = routeTrade(intent, accounts, holdings);
    expect(result.kind, JSON.stringify(summary(result))).toBe(expected.kind);
    if (result.kind === "routed" && expected.kind === "routed") {
      expect(result.account.id).toBe(expected.account);
      if (expected.quantity !== undefined) expect(result.quantity).toBe(expected.quantity);
      if (expected.notional !== undefined) expect(result.notional).toBe(expected.notional);
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
        buyingPower: 9_000,
        canTrade: false,
        whyNot: "it is connected with read-only access; reconnect it with trading access",
      },
      { account: robinhood, holds: 3, buyingPower: 2_000, canTrade: true, whyNot: null },
    ]);
  });

  it("flags a buy that does not fit buying power, and one that does", () => {
    const tooBig = routeTrade(buyShares("AAPL", 30, { price: 100 }), [robinhood], []);
    expect(tooBig).toMatchObject({ kind: "routed", estimatedAmount: 3000, fitsBuyingPower: false });
    if (tooBig.kind === "routed")
      expect(tooBig.warnings[0]).toMatch(/\$2,000\.00 of buying power; this order needs about \$3,000\.00/);
    const fits = routeTrade(
      { side: "buy", symbol: "AAPL", amount: { kind: "notional", notional: 500 } },
      [alpaca],
      [],
    );
    expect(fits).toMatchObject({ kind: "routed", estimatedAmount: 500, fitsBuyingPower: true, warnings: [] });
  });

  it("leaves the buying-power check to the caller when it has no price", () => {
    const result = routeTrade(buyShares("AAPL", 3), [alpaca], []);
    expect(result).toMatchObject({ kind: "routed", fitsBuyingPower: null, warnings: [] });
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
      { side: "sell", symbol: "TSLA", amount: { kind: "all" } },
      [robinhood],
      [hold(robinhood, "TSLA", 1), hold(robinhood, "tsla", 2)],
    );
    expect(result).toMatchObject({ kind: "routed", quantity: 3 });
  });
});
