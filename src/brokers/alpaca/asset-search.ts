import { ExpiringCache } from "../expiring-cache.js";
import type { SymbolInfo } from "../session.js";
import { canonicalTicker } from "../share-class.js";
import type { AlpacaCalls } from "./calls.js";
import type { AlpacaApis } from "./client.js";
import { toSymbolInfo } from "./mapping.js";

/**
 * Alpaca has no name search: its asset list (`GET /v2/assets`, the master list of what can be
 * traded) is read once per environment and searched here. The list is the same for every key
 * pair of an environment and changes a few times a day, so one cached copy serves every user.
 */

/** How long the asset list is kept: new listings appear within the trading day. */
const assetListTtlMs = 6 * 60 * 60_000;
/** A search answer is for choosing among, not for browsing: enough to find a typo's company. */
const maxResults = 50;

export class AlpacaAssetDirectory {
  private readonly lists: ExpiringCache<SymbolInfo[]>;
  private readonly inFlight = new Map<string, Promise<SymbolInfo[]>>();

  constructor(
    private readonly calls: AlpacaCalls,
    now: () => Date,
  ) {
    this.lists = new ExpiringCache({ ttlMs: assetListTtlMs, capacity: 4, now });
  }

  /** Active US equities whose ticker starts with `text` or whose name contains it; tickers first. */
  async search(apis: AlpacaApis, environment: string, text: string): Promise<SymbolInfo[]> {
    const needle = text.trim().replace(/\s+/g, " ").toLowerCase();
    if (!needle) return [];
    const assets = await this.list(apis, environment);
    const tickerPrefix = (canonicalTicker(needle) ?? needle).toUpperCase();
    const byTicker = assets.filter((a) => a.symbol.startsWith(tickerPrefix));
    const byName = assets.filter(
      (a) => !a.symbol.startsWith(tickerPrefix) && a.description.toLowerCase().includes(needle),
    );
    return [...byTicker, ...byName].slice(0, maxResults);
  }

  private list(apis: AlpacaApis, environment: string): Promise<SymbolInfo[]> {
    const cached = this.lists.get(environment);
    if (cached) return Promise.resolve(cached);
    // Concurrent searches share the one request for the list.
    const running = this.inFlight.get(environment);
    if (running) return running;
    const request = this.calls
      .read("getV2Assets", () => apis.assets.getV2Assets({ status: "active", assetClass: "us_equity" }))
      .then((assets) => {
        const listed = assets.map(toSymbolInfo).filter((a) => a.tradable);
        this.lists.set(environment, listed);
        return listed;
      })
      .finally(() => this.inFlight.delete(environment));
    this.inFlight.set(environment, request);
    return request;
  }
}
