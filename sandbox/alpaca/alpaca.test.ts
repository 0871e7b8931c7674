import { ApiError, AuthError, PermissionError, ValidationError } from "@alpacahq/alpaca-trade-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningSandbox } from "../server.js";
import { type AlpacaKeys, alpacaApis, alpacaFacade } from "../testing/alpaca-client.js";
import { admin, startTestSandbox } from "../testing/harness.js";
import { instantFills } from "../world/behaviour.js";

let sandbox: RunningSandbox;
let keys: AlpacaKeys;
let api: ReturnType<typeof alpacaApis>;

async function failure(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof ApiError)) throw new Error(`expected an ApiError, got ${String(error)}`);
  return error;
}

const setPrices = (prices: Record<string, number>) => admin(sandbox, "/prices", prices);

beforeAll(async () => {
  // These tests are about matching: orders fill inside their POST (vendor habits: vendor-behaviour.test.ts).
  sandbox = await startTestSandbox({ behaviour: instantFills });
  const seeded = await admin(sandbox, "/seed", {
    users: [
      {
        id: "5f0c3a52-8a55-4c39-9f59-1c1d7e3c9b10",
        email: "alpaca@example.com",
        password: "pw",
        alpaca: { cash: 50_000, positions: [{ symbol: "TSLA", units: 10, avgPrice: 200 }] },
      },
    ],
    prices: { TSLA: 250, AAPL: 200, NVDA: 100, KO: 60, INTC: 30 },
  });
  const body = (await seeded.json()) as { users: { alpaca: AlpacaKeys }[] };
  keys = { keyId: body.users[0]?.alpaca.keyId ?? "", secret: body.users[0]?.alpaca.secret ?? "" };
  api = alpacaApis(sandbox.url, keys);
});
afterAll(() => sandbox.close());

