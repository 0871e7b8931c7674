import type { Balance, UniversalSymbol } from "snaptrade-typescript-sdk";
import { providerAccountIdFor } from "../account-ids.js";
import { BrokerNotFound, ConnectionBroken, OrderRejected, OutcomeUnknown } from "../errors.js";
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
import { decimal } from "../numbers.js";
import type { MarketClock, OrderLookup, SymbolInfo, TradingSession } from "../session.js";
import { brokerTicker } from "../share-class.js";
import type { SnaptradeApi } from "./api.js";
import { clientOrderUuid } from "./client-order-id.js";
import { fetchConnections, type SnaptradeUserCredentials } from "./connections.js";
import type { FailureContext } from "./errors.js";
import { toAccount, toActivity, toPosition, toSymbolInfo, withBalances } from "./mapping.js";
import { lookupAmong, snaptradeOrderFields, toBrokerOrder } from "./orders.js";
import { toOrderPreview } from "./preview.js";
import type { SnaptradeReadCaches } from "./read-caches.js";
import { searchSymbolsAt } from "./symbol-search.js";
import { pickListing } from "./symbols.js";
import type { TradeIdLedger } from "./trade-ids.js";

const activityPageSize = 1000;
/** How old balances may be to fill an order card's buying power without asking again. */
const recentBalancesMs = 60_000;
/** 10 000 activities per request is far beyond a chat answer; stop there rather than loop. */
const maxActivityPages = 10;

/** One SnapTrade user's accounts, bound to their (decrypted) user secret. */
export class SnaptradeSession implements TradingSession {
  readonly provider = "snaptrade" as const;
  /** SnapTrade account id -> its authorization, learnt from listAccounts, for reconnect hints. */
  private readonly connectionIds = new Map<string, string>();

  constructor(
    private readonly api: SnaptradeApi,
    private readonly credentials: SnaptradeUserCredentials,
    private readonly tradeIds: TradeIdLedger,
    private readonly caches: SnaptradeReadCaches,
    private readonly now: () => Date,
  ) {}

  private get sdk() {
    return this.api.sdk;
  }

  async listAccounts(): Promise<BrokerAccount[]> {
    const [accounts, connections] = await Promise.all([
      this.api.read("listUserAccounts", (o) =>
        this.sdk.accountInformation.listUserAccounts(this.credentials, o),
      ),
      fetchConnections(this.api, this.credentials, this.caches),
    ]);
    const connectionsById = new Map(connections.map((c) => [c.id, c]));
    return Promise.all(
      accounts.map(async (account) => {
        this.rememberConnection(account.id, account.brokerage_authorization);
        const balances = await this.balancesUnlessDisabled(account.id);
        return toAccount(account, connectionsById.get(account.brokerage_authorization), balances);
      }),
    );
  }

  /**
   * One known account, without listing accounts or connections: balances and positions in
   * parallel. The total is the cash plus the positions' values (null when any is unpriced).
   */
  async refreshAccount(
    account: BrokerAccount,
  ): Promise<{ account: BrokerAccount; positions: BrokerPosition[] }> {
    const id = providerAccountIdFor("snaptrade", account.id);
    if (account.connectionId) this.rememberConnection(id, account.connectionId);
    const [balances, positions] = await Promise.all([
      this.balancesUnlessDisabled(id),
      this.listPositions(account.id),
    ]);
    return { account: withBalances(account, balances, positions), positions };
  }

  async listPositions(accountId: string): Promise<BrokerPosition[]> {
    const id = providerAccountIdFor("snaptrade", accountId);
    const response = await this.scoped(id, (context) =>
      this.api.read(
        "getAllAccountPositions",
        (o) => this.sdk.accountInformation.getAllAccountPositions({ ...this.credentials, accountId: id }, o),
        context,
      ),
    );
    return (response.results ?? []).map((p) => toPosition(accountId, p)).filter((p) => p.quantity !== 0);
  }

