import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { openTestPglite, type TestDatabase } from "../../test/helpers/databases.js";
import { migrate } from "../core/db/migrate.js";
import type { OrderRequest } from "./contract/index.js";
import { cardWaitingReason, NeedsClarification, OrderRefused } from "./errors.js";
import {
  type FakeWorld,
  fakeWorld,
  type PreparerHarnessOptions,
  preparerFor,
  testAccount,
} from "./test-support/preparer.js";

const robinhood = testAccount("snaptrade_rh", {
  institution: "Robinhood",
  name: "Individual",
  buyingPower: 5_000,
});
const webull = testAccount("snaptrade_wb", { institution: "Webull", name: "Margin", buyingPower: 800 });
const fidelity = testAccount("snaptrade_fi", {
  institution: "Fidelity",
  name: "Individual",
  canTrade: false,
});
const alpacaPaper = testAccount("alpaca_paper", {
  provider: "alpaca",
  institution: "Alpaca",
  name: "Paper",
  isPaper: true,
  buyingPower: 25_000,
});
const hold = (accountId: string, symbol: string, quantity: number) => ({
  accountId,
  symbol,
  description: `${symbol} Inc.`,
  quantity,
  price: 100,
  marketValue: quantity * 100,
  costBasis: null,
});

/** Robinhood and Webull trade (Robinhood has the most buying power); Fidelity is read-only; Alpaca is paper. */
const demo = (fields: Partial<FakeWorld> = {}) =>
  fakeWorld({
    accounts: [robinhood, webull, fidelity, alpacaPaper],
    positions: [hold(robinhood.id, "AAPL", 10), hold(webull.id, "AAPL", 3), hold(fidelity.id, "MSFT", 5)],
    ...fields,
  });