describe("Alpaca trading through the real 4.x SDK", () => {
  it("reads the account through the facade (host-rewriting middleware) and the low-level API", async () => {
    const facade = alpacaFacade(sandbox.url, keys);
    const viaFacade = await facade.trading.account.getAccount();
    expect(viaFacade.cash).toBe("50000.00");
    const account = await api.accounts.getAccount();
    expect(account.status).toBe("ACTIVE");
    expect(account.buyingPower).toBe("50000.00");
    expect(account.equity).toBe("52500.00");
    expect(account.accountNumber).toMatch(/^PA/);
  });

  it("refuses unknown keys with 401 {code:40110000}", async () => {
    const error = await failure(
      alpacaApis(sandbox.url, { keyId: "PKNOPE", secret: "nope" }).accounts.getAccount(),
    );
    expect(error).toBeInstanceOf(AuthError);
    expect(error.status).toBe(401);
    expect(error.code).toBe(40110000);
  });

  it("lists positions and reads one (404 when not held)", async () => {
    const positions = await api.positions.getAllOpenPositions();
    expect(positions.map((p) => [p.symbol, p.qty, p.marketValue])).toEqual([["TSLA", "10", "2500.00"]]);
    const tsla = await api.positions.getOpenPosition({ symbolOrAssetId: "TSLA" });
    expect(tsla.unrealizedPl).toBe("500.00");
    expect((await failure(api.positions.getOpenPosition({ symbolOrAssetId: "AAPL" }))).status).toBe(404);
  });

  it("fills a market buy at the current price and updates cash and positions", async () => {
    const order = await api.orders.market({
      symbol: "AAPL",
      qty: 5,
      side: "buy",
      clientOrderId: "cid-market-1",
    });
    expect(order.status).toBe("filled");
    expect(order.filledQty).toBe("5");
    expect(order.filledAvgPrice).toBe("200");
    expect((order as unknown as Record<string, unknown>).client_order_id).toBe("cid-market-1");
    const account = await api.accounts.getAccount();
    expect(account.cash).toBe("49000.00");
    const aapl = await api.positions.getOpenPosition({ symbolOrAssetId: "AAPL" });
    expect(aapl.qty).toBe("5");
  });

  it("refuses a duplicate client_order_id with 422 {code:40010001}", async () => {
    const error = await failure(
      api.orders.market({ symbol: "AAPL", qty: 1, side: "buy", clientOrderId: "cid-market-1" }),
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.status).toBe(422);
    expect(error.code).toBe(40010001);
    expect(error.message).toContain("client_order_id must be unique");
    const found = await api.orders.getOrderByClientOrderId({ clientOrderId: "cid-market-1" });
    expect(found.symbol).toBe("AAPL");
    const byId = await api.orders.getOrderByOrderID({ orderId: found.id ?? "" });
    expect(byId.clientOrderId).toBe("cid-market-1");
    expect((await failure(api.orders.getOrderByClientOrderId({ clientOrderId: "missing" }))).status).toBe(
      404,
    );
  });

  it("keeps a limit order open until the price crosses, then fills it", async () => {
    const order = await api.orders.limit({
      symbol: "KO",
      qty: 10,
      side: "buy",
      limitPrice: 55,
      clientOrderId: "cid-limit",
    });
    expect(order.status).toBe("new");
    const account = await api.accounts.getAccount();
    expect(account.buyingPower).toBe("48450.00");
    await setPrices({ KO: 56 });
    expect((await api.orders.getOrderByOrderID({ orderId: order.id ?? "" })).status).toBe("new");
    await setPrices({ KO: 54.5 });
    const filled = await api.orders.getOrderByOrderID({ orderId: order.id ?? "" });
    expect(filled.status).toBe("filled");
    expect(filled.filledAvgPrice).toBe("54.5");
  });

  it("triggers a stop order when the price falls through the stop", async () => {
    const order = await api.orders.stop({ symbol: "TSLA", qty: 4, side: "sell", stopPrice: 240 });
    expect(order.status).toBe("new");
    await setPrices({ TSLA: 239 });
    const filled = await api.orders.getOrderByOrderID({ orderId: order.id ?? "" });
    expect(filled.status).toBe("filled");
    expect(filled.filledAvgPrice).toBe("239");
    const stopLimit = await api.orders.stopLimit({
      symbol: "TSLA",
      qty: 1,
      side: "sell",
      stopPrice: 230,
      limitPrice: 229,
    });
    await setPrices({ TSLA: 228 });
    expect((await api.orders.getOrderByOrderID({ orderId: stopLimit.id ?? "" })).status).toBe("new");
    await setPrices({ TSLA: 229.5 });
    expect((await api.orders.getOrderByOrderID({ orderId: stopLimit.id ?? "" })).status).toBe("filled");
  });

  it("fills a large order partially first, then completely", async () => {
    const order = await api.orders.market({ symbol: "INTC", qty: 1500, side: "buy" });
    expect(order.status).toBe("partially_filled");
    expect(order.filledQty).toBe("750");
    await new Promise((resolve) => setTimeout(resolve, 150));
    const later = await api.orders.getOrderByOrderID({ orderId: order.id ?? "" });
    expect(later.status).toBe("filled");
    expect(later.filledQty).toBe("1500");
  });

  it("refuses insufficient buying power (403), overselling (403) and unknown symbols (422)", async () => {
    const poor = await failure(api.orders.market({ symbol: "NVDA", qty: 10_000, side: "buy" }));
    expect(poor).toBeInstanceOf(PermissionError);
    expect(poor.code).toBe(40310000);
    expect(poor.message).toContain("insufficient buying power");
    const oversell = await failure(api.orders.market({ symbol: "TSLA", qty: 100, side: "sell" }));
    expect(oversell.status).toBe(403);
    expect(oversell.message).toContain("insufficient qty available for order");
    const unknown = await failure(api.orders.market({ symbol: "ZZZZ", qty: 1, side: "buy" }));
    expect(unknown.status).toBe(422);
    const orders = (await (await admin(sandbox, "/orders?provider=alpaca")).json()) as {
      orders: { status: string }[];
    };
    expect(orders.orders.filter((o) => o.status === "rejected")).toHaveLength(3);
  });

  it("accepts notional and fractional market orders (day only)", async () => {
    const notional = await api.orders.market({ symbol: "NVDA", notional: 250, side: "buy" });
    expect(notional.notional).toBe("250");
    expect(notional.qty ?? null).toBeNull();
    expect(notional.filledQty).toBe("2.5");
    const fractional = await api.orders.market({ symbol: "NVDA", qty: 0.5, side: "sell" });
    expect(fractional.filledQty).toBe("0.5");
    const gtc = await failure(
      api.orders.market({ symbol: "NVDA", qty: 0.5, side: "buy", timeInForce: "gtc" }),
    );
    expect(gtc.status).toBe(422);
  });

  it("cancels an open order (204) and refuses to cancel a filled one (422)", async () => {
    const order = await api.orders.limit({ symbol: "AAPL", qty: 1, side: "buy", limitPrice: 1 });
    await api.orders.deleteOrderByOrderID({ orderId: order.id ?? "" });
    expect((await api.orders.getOrderByOrderID({ orderId: order.id ?? "" })).status).toBe("canceled");
    const filled = await api.orders.getOrderByClientOrderId({ clientOrderId: "cid-market-1" });
    expect((await failure(api.orders.deleteOrderByOrderID({ orderId: filled.id ?? "" }))).status).toBe(422);
  });

  it("holds market orders while the market is closed and fills them at the open", async () => {
    await admin(sandbox, "/clock", { open: false });
    expect((await api.clock.legacyClock()).isOpen).toBe(false);
    const order = await api.orders.market({ symbol: "AAPL", qty: 1, side: "buy" });
    expect(order.status).toBe("accepted");
    await admin(sandbox, "/clock", { open: true });
    expect((await api.orders.getOrderByOrderID({ orderId: order.id ?? "" })).status).toBe("filled");
    const clock = await api.clock.legacyClock();
    expect(clock.isOpen).toBe(true);
    expect(clock.nextClose.getTime()).toBeGreaterThan(Date.now());
  });

  it("lists orders by status, symbols, direction and limit", async () => {
    const open = await api.orders.getAllOrders({ status: "open" });
    expect(open).toEqual([]);
    const all = await api.orders.getAllOrders({
      status: "all",
      limit: 500,
      direction: "asc",
      symbols: ["AAPL", "KO"],
    });
    expect(all.every((o) => o.symbol === "AAPL" || o.symbol === "KO")).toBe(true);
    expect(all[0]?.clientOrderId).toBe("cid-market-1");
    const two = await api.orders.getAllOrders({ status: "closed", limit: 2 });
    expect(two).toHaveLength(2);
  });

  it("serves assets, activities and portfolio history", async () => {
    const asset = await api.assets.getV2AssetsSymbolOrAssetId({ symbolOrAssetId: "AAPL" });
    expect(asset.name).toBe("Apple Inc.");
    expect(asset.fractionable).toBe(true);
    expect((await failure(api.assets.getV2AssetsSymbolOrAssetId({ symbolOrAssetId: "ZZZZ" }))).status).toBe(
      404,
    );
    const fills = await api.activities.getAccountActivities({ activityTypes: ["FILL"] });
    expect(fills.length).toBeGreaterThan(5);
    const deposits = await api.activities.getAccountActivities({ activityTypes: ["CSD"] });
    expect(deposits).toHaveLength(1);
    const history = await api.history.getAccountPortfolioHistory({ period: "1M" });
    expect(history.equity?.length).toBe(21);
    expect(history.timestamp?.length).toBe(21);
    const intraday = await api.history.getAccountPortfolioHistory({ period: "1D" });
    expect(intraday.timeframe).toBe("1H");
  });
});

