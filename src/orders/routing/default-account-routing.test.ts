import { describe, expect, it } from "vitest";
import { type RouteQuery, routeTrade } from "./route-trade.js";
import type { ChosenDefault, RoutableAccount, RoutableHolding, RouteResult } from "./types.js";

const account = (id: string, fields: Partial<RoutableAccount>): RoutableAccount => ({
  id,
  provider: "snaptrade",
  institution: "Broker",
  name: "Individual",
  canTrade: true,
  connectionStatus: "active",
  buyingPower: 5_000,
  isPaper: false,
  ...fields,
});
const paper = account("alpaca_p1", {
  provider: "alpaca",
  institution: "Alpaca",
  name: "Paper",
  isPaper: true,
  buyingPower: 100_000,
});
const robinhood = account("snaptrade_rh", { institution: "Robinhood", buyingPower: 2_000 });
const webull = account("snaptrade_wb", { institution: "Webull", name: "Margin", buyingPower: 40_000 });
const schwabRead = account("snaptrade_sc", { institution: "Schwab", canTrade: false });
const plaid = account("plaid_f1", {
  provider: "plaid",
  institution: "Fidelity",
  name: "Roth IRA",
  canTrade: false,
});

const buy = (symbol: string, extra: Partial<RouteQuery> = {}): RouteQuery => ({
  side: "buy",
  symbol,
  size: { kind: "shares", quantity: 1 },
  ...extra,
});
const sell = (symbol: string, extra: Partial<RouteQuery> = {}): RouteQuery => ({
  side: "sell",
  symbol,
  size: { kind: "shares", quantity: 1 },
  ...extra,
});
const hold = (a: RoutableAccount, symbol: string, quantity: number): RoutableHolding => ({
  accountId: a.id,
  symbol,
  quantity,
});
const chosen = (a: RoutableAccount, label = `${a.institution} ${a.name}`): ChosenDefault => ({
  accountId: a.id,
  label,
});

function routedOf(result: RouteResult) {
  if (result.kind !== "routed") throw new Error(`expected routed, got ${JSON.stringify(result)}`);
  return result;
}

describe("routeTrade with the user's default trading account", () => {
  const accounts = [paper, robinhood, webull, schwabRead, plaid];

  it("without a chosen default, a buy of an unheld symbol goes to the live account with the most buying power, never paper", () => {
    const result = routedOf(routeTrade(buy("KO"), accounts, []));
    expect(result.account.id).toBe(webull.id);
    expect(result.rule).toBe("automatic_default");
    expect(result.reason).not.toMatch(/chosen by you/);
  });

  it("a chosen default takes a buy no tradeable account holds, and the reason says the user chose it", () => {
    const result = routedOf(routeTrade(buy("KO"), accounts, [], { defaultAccount: chosen(robinhood) }));
    expect(result.account.id).toBe(robinhood.id);
    expect(result.rule).toBe("user_default");
    expect(result.reason).toMatch(/^Robinhood Individual is your default trading account, chosen by you/);
    expect(result.defaultNote).toBeNull();
  });

  it("a paper account the user chose wins over live accounts, said so", () => {
    const result = routedOf(routeTrade(buy("KO"), accounts, [], { defaultAccount: chosen(paper) }));
    expect(result.account.id).toBe(paper.id);
    expect(result.rule).toBe("user_default");
    expect(result.reason).toMatch(/your default trading account, chosen by you/);
  });

  it("the chosen default is used when only read-only accounts hold the symbol, and they are named", () => {
    const result = routedOf(
      routeTrade(buy("MSFT"), accounts, [hold(plaid, "MSFT", 4)], { defaultAccount: chosen(robinhood) }),
    );
    expect(result.account.id).toBe(robinhood.id);
    expect(result.reason).toMatch(/Fidelity Roth IRA holds 4 MSFT but cannot trade here/);
  });

  it("a tradeable account that holds the symbol still comes first (DESIGN section 5), and the reason says why the default was passed over", () => {
    const result = routedOf(
      routeTrade(buy("AAPL"), accounts, [hold(webull, "AAPL", 3)], { defaultAccount: chosen(robinhood) }),
    );
    expect(result.account.id).toBe(webull.id);
    expect(result.rule).toBe("holder");
    expect(result.reason).toMatch(
      /Your default trading account, Robinhood Individual, is used for symbols none/,
    );
    expect(result.alternatives.map((a) => a.account.id)).toContain(robinhood.id);
  });

  it("a sell goes to the holder whatever the default", () => {
    const result = routedOf(
      routeTrade(sell("AAPL"), accounts, [hold(webull, "AAPL", 3)], { defaultAccount: chosen(robinhood) }),
    );
    expect(result.account.id).toBe(webull.id);
    expect(result.rule).toBe("holder");
    expect(result.reason).not.toMatch(/default/);
  });

  it("an account the user names wins over the default", () => {
    const result = routedOf(
      routeTrade(buy("KO", { account: "webull" }), accounts, [], { defaultAccount: chosen(robinhood) }),
    );
    expect(result.account.id).toBe(webull.id);
    expect(result.rule).toBe("named");
  });

  it.each([
    {
      name: "no longer linked",
      defaultAccount: { accountId: "snaptrade_gone", label: "Vanguard Brokerage" },
      problem: /Your default trading account, Vanguard Brokerage, is no longer linked\./,
    },
    {
      name: "read-only",
      defaultAccount: chosen(schwabRead),
      problem: /Your default trading account, Schwab Individual, can't take orders now: .*read-only/,
    },
    {
      name: "read through Plaid",
      defaultAccount: chosen(plaid),
      problem: /Your default trading account, Fidelity Roth IRA, can't take orders now: .*Plaid/,
    },
  ])(
    "a default that is $name is reported and the buy falls back with a true reason",
    ({ defaultAccount, problem }) => {
      const result = routedOf(routeTrade(buy("KO"), accounts, [], { defaultAccount }));
      expect(result.account.id).toBe(webull.id);
      expect(result.rule).toBe("automatic_default");
      expect(result.reason).toMatch(problem);
      expect(result.reason).toMatch(/Instead, Webull Margin has the most buying power of your live accounts/);
      expect(result.defaultNote).toMatch(problem);
      expect(result.defaultNote).toMatch(/This order uses Webull Margin instead\./);
    },
  );

  it("a default whose connection is broken, or with no buying power, is reported too", () => {
    const broken = { ...robinhood, connectionStatus: "broken" as const };
    const brokenResult = routedOf(
      routeTrade(buy("KO"), [broken, webull], [], { defaultAccount: chosen(broken) }),
    );
    expect(brokenResult.account.id).toBe(webull.id);
    expect(brokenResult.defaultNote).toMatch(/connection to Robinhood is broken/);
    const empty = { ...robinhood, buyingPower: 0 };
    const emptyResult = routedOf(
      routeTrade(buy("KO"), [empty, webull], [], { defaultAccount: chosen(empty) }),
    );
    expect(emptyResult.account.id).toBe(webull.id);
    expect(emptyResult.defaultNote).toMatch(/Robinhood Individual, has no buying power/);
  });

  it("falls back to paper only when no live account can trade, and says the default could not be used", () => {
    const result = routedOf(
      routeTrade(buy("KO"), [paper, schwabRead], [], { defaultAccount: chosen(schwabRead) }),
    );
    expect(result.account.id).toBe(paper.id);
    expect(result.reason).toMatch(
      /can't take orders now.*Instead, Alpaca Paper is a paper \(simulated\) account/,
    );
  });
});
