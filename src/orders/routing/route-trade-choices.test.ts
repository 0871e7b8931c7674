import { describe, expect, it } from "vitest";
import { type RouteQuery, routeTrade } from "./route-trade.js";
import type { RoutableAccount, RoutableHolding, RouteResult } from "./types.js";

/**
 * Which account routing picks, which others it offers and in which order, and the exact words it
 * gives. The ids are chosen so that no expected order is plain id order, and accounts are passed in
 * an order that is neither the expected one nor id order.
 */
const account = (id: string, fields: Partial<RoutableAccount>): RoutableAccount => ({
  id,
  provider: "snaptrade",
  institution: "Broker",
  name: "Individual",
  canTrade: true,
  connectionStatus: "active",
  buyingPower: 1_000,
  isPaper: false,
  ...fields,
});
const alpha = account("snaptrade_a1", { institution: "Alpha", buyingPower: 8_000 });
const beta = account("snaptrade_b1", { institution: "Beta", name: "Cash", buyingPower: 500 });
const midway = account("snaptrade_m1", { institution: "Midway", name: "Margin", buyingPower: 1_000 });
const zeta = account("snaptrade_z1", { institution: "Zeta", name: "Brokerage", buyingPower: 3_000 });
const readOnly = account("snaptrade_r1", {
  institution: "Readonly Bank",
  canTrade: false,
  buyingPower: 90_000,
});
const plaid = account("plaid_b1", {
  provider: "plaid",
  institution: "Fidelity",
  name: "Roth IRA",
  canTrade: false,
});

const hold = (a: RoutableAccount, symbol: string, quantity: number): RoutableHolding => ({
  accountId: a.id,
  symbol,
  quantity,
});
const query = (side: "buy" | "sell", symbol: string, extra: Partial<RouteQuery> = {}): RouteQuery => ({
  side,
  symbol,
  size: { kind: "shares", quantity: 1 },
  ...extra,
});

function routedOf(result: RouteResult) {
  if (result.kind !== "routed") throw new Error(`expected routed, got ${JSON.stringify(result)}`);
  return result;
}
const idsOf = (result: ReturnType<typeof routedOf>) => result.alternatives.map((a) => a.account.id);

const readOnlyWhy = "it is connected with read-only access; reconnect it with trading access";
const plaidWhy = "it is linked through Plaid, which is read-only";

