import type { orders } from "@alpacahq/alpaca-trade-api/rest";
import { providerAccountIdFor } from "../account-ids.js";
import { BrokerNotFound, OrderRejected, OutcomeUnknown } from "../errors.js";
import { exchangeClock } from "../market-hours.js";
import type {
  Activity,
  BrokerAccount,
  BrokerOrder,
  BrokerPosition,
  OrderPreview,
  OrderRequest,
  Quote,
} from "../model.js";
import type { MarketClock, OrderLookup, SymbolInfo, TradingSession } from "../session.js";
import { brokerTicker } from "../share-class.js";
import type { AlpacaAssetDirectory } from "./asset-search.js";
import type { AlpacaCalls } from "./calls.js";
import type { AlpacaApis } from "./client.js";
import { DuplicateClientOrderId } from "./errors.js";
import { estimateOrder } from "./estimate.js";
import { isoOrNull, toAccount, toActivity, toBrokerOrder, toPosition, toSymbolInfo } from "./mapping.js";

/** IEX is the feed every Alpaca account may read. */
const feed = "iex";
const activityPageSize = 100;
const maxActivityPages = 20;
const dayMs = 86_400_000;

function orderInput(order: OrderRequest): orders.OrderInput {
  return {
    type: order.orderType,
    symbol: order.symbol,
    side: order.side,
    timeInForce: order.timeInForce,
    clientOrderId: order.clientOrderId,
    ...(order.quantity !== null ? { qty: order.quantity } : {}),
    ...(order.notional !== null ? { notional: order.notional } : {}),
    ...(order.limitPrice !== null ? { limitPrice: order.limitPrice } : {}),
    ...(order.stopPrice !== null ? { stopPrice: order.stopPrice } : {}),
  };
}

/** Whether the order Alpaca holds under our client order id is the one we meant to send. */
function sameOrder(sent: OrderRequest, held: BrokerOrder): boolean {
  return (
    held.symbol.toUpperCase() === sent.symbol.toUpperCase() &&
    held.side === sent.side &&
    held.orderType === sent.orderType &&
    held.quantity === sent.quantity &&
    held.notional === sent.notional &&
    held.limitPrice === sent.limitPrice &&
    held.stopPrice === sent.stopPrice
  );
}

/** One Alpaca key pair: exactly one account. */
export class AlpacaSession implements TradingSession {
  readonly provider = "alpaca" as const;

  constructor(
    private readonly apis: AlpacaApis,
    private readonly calls: AlpacaCalls,
    private readonly paper: boolean,
    private readonly now: () => Date,
    private readonly assets: AlpacaAssetDirectory,
  ) {}

  async listAccounts(): Promise<BrokerAccount[]> {
    const account = await this.calls.read("getAccount", () => this.apis.account.getAccount());
    return [toAccount(account, this.paper)];
  }

  /** The account and its positions at once: one key pair has one account. */
  async refreshAccount(
    account: BrokerAccount,
  ): Promise<{ account: BrokerAccount; positions: BrokerPosition[] }> {
    const [[listed], positions] = await Promise.all([this.listAccounts(), this.listPositions(account.id)]);
    if (!listed || listed.id !== account.id)
      throw new BrokerNotFound("alpaca", `account ${account.numberMasked}`);
    return { account: listed, positions };
  }

  async listPositions(accountId: string): Promise<BrokerPosition[]> {
    providerAccountIdFor("alpaca", accountId);
    const positions = await this.calls.read("getAllOpenPositions", () =>
      this.apis.positions.getAllOpenPositions(),
    );
    return positions.map((p) => toPosition(accountId, p));
  }

  async listActivities(accountId: string, range: { from: Date; to: Date }): Promise<Activity[]> {
    providerAccountIdFor("alpaca", accountId);
    const activities: Activity[] = [];
    let pageToken: string | undefined;
    for (let page = 0; page < maxActivityPages; page++) {
      const rows = await this.calls.read("getAccountActivities", () =>
        this.apis.activities.getAccountActivities({
          after: range.from,
          until: range.to,
          direction: "desc",
          pageSize: activityPageSize,
          pageToken,
        }),
      );
      for (const row of rows) {
        const activity = toActivity(accountId, row);
        if (activity) activities.push(activity);
      }
      pageToken = rows.at(-1)?.id;
      if (rows.length < activityPageSize || !pageToken) break;
    }
    return activities;
  }

  async getQuote(accountId: string, symbol: string): Promise<Quote> {
    providerAccountIdFor("alpaca", accountId);
    const [latest, quote] = await Promise.all([
      this.latestTrade(symbol),
      this.calls.read(
        "stockLatestQuoteSingle",
        () => this.apis.stocks.stockLatestQuoteSingle({ symbol, feed }),
        { what: `market data for ${symbol}` },
      ),
    ]);
    return { ...latest, bid: quote.quote.bp || null, ask: quote.quote.ap || null };
  }

