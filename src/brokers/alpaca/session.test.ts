import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type BrokerSandbox,
  silentLogger,
  startBrokerSandbox,
  testCalls,
} from "../../../test/helpers/brokers/broker-sandbox.js";
import { OrderRejected, OutcomeUnknown } from "../errors.js";
import { exchangeClock } from "../market-hours.js";
import type { BrokerAccount, OrderRequest } from "../model.js";
import type { TradingSession } from "../session.js";
import { createAlpacaClient } from "./client.js";

let sandbox: BrokerSandbox;
let session: TradingSession;
let account: BrokerAccount;

beforeAll(async () => {
  sandbox = await startBrokerSandbox();
  const [user] = await sandbox.seed({
    prices: { AAPL: 200, MSFT: 400 },
    users: [
      {
        id: "alpaca-user",
        alpaca: { cash: 10_000, positions: [{ symbol: "AAPL", units: 5, avgPrice: 150 }] },
      },
    ],
  });
  session = createAlpacaClient(
    sandbox.config.alpaca,
    { ...testCalls(), cacheSize: 4 },
    silentLogger,
    () => new Date(),
  ).session({ keyId: user!.alpaca!.keyId, secret: user!.alpaca!.secret, paper: true });
  [account] = (await session.listAccounts()) as [BrokerAccount];
});

afterAll(() => sandbox.close());

let sequence = 0;
function order(overrides: Partial<OrderRequest> = {}): OrderRequest {
  sequence += 1;
  return {
    accountId: account.id,
    symbol: "MSFT",
    side: "buy",
    quantity: 1,
    notional: null,
    orderType: "market",
    limitPrice: null,
    stopPrice: null,
    timeInForce: "day",
    clientOrderId: `alpaca-proposal-${sequence}`,
    ...overrides,
  };
}

describe("Alpaca session reads", () => {
  it("lists its one account with balances", () => {
    expect(account).toMatchObject({
      provider: "alpaca",
      institution: "Alpaca",
      connectionId: null,
      canTrade: true,
      connectionStatus: "active",
      isPaper: true,
      currency: "USD",
      cash: 10_000,
    });
    expect(account.id).toBe(`alpaca_${account.providerAccountId}`);
    expect(account.numberMasked).toMatch(/^••••\w{4}$/);
    expect(account.buyingPower).toBeGreaterThanOrEqual(10_000);
  });

  it("lists positions, activities, a quote, a symbol and the clock", async () => {
    expect(await session.listPositions(account.id)).toEqual([
      expect.objectContaining({
        symbol: "AAPL",
        quantity: 5,
        price: 200,
        marketValue: 1_000,
        costBasis: 750,
      }),
    ]);
    const activities = await session.listActivities(account.id, {
      from: new Date(Date.now() - 3 * 365 * 86_400_000),
      to: new Date(Date.now() + 86_400_000),
    });
    expect(activities.length).toBeGreaterThan(0);
    expect(activities.every((a) => a.accountId === account.id && !Number.isNaN(Date.parse(a.at)))).toBe(true);

    const quote = await session.getQuote(account.id, "MSFT");
    expect(quote).toMatchObject({ symbol: "MSFT", price: 400, source: "alpaca latest trade" });
    expect(quote.bid).not.toBeNull();

    expect(await session.lookupSymbol(account.id, "MSFT")).toMatchObject({ symbol: "MSFT", tradable: true });
    expect(await session.lookupSymbol(account.id, "ZZZZQ")).toBeNull();
    const beforeClock = await sandbox.requestCount("alpaca", "clock");
    expect(await session.marketClock()).toEqual(exchangeClock(new Date()));
    // The exchange calendar answers: no broker call per order for the session hours.
    expect(await sandbox.requestCount("alpaca", "clock")).toBe(beforeClock);
  });
});

describe("Alpaca orders", () => {
  it("estimates a preview from the latest trade and the buying power, fees unknown", async () => {
    const preview = await session.previewOrder(order({ quantity: 2 }));
    expect(preview).toMatchObject({
      price: 400,
      priceSource: "alpaca latest trade",
      amount: 800,
      amountSource: "estimate",
      fees: null,
      buyingPowerBefore: account.buyingPower,
      buyingPowerAfter: (account.buyingPower ?? 0) - 800,
    });
    const limit = await session.previewOrder(order({ orderType: "limit", limitPrice: 390, quantity: 2 }));
    expect(limit).toMatchObject({ price: 390, priceSource: "limit price", amount: 780 });
  });

  it("places with the client order id, finds it by that id, and knows when it is absent", async () => {
    const request = order();
    const placed = await session.placeOrder(request, null);
    expect(placed).toMatchObject({
      clientOrderId: request.clientOrderId,
      symbol: "MSFT",
      side: "buy",
      quantity: 1,
    });
    const recorded = (await sandbox.orders("alpaca")).filter(
      (o) => o.clientOrderId === request.clientOrderId,
    );
    expect(recorded).toHaveLength(1);

    expect(await session.findOrder(request, new Date())).toMatchObject({
      kind: "found",
      order: { brokerOrderId: placed.brokerOrderId },
    });
    expect(await session.findOrder(order(), new Date())).toEqual({ kind: "absent" });
  });

  it("reads, lists and cancels an open order", async () => {
    const open = await session.placeOrder(order({ orderType: "limit", limitPrice: 1 }), null);
    expect(await session.getOrder(account.id, open.brokerOrderId)).toMatchObject({
      status: "accepted",
      limitPrice: 1,
    });
    expect(
      (await session.listOrders(account.id, { openOnly: true, days: 1 })).map((o) => o.brokerOrderId),
    ).toContain(open.brokerOrderId);
    expect(await session.cancelOrder(account.id, open.brokerOrderId)).toMatchObject({ status: "cancelled" });
  });

  it("maps refusals to OrderRejected with Alpaca's words", async () => {
    const tooBig = session.placeOrder(order({ quantity: 10_000 }), null);
    await expect(tooBig).rejects.toMatchObject({
      name: "OrderRejected",
      reason: "insufficient buying power",
    });
    const overSell = session.placeOrder(order({ symbol: "AAPL", side: "sell", quantity: 50 }), null);
    await expect(overSell).rejects.toBeInstanceOf(OrderRejected);
  });

  it("on a reused client order id, returns the earlier order when it is the same one", async () => {
    const request = order({ orderType: "limit", limitPrice: 2 });
    const first = await session.placeOrder(request, null);
    const again = await session.placeOrder(request, null);
    expect(again.brokerOrderId).toBe(first.brokerOrderId);
    expect(
      (await sandbox.orders("alpaca")).filter((o) => o.clientOrderId === request.clientOrderId),
    ).toHaveLength(1);
  });

  it("on a reused client order id with other terms, or a cancelled order behind it, the outcome is unknown", async () => {
    const request = order({ orderType: "limit", limitPrice: 3 });
    const first = await session.placeOrder(request, null);
    await expect(session.placeOrder({ ...request, quantity: 2 }, null)).rejects.toBeInstanceOf(
      OutcomeUnknown,
    );
    await session.cancelOrder(account.id, first.brokerOrderId);
    await expect(session.placeOrder(request, null)).rejects.toBeInstanceOf(OutcomeUnknown);
  });
});