/** The preparer's card as it is made, and the world it was made in. */
describe("preparing an order card", () => {
  let db: TestDatabase;
  const preparer = (world = demo(), options?: PreparerHarnessOptions) => preparerFor(db, world, options);
  const prepare = (request: OrderRequest, world = demo(), options?: PreparerHarnessOptions) =>
    preparer(world, options).prepare(request);

  beforeAll(async () => {
    db = await openTestPglite();
    await migrate(db.pool);
  });
  afterEach(() => {
    vi.useRealTimers();
  });
  afterAll(async () => {
    await db?.close();
  });

  it("binds the broker's own symbol and name, the request, the account and routing, and stores that card", async () => {
    const world = demo({
      symbols: {
        BRKB: { symbol: "BRK.B", description: "Berkshire Hathaway B", tradable: true, fractionable: true },
      },
      prices: { "BRK.B": 480 },
    });
    const { prepare, repo, userId } = preparer(world);
    const request: OrderRequest = { symbol: "BRKB", side: "buy", quantity: 2 };
    const card = await prepare(request, { threadId: "thread-1" });
    expect(card).toMatchObject({
      kind: "order",
      userId,
      threadId: "thread-1",
      status: "awaiting",
      request,
      basis: null,
      account: {
        id: robinhood.id,
        provider: "snaptrade",
        institution: "Robinhood",
        name: "Individual",
        numberMasked: "••••0042",
        isPaper: false,
      },
      routing: { rule: "automatic_default" },
    });
    expect(Object.keys(card.account).sort()).toEqual([
      "id",
      "institution",
      "isPaper",
      "name",
      "numberMasked",
      "provider",
    ]);
    expect(card.spec).toEqual({
      symbol: "BRK.B",
      description: "Berkshire Hathaway B",
      side: "buy",
      quantity: 2,
      notional: null,
      orderType: "market",
      limitPrice: null,
      stopPrice: null,
      timeInForce: "day",
    });
    // The broker was asked to check exactly the order on the card, under a fresh client order id.
    expect(world.previewed).toEqual([
      { accountId: robinhood.id, ...card.spec, clientOrderId: expect.any(String) },
    ]);
    expect(card.brokerPreview).toMatchObject({ price: 480, amount: 960 });
    expect(card.cardText).toMatch(
      /^Buy 2 shares of BRK\.B \(Berkshire Hathaway B\) at market, DAY, in Robinhood Individual ••••0042 \(live\)\./,
    );
    expect(await repo.getProposal(userId, card.id)).toMatchObject({
      id: card.id,
      hash: card.hash,
      spec: card.spec,
    });
  });

  it("a card made outside a thread belongs to no thread; a limit order keeps its price and time in force", async () => {
    const card = await prepare({
      symbol: "AAPL",
      side: "sell",
      quantity: 1,
      orderType: "limit",
      limitPrice: 150,
      timeInForce: "gtc",
    });
    expect(card.threadId).toBeNull();
    expect(card.spec).toMatchObject({
      orderType: "limit",
      limitPrice: 150,
      stopPrice: null,
      timeInForce: "gtc",
    });
  });

  it("lists every other account that holds the symbol, with what it holds and why it cannot take the order", async () => {
    const card = await prepare({ symbol: "AAPL", side: "sell", quantity: 2, account: "Robinhood" });
    expect(card.routing.rule).toBe("named");
    expect(card.routing.reason).toMatch(/Robinhood/);
    expect(card.routing.alternatives).toEqual(
      expect.arrayContaining([
        {
          accountId: webull.id,
          institution: "Webull",
          name: "Margin",
          holds: 3,
          buyingPower: 800,
          canTrade: true,
          whyNot: null,
        },
      ]),
    );
  });

  it("one card per thread at a time: a waiting card refuses another until it expires; other threads and callers are not held", async () => {
    const { prepare } = preparer();
    const sell = { symbol: "AAPL", side: "sell" as const, quantity: 1 };
    const waiting = await prepare(sell, { threadId: "t-1" }, { refuseWhileCardWaits: true });
    await expect(prepare(sell, { threadId: "t-1" }, { refuseWhileCardWaits: true })).rejects.toThrow(
      new OrderRefused(cardWaitingReason),
    );
    await expect(prepare(sell, { threadId: "t-2" }, { refuseWhileCardWaits: true })).resolves.toMatchObject({
      threadId: "t-2",
    });
    await expect(prepare(sell, { threadId: "t-1" })).resolves.toMatchObject({ threadId: "t-1" });
    await expect(prepare(sell, {}, { refuseWhileCardWaits: true })).resolves.toMatchObject({
      threadId: null,
    });
    await db.pool.query(
      "update trade_proposals set expires_at = now() - interval '1 second' where thread_id = 't-1'",
    );
    expect((await prepare(sell, { threadId: "t-1" }, { refuseWhileCardWaits: true })).id).not.toBe(
      waiting.id,
    );
  });

  it("reads the portfolio while it looks for the thread's waiting card, and only once", async () => {
    const world = demo();
    const { prepare } = preparer(world);
    const sell = { symbol: "AAPL", side: "sell" as const, quantity: 1 };
    const waitingCards = db.pool.query.bind(db.pool);
    let readBeforeWaitingCardsAnswered: number | null = null;
    const spy = vi.spyOn(db.pool, "query").mockImplementation(async (text: string, params?: unknown[]) => {
      const answer = await waitingCards(text, params);
      if (text.includes("p.status = 'awaiting'")) readBeforeWaitingCardsAnswered = world.snapshotsRead;
      return answer as never;
    });
    try {
      await prepare(sell, { threadId: "t-meanwhile" }, { refuseWhileCardWaits: true });
    } finally {
      spy.mockRestore();
    }
    expect(readBeforeWaitingCardsAnswered).toBe(1);
    expect(world.snapshotsRead).toBe(1);
  });

  it("a waiting card holds its thread until the very instant it expires, as the approval path counts expiry", async () => {
    const { prepare } = preparer();
    const sell = { symbol: "AAPL", side: "sell" as const, quantity: 1 };
    await prepare(sell, { threadId: "t-instant" }, { refuseWhileCardWaits: true });
    const expiresAt = Date.parse("2026-11-30T09:05:00.000Z");
    await db.pool.query("update trade_proposals set expires_at = $1 where thread_id = 't-instant'", [
      new Date(expiresAt).toISOString(),
    ]);
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(expiresAt - 1);
    await expect(prepare(sell, { threadId: "t-instant" }, { refuseWhileCardWaits: true })).rejects.toThrow(
      new OrderRefused(cardWaitingReason),
    );
    vi.setSystemTime(expiresAt);
    await expect(
      prepare(sell, { threadId: "t-instant" }, { refuseWhileCardWaits: true }),
    ).resolves.toMatchObject({ threadId: "t-instant" });
  });

  it("the operator's switches refuse before any broker is asked: all trading, or SnapTrade trading only", async () => {
    const world = demo();
    await expect(
      prepare({ symbol: "AAPL", side: "sell", quantity: 1 }, world, { features: { tradingEnabled: false } }),
    ).rejects.toThrow(
      new OrderRefused(
        "Order submission is switched off by the operator right now, so I can't prepare orders.",
      ),
    );
    // Not even the portfolio is read (its refresh would ask a broker).
    expect(world.snapshotsRead).toBe(0);
    const noSnaptrade = { features: { snaptradeTradeExecution: false } };
    await expect(prepare({ symbol: "AAPL", side: "sell", quantity: 1 }, world, noSnaptrade)).rejects.toThrow(
      new OrderRefused(
        "Trading through Robinhood (via SnapTrade) is switched off right now; your holdings there can still be viewed.",
      ),
    );
    expect(world.sessionsOpened).toEqual([]);
    // Alpaca trades on while SnapTrade is off.
    const alpaca = await prepare(
      { symbol: "KO", side: "buy", quantity: 1, account: "Alpaca" },
      world,
      noSnaptrade,
    );
    expect(alpaca.account.id).toBe(alpacaPaper.id);
  });

  it("routing's refusals and questions reach the user as they are", async () => {
    const readOnly = prepare({ symbol: "MSFT", side: "sell", quantity: 1 });
    await expect(readOnly).rejects.toBeInstanceOf(OrderRefused);
    await expect(readOnly).rejects.toThrow(/Fidelity/);
    const which = prepare({ symbol: "AAPL", side: "sell", fraction: 0.5 });
    await expect(which).rejects.toBeInstanceOf(NeedsClarification);
    await expect(which).rejects.toThrow(/Robinhood Individual \(10\) and Webull Margin \(3\)/);
  });

  it("without a size: refused at once when no account could take it, else asked how much; other questions are asked first", async () => {
    await expect(prepare({ symbol: "MSFT", side: "sell" })).rejects.toThrow(OrderRefused);
    await expect(prepare({ symbol: "MSFT", side: "sell" })).rejects.toThrow(/Fidelity/);
    await expect(prepare({ symbol: "AAPL", side: "sell" })).rejects.toThrow(
      new NeedsClarification("How much AAPL do you want to sell? Say a number of shares or a dollar amount."),
    );
    await expect(prepare({ symbol: "MSFT", side: "sell", quantity: 1, orderType: "limit" })).rejects.toThrow(
      new NeedsClarification("What limit price do you want?"),
    );
    await expect(prepare({ symbol: "MSFT", side: "sell", quantity: 1, notional: 5 })).rejects.toThrow(
      new OrderRefused("Give either shares, a dollar amount, all, or a fraction — not several."),
    );
  });

  it("sizing refuses what the account cannot do, and its own warnings come after the default account's note", async () => {
    await expect(
      prepare({ symbol: "AAPL", side: "sell", quantity: 11, account: "Robinhood" }),
    ).rejects.toThrow(/holds (only )?10/);
    const world = demo({
      symbols: { KO: { symbol: "KO", description: "Coca-Cola", tradable: true, fractionable: null } },
      defaultAccount: {
        accountId: fidelity.id,
        label: "Fidelity Individual",
        chosenAt: "2026-11-01T00:00:00Z",
      },
    });
    const card = await prepare({ symbol: "KO", side: "buy", quantity: 0.5 }, world);
    expect(card.warnings[0]).toMatch(
      /^Your default trading account, Fidelity Individual, can't take orders now/,
    );
    expect(card.warnings[1]).toMatch(/fraction/i);
  });

  it("the broker previews the order while it quotes: the size sent does not wait for the price", async () => {
    const world = demo();
    let previewedBeforeQuote = false;
    world.beforeQuote = async () => {
      for (let waited = 0; waited < 500 && world.previewed.length === 0; waited += 5) await sleep(5);
      previewedBeforeQuote = world.previewed.length > 0;
    };
    const card = await prepare({ symbol: "AAPL", side: "buy", quantity: 2, account: "Robinhood" }, world);
    expect(previewedBeforeQuote).toBe(true);
    expect(card.spec).toMatchObject({ quantity: 2 });
  });

  it("a dollar sell worth more than the holding at the quoted price is refused after the quote; nothing is stored", async () => {
    const world = demo({ prices: { AAPL: 100 } });
    const count = async () =>
      (await db.pool.query<{ n: number }>("select count(*)::int as n from trade_proposals")).rows[0]?.n;
    const before = await count();
    const preparing = prepare(
      { symbol: "AAPL", side: "sell", notional: 1000.01, account: "Robinhood" },
      world,
    );
    await expect(preparing).rejects.toBeInstanceOf(OrderRefused);
    await expect(preparing).rejects.toThrow(
      /holds 10 AAPL, worth about \$1,000\.00, less than the \$1,000\.01/,
    );
    expect(await count()).toBe(before);
  });

  it("a size the broker's rules cannot take is refused, naming the field", async () => {
    const world = demo({
      symbols: { LONG: { symbol: "LONG", description: "x".repeat(201), tradable: true, fractionable: true } },
    });
    await expect(prepare({ symbol: "LONG", side: "buy", quantity: 1 }, world)).rejects.toThrow(
      new OrderRefused(
        "This order cannot be sent as asked (description: Too big: expected string to have <=200 characters).",
      ),
    );
  });

  it("refuses what breaks a risk limit, sizing a share order at the worst price it may fill at", async () => {
    const limits = { limits: { maxOrderNotional: 1_000 } };
    await expect(prepare({ symbol: "KO", side: "buy", quantity: 11 }, demo(), limits)).rejects.toThrow(
      new OrderRefused("The order (about $1,100.00) is above the $1,000.00 limit per order."),
    );
    await expect(prepare({ symbol: "KO", side: "buy", quantity: 10 }, demo(), limits)).resolves.toBeDefined();
    // 9 shares fit at the $100 quote; a limit or stop at $120 could fill above the cap.
    for (const prices of [
      { orderType: "limit", limitPrice: 120 },
      { orderType: "stop", stopPrice: 120 },
    ] as const) {
      await expect(
        prepare({ symbol: "KO", side: "buy", quantity: 9, ...prices }, demo(), limits),
      ).rejects.toThrow(/about \$1,080\.00\) is above the \$1,000\.00 limit/);
    }
    await expect(prepare({ symbol: "KO", side: "buy", notional: 1_000.01 }, demo(), limits)).rejects.toThrow(
      /about \$1,000\.01/,
    );
    const noOrders = { limits: { maxOrdersPerDay: 0 } };
    const { prepare: inThread } = preparer(demo(), noOrders);
    for (const threadId of ["t-limits", null]) {
      await expect(
        inThread({ symbol: "KO", side: "buy", quantity: 1 }, { threadId }, { refuseWhileCardWaits: true }),
      ).rejects.toThrow(new OrderRefused("You have reached the limit of 0 orders per day."));
    }
  });
});