  /** The latest trade as a quote without bid and ask: one call where the spread is not needed. */
  private async latestTrade(symbol: string): Promise<Quote> {
    const latest = await this.calls.read(
      "stockLatestTradeSingle",
      () => this.apis.stocks.stockLatestTradeSingle({ symbol, feed }),
      { what: `market data for ${symbol}` },
    );
    return {
      symbol: latest.symbol || symbol.toUpperCase(),
      price: latest.trade.p,
      bid: null,
      ask: null,
      asOf: isoOrNull(latest.trade.t) ?? this.now().toISOString(),
      source: "alpaca latest trade",
    };
  }

  async lookupSymbol(accountId: string, symbol: string): Promise<SymbolInfo | null> {
    providerAccountIdFor("alpaca", accountId);
    try {
      const asset = await this.calls.read("getV2AssetsSymbolOrAssetId", () =>
        this.apis.assets.getV2AssetsSymbolOrAssetId({ symbolOrAssetId: brokerTicker("alpaca", symbol) }),
      );
      return toSymbolInfo(asset);
    } catch (error) {
      if (error instanceof BrokerNotFound) return null;
      throw error;
    }
  }

  async searchSymbols(accountId: string, text: string): Promise<SymbolInfo[]> {
    providerAccountIdFor("alpaca", accountId);
    return this.assets.search(this.apis, this.paper ? "paper" : "live", text);
  }

  /** From the exchange calendar: one calendar for every provider, and no call per order. */
  async marketClock(): Promise<MarketClock> {
    return exchangeClock(this.now());
  }

  async previewOrder(order: OrderRequest): Promise<OrderPreview> {
    const [accounts, quote] = await Promise.all([
      this.listAccounts(),
      this.getQuote(order.accountId, order.symbol),
    ]);
    const account = accounts[0]!;
    return estimateOrder({
      order,
      lastPrice: quote.price,
      lastPriceAt: quote.asOf,
      buyingPower: account.buyingPower,
      currency: account.currency,
    });
  }

  async placeOrder(order: OrderRequest, _preview: OrderPreview | null): Promise<BrokerOrder> {
    providerAccountIdFor("alpaca", order.accountId);
    try {
      const sent = await this.calls.write("order_send", "postOrder", () =>
        this.apis.orderSending.submit(orderInput(order)),
      );
      const placed = toBrokerOrder(order.accountId, sent);
      if (placed.status === "rejected") throw new OrderRejected("alpaca", placed.statusReason ?? "rejected");
      return placed;
    } catch (error) {
      if (error instanceof DuplicateClientOrderId) return this.adoptEarlierAttempt(order);
      throw error;
    }
  }

  /**
   * Our client order id is already taken, so an earlier send of this order reached Alpaca. It
   * counts as placed only if it is the same order and still alive; anything else needs a human.
   */
  private async adoptEarlierAttempt(order: OrderRequest): Promise<BrokerOrder> {
    const lookup = await this.findOrder(order, new Date(0)).catch(() => null);
    if (lookup?.kind !== "found") {
      throw new OutcomeUnknown("alpaca", "the client order id is taken but that order could not be read");
    }
    const earlier = lookup.order;
    if (!sameOrder(order, earlier) || earlier.status === "rejected" || earlier.status === "cancelled") {
      throw new OutcomeUnknown(
        "alpaca",
        `the client order id belongs to a different or ${earlier.status} order`,
      );
    }
    return earlier;
  }

  async findOrder(order: OrderRequest, _placedAfter: Date): Promise<OrderLookup> {
    providerAccountIdFor("alpaca", order.accountId);
    try {
      const found = await this.calls.read("getOrderByClientOrderId", () =>
        this.apis.orders.getOrderByClientOrderId({ clientOrderId: order.clientOrderId }),
      );
      return { kind: "found", order: toBrokerOrder(order.accountId, found) };
    } catch (error) {
      if (error instanceof BrokerNotFound) return { kind: "absent" };
      throw error;
    }
  }

  async getOrder(accountId: string, brokerOrderId: string): Promise<BrokerOrder> {
    providerAccountIdFor("alpaca", accountId);
    const order = await this.calls.read(
      "getOrderByOrderID",
      () => this.apis.orders.getOrderByOrderID({ orderId: brokerOrderId }),
      { what: `order ${brokerOrderId}` },
    );
    return toBrokerOrder(accountId, order);
  }

  async listOrders(
    accountId: string,
    options: { days?: number; openOnly?: boolean } = {},
  ): Promise<BrokerOrder[]> {
    providerAccountIdFor("alpaca", accountId);
    const after =
      options.days === undefined
        ? undefined
        : new Date(this.now().getTime() - options.days * dayMs).toISOString();
    const found = await this.calls.read("getAllOrders", () =>
      this.apis.orders.getAllOrders({
        status: options.openOnly ? "open" : "all",
        after,
        limit: 500,
        direction: "desc",
      }),
    );
    return found.map((order) => toBrokerOrder(accountId, order));
  }

  async cancelOrder(accountId: string, brokerOrderId: string): Promise<BrokerOrder> {
    providerAccountIdFor("alpaca", accountId);
    await this.calls.write(
      "order_write",
      "deleteOrderByOrderID",
      () => this.apis.orders.deleteOrderByOrderID({ orderId: brokerOrderId }),
      { what: `order ${brokerOrderId}` },
    );
    // DELETE answers 204 without the order: read back what the cancel did.
    return this.getOrder(accountId, brokerOrderId);
  }
}
