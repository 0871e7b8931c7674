import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type BrokerSandbox,
  silentLogger,
  startBrokerSandbox,
  testCalls,
} from "../../../test/helpers/brokers/broker-sandbox.js";
import type { BrokerAccount } from "../model.js";
import type { BudgetAnswer, BudgetPriority, RateBudget } from "../rate-budget.js";
import type { TradingSession } from "../session.js";
import { createSnaptradeClient } from "./client.js";
import { searchResults } from "./symbol-search.js";

/** Records every request for budget, so the test can see the search spend one. */
class CountingBudget implements RateBudget {
  readonly asked: BudgetPriority[] = [];
  async take(_credential: string, priority: BudgetPriority): Promise<BudgetAnswer> {
    this.asked.push(priority);
    return { granted: true };
  }
}

let sandbox: BrokerSandbox;
let session: TradingSession;
let account: BrokerAccount;
const budget = new CountingBudget();

beforeAll(async () => {
  sandbox = await startBrokerSandbox();
  await sandbox.seed({
    symbols: [
      { symbol: "QZLM", name: "Quazellum Robotics Holdings Inc.", price: 41.5 },
      { symbol: "QZLN.B", name: "Quazellum Northern Class B", price: 12 },
    ],
    users: [
      {
        id: "symbol-search-user",
        history: false,
        snaptrade: {
          connections: [{ brokerage: "Webull", attached: true, accounts: [{ name: "Cash", cash: 1_000 }] }],
        },
      },
    ],
  });
  const client = createSnaptradeClient(
    sandbox.config.snaptrade,
    { ...testCalls(), budget: { budget, credential: "snaptrade:test" } },
    silentLogger,
    () => new Date(),
  );
  session = client.session(await client.registerUser("symbol-search-user"));
  [account] = (await session.listAccounts()) as [BrokerAccount];
});
afterAll(() => sandbox.close());

describe("SnapTrade symbol search (symbolSearchUserAccount through the SDK)", () => {
  it("finds listings by a part of the company name, with the brokerage's description", async () => {
    const found = await session.searchSymbols(account.id, "quazellum robotics");
    expect(found).toEqual([
      { symbol: "QZLM", description: "Quazellum Robotics Holdings Inc.", tradable: true, fractionable: null },
    ]);
  });

  it("finds listings by ticker prefix, share classes included", async () => {
    const found = await session.searchSymbols(account.id, "QZL");
    expect(found.map((f) => f.symbol).sort()).toEqual(["QZLM", "QZLN.B"]);
  });

  it("answers a repeated search from the cache, spending one budgeted read the first time only", async () => {
    const before = await sandbox.requestCount("snaptrade", "symbols");
    budget.asked.length = 0;
    await session.searchSymbols(account.id, "Northern");
    await session.searchSymbols(account.id, "  northern ");
    expect(await sandbox.requestCount("snaptrade", "symbols")).toBe(before + 1);
    expect(budget.asked).toEqual(["read"]);
  });

  it("answers nothing for a text no listing matches", async () => {
    expect(await session.searchSymbols(account.id, "zzyzx nothing")).toEqual([]);
  });

  it("finds a share-class listing asked for with a dash (BRK-B style) in the brokerage's dotted form", async () => {
    expect(await session.lookupSymbol(account.id, "QZLN-B")).toMatchObject({ symbol: "QZLN.B" });
  });
});

describe("search results", () => {
  const listing = (symbol: string, code: string, exchange: string) => ({
    id: `${symbol}-${exchange}`,
    symbol,
    raw_symbol: symbol,
    description: `${symbol} Corp`,
    currency: { id: "usd", code: "USD", name: "US Dollar" },
    exchange: { id: exchange, code: exchange, mic_code: exchange === "NASDAQ" ? "XNAS" : "XFRA" },
    type: { id: code, code, description: code, is_supported: true },
    currencies: [],
  });

  it("keeps stocks and ETFs only, one per ticker, the US listing first", () => {
    const results = searchResults([
      listing("ABC", "cs", "FRA"),
      listing("ABC", "cs", "NASDAQ"),
      listing("BTC", "crypto", "NASDAQ"),
      listing("ETFX", "et", "NASDAQ"),
    ]);
    expect(results.map((r) => r.symbol)).toEqual(["ABC", "ETFX"]);
  });
});