describe("Alpaca market data through the real 4.x SDK", () => {
  it("serves latest trades and quotes, single and multi", async () => {
    await setPrices({ AAPL: 201.25 });
    const trade = await api.stocks.stockLatestTradeSingle({ symbol: "AAPL", feed: "iex" });
    expect(trade.trade.p).toBe(201.25);
    const quote = await api.stocks.stockLatestQuoteSingle({ symbol: "AAPL", feed: "iex" });
    expect(quote.quote.bp).toBe(201.24);
    expect(quote.quote.ap).toBe(201.26);
    const trades = await api.stocks.stockLatestTrades({ symbols: "AAPL,MSFT,NOPE" });
    expect(Object.keys(trades.trades).sort()).toEqual(["AAPL", "MSFT"]);
    const quotes = await api.stocks.stockLatestQuotes({ symbols: "VOO" });
    expect(quotes.quotes.VOO?.ap).toBeGreaterThan(0);
    const facade = alpacaFacade(sandbox.url, keys);
    expect(await facade.marketData.getLatestPrice("AAPL", { feed: "iex" })).toBe(201.25);
  });

  it("serves daily bars ending at the live price", async () => {
    const bars = await api.stocks.stockBarSingle({ symbol: "AAPL", timeframe: "1Day" });
    expect(bars.bars.length).toBeGreaterThan(20);
    const firstTen = await api.stocks.stockBarSingle({ symbol: "AAPL", timeframe: "1Day", limit: 10 });
    expect(firstTen.bars).toEqual(bars.bars.slice(0, 10));
    expect(bars.bars.at(-1)?.c).toBe(201.25);
    expect(bars.symbol).toBe("AAPL");
  });
});
