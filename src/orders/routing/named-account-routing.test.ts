import { describe, expect, it } from "vitest";
import { type RouteQuery, routeTrade } from "./route-trade.js";
import type { RoutableAccount, RoutableHolding, RouteResult } from "./types.js";

/**
 * Routing to the account the user named: the question when the name matches none or several, the
 * refusal when the named account cannot sell, and the alternatives offered beside it. Ids are
 * chosen so that no expected order is plain id order.
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
const beta = account("snaptrade_b1", { institution: "Beta", name: "Cash" });
const midway = account("snaptrade_m1", { institution: "Midway", name: "Margin" });
const zeta = account("snaptrade_z1", { institution: "Zeta", name: "Brokerage" });
const readOnly = account("snaptrade_r1", { institution: "Readonly Bank", canTrade: false });
const zetaRoth = account("snaptrade_y1", { institution: "Zeta", name: "Roth IRA" });

const hold = (a: RoutableAccount, symbol: string, quantity: number): RoutableHolding => ({
  accountId: a.id,
  symbol,
  quantity,
});
const query = (side: "buy" | "sell", symbol: string, named: string): RouteQuery => ({
  side,
  symbol,
  size: { kind: "shares", quantity: 1 },
  account: named,
});

function routedOf(result: RouteResult) {
  if (result.kind !== "routed") throw new Error(`expected routed, got ${JSON.stringify(result)}`);
  return result;
}

describe("an account name that matches no account or several", () => {
  it("asks, quoting the name as typed without its spaces and listing every account in id order", () => {
    const result = routeTrade(query("buy", "KO", "  Vanguard  "), [zeta, beta, alpha], []);
    expect(result).toEqual({
      kind: "clarify",
      question:
        'I couldn\'t find an account called "Vanguard". Which one did you mean: Alpha Individual, Beta Cash and Zeta Brokerage?',
    });
  });

  it("asks which of the matching accounts, each with its id, in id order", () => {
    const result = routeTrade(query("buy", "KO", "Zeta"), [zeta, alpha, zetaRoth], []);
    expect(result).toEqual({
      kind: "clarify",
      question:
        'More than one account matches "Zeta": Zeta Roth IRA (snaptrade_y1) and Zeta Brokerage (snaptrade_z1). Which one should I use?',
    });
  });

  it("a buy asks even when only one of the matching accounts holds the symbol (holding decides sells only)", () => {
    const result = routeTrade(query("buy", "TSLA", "Zeta"), [zeta, zetaRoth], [hold(zeta, "TSLA", 3)]);
    expect(result.kind).toBe("clarify");
    const sell = routedOf(
      routeTrade(query("sell", "TSLA", "Zeta"), [zeta, zetaRoth], [hold(zeta, "TSLA", 3)]),
    );
    expect(sell.account.id).toBe(zeta.id);
  });
});

describe("selling from a named account", () => {
  it("refuses when it holds none, naming the holders by shares held, read-only ones included", () => {
    const result = routeTrade(
      query("sell", "TSLA", "Alpha"),
      [alpha, midway, readOnly, zeta, beta],
      [hold(midway, "TSLA", 4), hold(zeta, "TSLA", 9), hold(readOnly, "TSLA", 1)],
    );
    expect(result).toEqual({
      kind: "refused",
      reason:
        "Alpha Individual holds no TSLA. It is held in Zeta Brokerage, Midway Margin and Readonly Bank Individual.",
    });
  });

  it("refuses without pointing elsewhere when no account holds the symbol", () => {
    const result = routeTrade(query("sell", "TSLA", "Alpha"), [alpha, zeta], [hold(zeta, "AAPL", 5)]);
    expect(result).toEqual({ kind: "refused", reason: "Alpha Individual holds no TSLA." });
  });

  it("offers the other holders by shares held, read-only ones with why, and no account that holds none", () => {
    const result = routedOf(
      routeTrade(
        query("sell", "TSLA", "Midway"),
        [readOnly, alpha, midway, zeta],
        [hold(midway, "TSLA", 4), hold(zeta, "TSLA", 20), hold(readOnly, "TSLA", 9)],
      ),
    );
    expect(result.account.id).toBe(midway.id);
    expect(result.reason).toBe("You chose Midway Margin.");
    expect(result.alternatives).toEqual([
      { account: zeta, holds: 20, canTrade: true, whyNot: null },
      {
        account: readOnly,
        holds: 9,
        canTrade: false,
        whyNot: "it is connected with read-only access; reconnect it with trading access",
      },
    ]);
  });
});

describe("buying in a named account", () => {
  it("offers the other accounts that can trade: holders first, then by id; never itself or a read-only one", () => {
    const result = routedOf(
      routeTrade(
        query("buy", "TSLA", "Alpha"),
        [midway, readOnly, alpha, zeta, beta],
        [hold(zeta, "TSLA", 5), hold(readOnly, "TSLA", 10)],
      ),
    );
    expect(result.account.id).toBe(alpha.id);
    expect(result.rule).toBe("named");
    expect(result.reason).toBe("You chose Alpha Individual.");
    expect(result.alternatives).toEqual([
      { account: zeta, holds: 5, canTrade: true, whyNot: null },
      { account: beta, holds: 0, canTrade: true, whyNot: null },
      { account: midway, holds: 0, canTrade: true, whyNot: null },
    ]);
  });
});
