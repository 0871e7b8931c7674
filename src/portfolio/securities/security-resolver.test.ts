import { describe, expect, it } from "vitest";
import type { SymbolInfo, TradingSession } from "../../brokers/session.js";
import { UnavailableError } from "../../core/errors.js";
import type { Account, Holding, HoldingsView } from "../service.js";
import { SecurityResolver } from "./security-resolver.js";

function account(id: string, overrides: Partial<Account> = {}): Account {
  return {
    id,
    provider: "snaptrade",
    institution: "Webull",
    name: "Cash",
    numberMasked: "••••1234",
    canTrade: true,
    connectionStatus: "active",
    cash: 0,
    buyingPower: 0,
    totalValue: 0,
    currency: "USD",
    isPaper: false,
    syncedAt: null,
    dataAsOf: null,
    ...overrides,
  };
}

function holding(symbol: string, description: string): Holding {
  return {
    symbol,
    description,
    isPaper: false,
    quantity: 1,
    price: 1,
    marketValue: 1,
    costBasis: null,
    averageCost: null,
    unrealizedPl: null,
    accounts: [],
  };
}

const info = (symbol: string, description: string): SymbolInfo => ({
  symbol,
  description,
  tradable: true,
  fractionable: null,
});

/** A portfolio whose brokers search a fixed listing by substring, recording each search. */
function fakePortfolio(options: {
  holdings: Holding[];
  accounts: Account[];
  listings: Record<string, SymbolInfo[]>;
  failing?: Set<string>;
}) {
  const searches: Array<{ accountId: string; text: string }> = [];
  const portfolio = {
    async getHoldings(): Promise<HoldingsView> {
      return { positions: options.holdings } as unknown as HoldingsView;
    },
    async listAccounts() {
      return options.accounts;
    },
    async tradingSession(_userId: string, accountId: string): Promise<TradingSession> {
      return {
        async searchSymbols(id: string, text: string) {
          searches.push({ accountId: id, text });
          if (options.failing?.has(id)) throw new UnavailableError("down");
          const needle = text.toLowerCase();
          return (options.listings[accountId] ?? []).filter(
            (l) => l.symbol.toLowerCase().startsWith(needle) || l.description.toLowerCase().includes(needle),
          );
        },
      } as unknown as TradingSession;
    },
  };
  return { portfolio, searches };
}

const marine = info("VRDX", "Veridex Marine Systems Corp.");

describe("SecurityResolver", () => {
  it("names a held security from its description alone, without asking any broker", async () => {
    const { portfolio, searches } = fakePortfolio({
      holdings: [holding("QZLM", "Quazellum Robotics Holdings Inc.")],
      accounts: [account("snaptrade_a")],
      listings: {},
    });
    const answer = await new SecurityResolver(portfolio).resolve("u", "quazellum robotics");
    expect(answer.resolution).toEqual({
      kind: "exact",
      match: { symbol: "QZLM", name: "Quazellum Robotics Holdings Inc.", source: "holding", held: true },
    });
    expect(searches).toEqual([]);
  });

  it("asks the brokers for a name nobody holds, and answers exactly on their exact name", async () => {
    const { portfolio } = fakePortfolio({
      holdings: [],
      accounts: [account("alpaca_x", { provider: "alpaca", institution: "Alpaca", isPaper: true })],
      listings: { alpaca_x: [marine] },
    });
    const answer = await new SecurityResolver(portfolio).resolve("u", "Veridex Marine Systems");
    expect(answer.resolution).toMatchObject({
      kind: "exact",
      match: { symbol: "VRDX", source: "broker", held: false },
    });
  });

  it("searches again by the start of a misspelt word when the broker found nothing, then only suggests", async () => {
    const { portfolio, searches } = fakePortfolio({
      holdings: [],
      accounts: [account("snaptrade_a")],
      listings: { snaptrade_a: [marine, info("VRSK", "Verisk Analytics")] },
    });
    const answer = await new SecurityResolver(portfolio).resolve("u", "veridexx marine");
    expect(searches.map((s) => s.text)).toEqual(["veridexx marine", "ver"]);
    expect(answer.resolution).toMatchObject({ kind: "confident", match: { symbol: "VRDX" } });
  });

  it("searches one trading account per brokerage, never read-only, broken or Plaid ones", async () => {
    const { portfolio, searches } = fakePortfolio({
      holdings: [],
      accounts: [
        account("snaptrade_a"),
        account("snaptrade_b"),
        account("snaptrade_c", { institution: "Fidelity", canTrade: false }),
        account("snaptrade_d", { institution: "E*TRADE", connectionStatus: "disabled" }),
        account("plaid_e", { provider: "plaid", institution: "Vanguard", canTrade: false }),
        account("alpaca_f", { provider: "alpaca", institution: "Alpaca" }),
      ],
      listings: {},
    });
    await new SecurityResolver(portfolio).resolve("u", "zz");
    expect(new Set(searches.map((s) => s.accountId))).toEqual(new Set(["snaptrade_a", "alpaca_f"]));
  });

  it("says which brokerage could not be asked and still answers from the others", async () => {
    const { portfolio } = fakePortfolio({
      holdings: [],
      accounts: [account("snaptrade_a"), account("alpaca_b", { provider: "alpaca", institution: "Alpaca" })],
      listings: { alpaca_b: [marine] },
      failing: new Set(["snaptrade_a"]),
    });
    const answer = await new SecurityResolver(portfolio).resolve("u", "veridex marine systems");
    expect(answer.unavailable).toEqual(["Webull"]);
    expect(answer.resolution).toMatchObject({ kind: "exact", match: { symbol: "VRDX" } });
  });

  it("uses the built-in names last, and marks what the user holds", async () => {
    const { portfolio } = fakePortfolio({
      holdings: [holding("BRK.B", "Berkshire Hathaway Inc. Class B")],
      accounts: [],
      listings: {},
    });
    const resolver = new SecurityResolver(portfolio, {
      wellKnown: [{ symbol: "NVDA", name: "nvidia" }],
    });
    expect((await resolver.resolve("u", "nvdia")).resolution).toMatchObject({
      kind: "confident",
      match: { symbol: "NVDA", source: "well_known", held: false },
    });
    expect((await resolver.resolve("u", "brk/b")).resolution).toMatchObject({
      kind: "exact",
      match: { symbol: "BRK.B", held: true },
    });
  });
});