  async listActivities(accountId: string, range: { from: Date; to: Date }): Promise<Activity[]> {
    const id = providerAccountIdFor("snaptrade", accountId);
    const activities: Activity[] = [];
    for (let page = 0; page < maxActivityPages; page++) {
      const offset = page * activityPageSize;
      const response = await this.scoped(id, (context) =>
        this.api.read(
          "getAccountActivities",
          (o) =>
            this.sdk.accountInformation.getAccountActivities(
              {
                ...this.credentials,
                accountId: id,
                startDate: range.from,
                endDate: range.to,
                offset,
                limit: activityPageSize,
              },
              o,
            ),
          context,
        ),
      );
      const rows = response.data ?? [];
      for (const row of rows) {
        const activity = toActivity(accountId, row);
        if (activity) activities.push(activity);
      }
      const total = response.pagination?.total ?? 0;
      if (rows.length < activityPageSize || offset + rows.length >= total) break;
    }
    return activities;
  }

  async getQuote(accountId: string, symbol: string): Promise<Quote> {
    const id = providerAccountIdFor("snaptrade", accountId);
    const quotes = await this.scoped(id, (context) =>
      this.api.read(
        "getUserAccountQuotes",
        (o) =>
          this.sdk.trading.getUserAccountQuotes(
            { ...this.credentials, accountId: id, symbols: symbol, useTicker: true },
            o,
          ),
        context,
      ),
    );
    const wanted = symbol.toUpperCase();
    const quote = quotes.find((q) => q.symbol?.symbol?.toUpperCase() === wanted);
    const price = decimal(quote?.last_trade_price);
    if (!quote || price === null) throw new BrokerNotFound("snaptrade", `a price for ${symbol}`);
    return {
      symbol: quote.symbol?.symbol ?? wanted,
      price,
      bid: decimal(quote.bid_price),
      ask: decimal(quote.ask_price),
      // SnapTrade quotes carry no timestamp: the time we asked is the best we know.
      asOf: this.now().toISOString(),
      source: "snaptrade quote",
    };
  }

  async lookupSymbol(accountId: string, symbol: string): Promise<SymbolInfo | null> {
    const id = providerAccountIdFor("snaptrade", accountId);
    const listing = await this.findListing(id, symbol);
    return listing ? toSymbolInfo(listing, this.fractionalUnitsOf(id)) : null;
  }

  /** The account's brokerage `allows_fractional_units`, as last listed; null when not known here. */
  private fractionalUnitsOf(providerAccountId: string): boolean | null {
    const connectionId =
      this.connectionIds.get(providerAccountId) ??
      this.caches.accountConnections.get(`${this.credentials.userId}|${providerAccountId}`);
    return connectionId ? (this.caches.fractionalUnits.get(connectionId) ?? null) : null;
  }

  private rememberConnection(providerAccountId: string, connectionId: string): void {
    this.connectionIds.set(providerAccountId, connectionId);
    this.caches.accountConnections.set(`${this.credentials.userId}|${providerAccountId}`, connectionId);
  }

  async searchSymbols(accountId: string, text: string): Promise<SymbolInfo[]> {
    const id = providerAccountIdFor("snaptrade", accountId);
    return this.scoped(id, (context) =>
      searchSymbolsAt(this.api, this.credentials, this.caches, id, text, context),
    );
  }

  async marketClock(): Promise<MarketClock> {
    return exchangeClock(this.now());
  }

  async previewOrder(order: OrderRequest): Promise<OrderPreview> {
    const id = providerAccountIdFor("snaptrade", order.accountId);
    const listing = await this.requireListing(id, order.symbol);
    const requestedAt = this.now();
    // Balances read moments ago (the sync before this question) are as good as new for a card.
    const [impact, balances] = await Promise.all([
      this.scoped(id, (context) =>
        this.api.write(
          "getOrderImpact",
          (o) =>
            this.sdk.trading.getOrderImpact(
              { ...this.credentials, ...snaptradeOrderFields(order, id, listing.id) },
              o,
            ),
          context,
          "order_write",
        ),
      ),
      this.balancesUnlessDisabled(id, { maxAgeMs: recentBalancesMs }),
    ]);
    const currency = listing.currency?.code ?? "USD";
    const balance = balances?.find((b) => b.currency?.code === currency) ?? balances?.[0];
    const quotePrice =
      decimal(impact.trade?.price) === null
        ? (await this.getQuote(order.accountId, order.symbol)).price
        : null;
    return toOrderPreview({ order, impact, balance, quotePrice, requestedAt, currency });
  }