describe("routing a buy", () => {
  it("goes to the tradeable account holding the most of the symbol, not the first by id", () => {
    const result = routedOf(
      routeTrade(
        query("buy", "TSLA"),
        [alpha, zeta, midway],
        [hold(alpha, "TSLA", 2), hold(zeta, "TSLA", 9)],
      ),
    );
    expect(result.account.id).toBe(zeta.id);
    expect(result.rule).toBe("holder");
    expect(result.held).toBe(9);
    expect(result.reason).toBe("Zeta Brokerage already holds the most TSLA of your accounts that can trade.");
  });

  it("offers the other tradeable accounts: holders by shares held, then the most buying power, then id", () => {
    const result = routedOf(
      routeTrade(
        query("buy", "TSLA"),
        [beta, readOnly, alpha, zeta, midway, plaid],
        [hold(zeta, "TSLA", 9), hold(midway, "TSLA", 1), hold(readOnly, "TSLA", 50)],
      ),
    );
    expect(result.account.id).toBe(zeta.id);
    // Midway holds some; Alpha has more buying power than Beta; read-only accounts cannot take it.
    expect(result.alternatives).toEqual([
      { account: midway, holds: 1, canTrade: true, whyNot: null },
      { account: alpha, holds: 0, canTrade: true, whyNot: null },
      { account: beta, holds: 0, canTrade: true, whyNot: null },
    ]);
  });

  it("breaks ties of buying power by id, for the chosen account and the alternatives", () => {
    const gamma = account("snaptrade_c1", { institution: "Gamma", buyingPower: alpha.buyingPower });
    const delta = account("snaptrade_d1", { institution: "Delta", buyingPower: beta.buyingPower });
    const result = routedOf(routeTrade(query("buy", "KO"), [gamma, delta, zeta, beta, alpha], []));
    expect(result.account.id).toBe(alpha.id);
    expect(idsOf(result)).toEqual([gamma.id, zeta.id, beta.id, delta.id]);
  });

  it("a holder that is also the user's default gets no sentence about the default being passed over", () => {
    const result = routedOf(
      routeTrade(query("buy", "TSLA"), [alpha, zeta], [hold(zeta, "TSLA", 4)], {
        defaultAccount: { accountId: zeta.id, label: "Zeta Brokerage" },
      }),
    );
    expect(result.account.id).toBe(zeta.id);
    expect(result.reason).toBe("Zeta Brokerage already holds TSLA.");
  });

  it("the automatic default is the live account that can trade with the most buying power, never a read-only one", () => {
    const result = routedOf(routeTrade(query("buy", "KO"), [readOnly, zeta, alpha], []));
    expect(result.account.id).toBe(alpha.id);
    expect(result.rule).toBe("automatic_default");
    expect(result.reason).toBe(
      "Alpha Individual has the most buying power of your live accounts that can trade, and none of your accounts that can trade hold KO yet.",
    );
  });

  it("never claims the most buying power over a live account whose buying power is unknown", () => {
    const unknownAlpha = { ...alpha, buyingPower: null };
    const some = routedOf(routeTrade(query("buy", "KO"), [unknownAlpha, zeta], []));
    expect(some.account.id).toBe(zeta.id);
    expect(some.reason).toBe(
      "Zeta Brokerage has the most buying power of your live accounts that can trade and report it (Alpha Individual does not), and none of your accounts that can trade hold KO yet.",
    );
    const unknownBeta = { ...beta, buyingPower: null };
    const two = routedOf(routeTrade(query("buy", "KO"), [unknownBeta, zeta, unknownAlpha], []));
    expect(two.account.id).toBe(zeta.id);
    expect(two.reason).toMatch(/can trade and report it \(Alpha Individual and Beta Cash do not\), and none/);
    const unknownZeta = { ...zeta, buyingPower: null };
    const none = routedOf(routeTrade(query("buy", "KO"), [unknownZeta, unknownAlpha], []));
    expect(none.account.id).toBe(alpha.id);
    expect(none.reason).toBe(
      "Alpha Individual comes first by account id of your 2 live accounts that can trade, as none of them report buying power, and none of your accounts that can trade hold KO yet.",
    );
  });

  it("names read-only holders by shares held, each with why, in the reason", () => {
    const result = routedOf(
      routeTrade(
        query("buy", "TSLA"),
        [plaid, zeta, readOnly],
        [hold(plaid, "TSLA", 2), hold(readOnly, "TSLA", 30)],
      ),
    );
    expect(result.account.id).toBe(zeta.id);
    expect(result.reason).toBe(
      `Zeta Brokerage is your only live account that can trade, and none of your accounts that can trade hold TSLA yet. Readonly Bank Individual holds 30 and Fidelity Roth IRA holds 2 TSLA but cannot trade here (${readOnlyWhy} and ${plaidWhy}).`,
    );
  });

  it("refuses when no account can trade, listing every account in id order with why", () => {
    const result = routeTrade(query("buy", "KO"), [readOnly, plaid], []);
    expect(result).toEqual({
      kind: "refused",
      reason: `None of your accounts can trade: Fidelity Roth IRA (${plaidWhy}) and Readonly Bank Individual (${readOnlyWhy}). Link Alpaca or a brokerage with trading access.`,
    });
  });
});

describe("routing a sell", () => {
  it("says only what is true when no read-only account holds the symbol", () => {
    const result = routedOf(routeTrade(query("sell", "TSLA"), [alpha, zeta], [hold(zeta, "TSLA", 3)]));
    expect(result.reason).toBe("Zeta Brokerage is the only account that holds TSLA and can trade it.");
    expect(result.alternatives).toEqual([]);
  });

  it("asks which account for 'sell all' held in two tradeable accounts, largest holding first", () => {
    const result = routeTrade(
      { side: "sell", symbol: "TSLA", size: { kind: "all" } },
      [alpha, zeta],
      [hold(alpha, "TSLA", 5), hold(zeta, "TSLA", 12)],
    );
    expect(result).toEqual({
      kind: "clarify",
      question:
        "You hold TSLA in 2 accounts that can trade it: Zeta Brokerage (12) and Alpha Individual (5). Which account should I sell from? Each account gets its own confirmation.",
    });
  });
});

describe("reading the request and the holdings", () => {
  it("matches the symbol whatever its case or surrounding spaces, and counts no other symbol", () => {
    const result = routedOf(
      routeTrade(
        { side: "sell", symbol: " Tsla ", size: { kind: "all" } },
        [zeta],
        [hold(zeta, " tsla", 3), hold(zeta, "AAPL", 50), hold(zeta, "TSLA ", 1)],
      ),
    );
    expect(result.held).toBe(4);
    expect(result.reason).toBe("Zeta Brokerage is the only account that holds TSLA and can trade it.");
  });

  it("an account given as blanks is no account named: the usual rules route", () => {
    const result = routedOf(
      routeTrade(query("sell", "TSLA", { account: "   " }), [alpha, zeta], [hold(zeta, "TSLA", 3)]),
    );
    expect(result.account.id).toBe(zeta.id);
    expect(result.rule).toBe("holder");
  });
});
