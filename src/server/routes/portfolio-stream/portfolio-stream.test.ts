import { afterEach, describe, expect, it } from "vitest";
import { buildTestApp } from "../../../../test/helpers/app.js";
import type { TradingSession } from "../../../brokers/session.js";
import type { Database } from "../../../core/db/database.js";
import { UnauthorizedError } from "../../../core/errors.js";
import type { Account, HoldingsView, PortfolioService } from "../../../portfolio/service.js";
import { portfolioStreamRoutes, SharedPriceCache } from "./index.js";
import type { PortfolioStreamEvent } from "./reprice.js";

const account = (id: string, provider: Account["provider"], canTrade = true): Account => ({
  id,
  provider,
  institution: provider,
  name: id,
  numberMasked: "••••0001",
  canTrade,
  connectionStatus: "active",
  cash: 1000,
  buyingPower: 1000,
  totalValue: null,
  currency: "USD",
  isPaper: provider === "alpaca",
  syncedAt: new Date().toISOString(),
  dataAsOf: null,
});

/** 1000 cash + 10 AAPL at 100 + 2 TSLA at 250 = 2500. */
const holdings = (): HoldingsView => ({
  asOf: new Date().toISOString(),
  scope: "live",
  totalValue: 2500,
  totals: { live: null, paper: null },
  accounts: [
    account("plaid_v", "plaid", false),
    account("snaptrade_s", "snaptrade"),
    account("alpaca_a", "alpaca"),
  ],
  warnings: [],
  positions: [
    {
      symbol: "AAPL",
      description: "Apple",
      quantity: 10,
      price: 100,
      marketValue: 1000,
      costBasis: 800,
      unrealizedPl: 200,
      isPaper: false,
      averageCost: 80,
      accounts: [
        {
          accountId: "snaptrade_s",
          quantity: 10,
          marketValue: 1000,
          costBasis: 800,
          unrealizedPl: 200,
          canTrade: true,
        },
      ],
    },
    {
      symbol: "TSLA",
      description: "Tesla",
      quantity: 2,
      price: 250,
      marketValue: 500,
      costBasis: null,
      unrealizedPl: null,
      isPaper: false,
      averageCost: null,
      accounts: [
        {
          accountId: "alpaca_a",
          quantity: 2,
          marketValue: 500,
          costBasis: null,
          unrealizedPl: null,
          canTrade: true,
        },
      ],
    },
  ],
});

/** A portfolio whose quotes the test moves; it counts quote calls and records the quote account. */
function fakePortfolio() {
  const prices = new Map([
    ["AAPL", 100],
    ["TSLA", 250],
  ]);
  const calls = { quotes: 0, quoteAccounts: new Set<string>() };
  const session = {
    provider: "alpaca",
    async getQuote(accountId: string, symbol: string) {
      calls.quotes += 1;
      calls.quoteAccounts.add(accountId);
      const price = prices.get(symbol);
      if (price === undefined) throw new Error(`no price for ${symbol}`);
      return { symbol, price, bid: null, ask: null, asOf: new Date().toISOString(), source: "test" };
    },
  } as unknown as TradingSession;
  const portfolio = {
    getHoldings: async () => holdings(),
    tradingSession: async () => session,
  } as unknown as PortfolioService;
  return { portfolio, prices, calls };
}

type Block = { comment: string } | { event: string; data: PortfolioStreamEvent };

/** Reads SSE blocks (events and `:` comments) from a response body as they arrive. */
function sseReader(response: Response) {
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  const nextBlock = async (deadline: number): Promise<Block> => {
    for (;;) {
      const end = buffer.indexOf("\n\n");
      if (end >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (block.startsWith(":")) return { comment: block };
        const event = /^event: (.*)$/m.exec(block)?.[1] ?? "message";
        return { event, data: JSON.parse(/^data: (.*)$/m.exec(block)?.[1] ?? "null") };
      }
      const left = deadline - Date.now();
      const chunk = await Promise.race([
        reader.read(),
        new Promise<never>((_, reject) =>
          setTimeout(() => reject(new Error("nothing arrived in time")), left),
        ),
      ]);
      if (chunk.done) throw new Error("stream ended");
      buffer += chunk.value;
    }
  };
  return {
    async next(timeoutMs = 2_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const block = await nextBlock(deadline);
        if ("event" in block) return block;
      }
    },
    async nextComment(timeoutMs = 2_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const block = await nextBlock(deadline);
        if ("comment" in block) return block.comment;
      }
    },
    cancel: () => reader.cancel(),
  };
}

describe("GET /api/portfolio/stream", () => {
  const readers: Array<{ cancel(): Promise<void> }> = [];
  afterEach(async () => {
    for (const reader of readers.splice(0)) await reader.cancel().catch(() => {});
  });

  const build = (fake: ReturnType<typeof fakePortfolio>, prices = new SharedPriceCache({ ttlMs: 1 })) =>
    buildTestApp({
      db: {} as Database,
      verifier: {
        verify: async (token) => {
          if (!token.startsWith("user-")) throw new UnauthorizedError();
          return { id: token, email: undefined };
        },
      },
      app: { routes: [portfolioStreamRoutes(fake.portfolio, { pollMs: 20, keepAliveMs: 30, prices })] },
    }).app;

  const open = async (app: ReturnType<typeof build>, token = "user-1") => {
    const response = await app.request("/api/portfolio/stream", {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/event-stream");
    const reader = sseReader(response);
    readers.push(reader);
    return reader;
  };

  it("requires a bearer token", async () => {
    const app = build(fakePortfolio());
    expect((await app.request("/api/portfolio/stream")).status).toBe(401);
  });

  it("sends the holdings at once, then a new total when prices move", async () => {
    const fake = fakePortfolio();
    const stream = await open(build(fake));
    const first = await stream.next();
    expect(first.event).toBe("portfolio");
    expect(first.data.totalValue).toBe(2500);

    fake.prices.set("AAPL", 110);
    let moved = await stream.next();
    // Ticks that change nothing send nothing, so the next event is the move.
    while (moved.data.totalValue === 2500) moved = await stream.next();
    expect(moved.data.totalValue).toBe(2600);
    const apple = moved.data.positions.find((p) => p.symbol === "AAPL")!;
    expect(apple).toMatchObject({ price: 110, marketValue: 1100, unrealizedPl: 300 });
    expect(apple.accounts[0]!.marketValue).toBe(1100);
    // Quotes go through the Alpaca account, never the read-only Plaid one.
    expect([...fake.calls.quoteAccounts]).toEqual(["alpaca_a"]);
    expect(await stream.nextComment()).toBe(": keep-alive");
  });

  it("shares prices between viewers and stops polling when they leave", async () => {
    const fake = fakePortfolio();
    const app = build(fake, new SharedPriceCache({ ttlMs: 60_000 }));
    const viewers = await Promise.all([open(app, "user-1"), open(app, "user-2"), open(app, "user-3")]);
    await Promise.all(viewers.map((v) => v.next()));
    await new Promise((resolve) => setTimeout(resolve, 150));
    // Two symbols, one broker call each, however many viewers and ticks.
    expect(fake.calls.quotes).toBe(2);

    for (const viewer of viewers) await viewer.cancel();
    const shortTtl = fakePortfolio();
    const busy = build(shortTtl);
    const leaving = await open(busy);
    await leaving.next();
    await leaving.cancel();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const afterLeaving = shortTtl.calls.quotes;
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(shortTtl.calls.quotes).toBe(afterLeaving);
  });
});