  async placeOrder(order: OrderRequest, preview: OrderPreview | null): Promise<BrokerOrder> {
    const id = providerAccountIdFor("snaptrade", order.accountId);
    const tradeId = preview?.tradeId;
    if (tradeId && this.tradeIds.claim(tradeId, preview?.tradeExpiresAt)) {
      const record = await this.scoped(id, (context) =>
        this.api.sendOrder(
          "placeOrder",
          (o) => this.sdk.trading.placeOrder({ ...this.credentials, tradeId, wait_to_confirm: true }, o),
          context,
        ),
      );
      return placed(toBrokerOrder(order.accountId, record, order));
    }
    // No live, unspent trade id: send the order itself, with our id for the brokerage to keep.
    const listing = await this.requireListing(id, order.symbol);
    const clientOrderId = clientOrderUuid(order.clientOrderId);
    const record = await this.scoped(id, (context) =>
      this.api.sendOrder(
        "placeForceOrder",
        (o) =>
          this.sdk.trading.placeForceOrder(
            {
              ...this.credentials,
              ...snaptradeOrderFields(order, id, listing.id),
              client_order_id: clientOrderId,
            },
            o,
          ),
        context,
      ),
    );
    return placed(toBrokerOrder(order.accountId, record, order, order.clientOrderId));
  }

  async findOrder(order: OrderRequest, placedAfter: Date): Promise<OrderLookup> {
    const id = providerAccountIdFor("snaptrade", order.accountId);
    const recent = await this.scoped(id, (context) =>
      this.api.read(
        "getUserAccountRecentOrders",
        (o) =>
          this.sdk.accountInformation.getUserAccountRecentOrders(
            { ...this.credentials, accountId: id, onlyExecuted: false },
            o,
          ),
        context,
      ),
    );
    const lookup = lookupAmong(recent.orders ?? [], order.accountId, order, placedAfter);
    if (lookup.kind !== "absent") return lookup;
    // Not every brokerage feeds the real-time list; the daily order list is the second place to look.
    const daily = await this.fetchOrders(id, { days: 1 });
    return lookupAmong(daily, order.accountId, order, placedAfter);
  }

  async getOrder(accountId: string, brokerOrderId: string): Promise<BrokerOrder> {
    const id = providerAccountIdFor("snaptrade", accountId);
    const record = await this.scoped(id, (context) =>
      this.api.read(
        "getUserAccountOrderDetail",
        (o) =>
          this.sdk.accountInformation.getUserAccountOrderDetail(
            { ...this.credentials, accountId: id, brokerage_order_id: brokerOrderId },
            o,
          ),
        { ...context, what: `order ${brokerOrderId}` },
      ),
    );
    return toBrokerOrder(accountId, record);
  }

  async listOrders(
    accountId: string,
    options: { days?: number; openOnly?: boolean } = {},
  ): Promise<BrokerOrder[]> {
    const records = await this.fetchOrders(providerAccountIdFor("snaptrade", accountId), options);
    return records.map((record) => toBrokerOrder(accountId, record));
  }

  async cancelOrder(accountId: string, brokerOrderId: string): Promise<BrokerOrder> {
    const id = providerAccountIdFor("snaptrade", accountId);
    await this.scoped(id, (context) =>
      this.api.write(
        "cancelOrder",
        (o) =>
          this.sdk.trading.cancelOrder(
            { ...this.credentials, accountId: id, brokerage_order_id: brokerOrderId },
            o,
          ),
        { ...context, what: `order ${brokerOrderId}` },
        "order_write",
      ),
    );
    return this.getOrder(accountId, brokerOrderId);
  }

  private fetchOrders(providerAccountId: string, options: { days?: number; openOnly?: boolean }) {
    return this.scoped(providerAccountId, (context) =>
      this.api.read(
        "getUserAccountOrders",
        (o) =>
          this.sdk.accountInformation.getUserAccountOrders(
            {
              ...this.credentials,
              accountId: providerAccountId,
              state: options.openOnly ? "open" : "all",
              days: options.days,
            },
            o,
          ),
        context,
      ),
    );
  }

  /**
   * A disabled connection has no fresh balances; the account is still listed, money unknown.
   * With `maxAgeMs`, balances this process read that recently are used instead of a call.
   */
  private async balancesUnlessDisabled(
    providerAccountId: string,
    reuse: { maxAgeMs: number } | null = null,
  ): Promise<Balance[] | null> {
    const key = `${this.credentials.userId}|${providerAccountId}`;
    const recent = reuse ? this.caches.balances.get(key, reuse.maxAgeMs) : undefined;
    if (recent) return recent;
    try {
      const balances = await this.scoped(providerAccountId, (context) =>
        this.api.read(
          "getUserAccountBalance",
          (o) =>
            this.sdk.accountInformation.getUserAccountBalance(
              { ...this.credentials, accountId: providerAccountId },
              o,
            ),
          context,
        ),
      );
      this.caches.balances.set(key, balances);
      return balances;
    } catch (error) {
      if (error instanceof ConnectionBroken) return null;
      throw error;
    }
  }

  /** Listings are stable: one search per account and symbol serves the lookup, preview and order. */
  private async findListing(providerAccountId: string, symbol: string): Promise<UniversalSymbol | null> {
    const ticker = brokerTicker("snaptrade", symbol);
    const key = `${this.credentials.userId}|${providerAccountId}|${ticker}`;
    const known = this.caches.listings.get(key);
    if (known) return known;
    const listings = await this.scoped(providerAccountId, (context) =>
      this.api.read(
        "symbolSearchUserAccount",
        (o) =>
          this.sdk.referenceData.symbolSearchUserAccount(
            { ...this.credentials, accountId: providerAccountId, substring: ticker },
            o,
          ),
        context,
      ),
    );
    const listing = pickListing(listings, symbol);
    if (listing) this.caches.listings.set(key, listing);
    return listing;
  }

  private async requireListing(providerAccountId: string, symbol: string): Promise<UniversalSymbol> {
    const listing = await this.findListing(providerAccountId, symbol);
    if (!listing) throw new BrokerNotFound("snaptrade", `the symbol ${symbol} at this brokerage`);
    return listing;
  }

  /**
   * Runs an account-scoped call with the account's connection id in the failure context, and
   * looks the connection up when a disabled connection is reported before listAccounts ran.
   */
  private async scoped<T>(
    providerAccountId: string,
    run: (context: FailureContext) => Promise<T>,
  ): Promise<T> {
    try {
      return await run({ connectionId: this.connectionIds.get(providerAccountId) ?? null });
    } catch (error) {
      if (!(error instanceof ConnectionBroken) || error.connectionId !== null) throw error;
      const connectionId = await this.connectionIdOf(providerAccountId);
      throw new ConnectionBroken("snaptrade", connectionId, true, error.message);
    }
  }

  private async connectionIdOf(providerAccountId: string): Promise<string | null> {
    try {
      const account = await this.api.read("getUserAccountDetails", (o) =>
        this.sdk.accountInformation.getUserAccountDetails(
          { ...this.credentials, accountId: providerAccountId },
          o,
        ),
      );
      this.rememberConnection(providerAccountId, account.brokerage_authorization);
      return account.brokerage_authorization;
    } catch {
      return null;
    }
  }
}

/** A placement the broker answered but refused, or answered without an id, is not "placed". */
function placed(order: BrokerOrder): BrokerOrder {
  if (order.status === "rejected") throw new OrderRejected("snaptrade", order.statusReason ?? "rejected");
  if (!order.brokerOrderId) throw new OutcomeUnknown("snaptrade", "the broker answered without an order id");
  return order;
}
