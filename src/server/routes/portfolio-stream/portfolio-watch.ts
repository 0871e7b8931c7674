import type { TradingSession } from "../../../brokers/session.js";
import type { HoldingsView, PortfolioService } from "../../../portfolio/service.js";
import type { CachedPrice, SharedPriceCache } from "./price-cache.js";
import { type PortfolioStreamEvent, quoteAccountOf, repriceHoldings, sameValues } from "./reprice.js";

export interface PortfolioWatchOptions {
  /** Holdings (quantities, accounts) are re-read this often; prices move between reads (default 30 s). */
  holdingsRefreshMs?: number;
  now?: () => Date;
}

/**
 * One viewer's portfolio: the synced holdings, revalued on each tick with fresh prices from
 * the shared cache. `tick()` answers an event only when something on screen would change.
 */
export class PortfolioWatch {
  private view: HoldingsView | null = null;
  private viewReadAt = 0;
  private session: { accountId: string; session: Promise<TradingSession> } | null = null;
  private last: PortfolioStreamEvent | null = null;
  private readonly holdingsRefreshMs: number;
  private readonly now: () => Date;

  constructor(
    private readonly portfolio: PortfolioService,
    private readonly userId: string,
    private readonly prices: SharedPriceCache,
    options: PortfolioWatchOptions = {},
  ) {
    this.holdingsRefreshMs = options.holdingsRefreshMs ?? 30_000;
    this.now = options.now ?? (() => new Date());
  }

  /** The first event: the holdings as synced (errors here surface as the HTTP answer). */
  async start(): Promise<PortfolioStreamEvent> {
    const view = await this.readHoldings();
    this.last = { asOf: view.asOf, totalValue: view.totalValue, positions: view.positions };
    return this.last;
  }

  /** Fresh prices for the held symbols; the new values, or null when nothing changed. */
  async tick(): Promise<PortfolioStreamEvent | null> {
    const view =
      this.view && this.now().getTime() - this.viewReadAt < this.holdingsRefreshMs
        ? this.view
        : await this.readHoldings().catch(() => this.view);
    if (!view) return null;
    const fresh = await this.freshPrices(view);
    const next = repriceHoldings(view, fresh, this.now());
    if (this.last && sameValues(this.last, next)) return null;
    this.last = next;
    return next;
  }

  private async readHoldings(): Promise<HoldingsView> {
    const view = await this.portfolio.getHoldings(this.userId);
    this.view = view;
    this.viewReadAt = this.now().getTime();
    return view;
  }

  private async freshPrices(view: HoldingsView): Promise<Map<string, CachedPrice>> {
    const found = new Map<string, CachedPrice>();
    const account = quoteAccountOf(view.accounts);
    if (!account) return found;
    if (this.session?.accountId !== account.id) {
      this.session = {
        accountId: account.id,
        session: this.portfolio.tradingSession(this.userId, account.id),
      };
    }
    const sessionPromise = this.session.session;
    const fetchQuote = async (symbol: string): Promise<CachedPrice> => {
      const quote = await (await sessionPromise).getQuote(account.id, symbol);
      return { price: quote.price, asOf: quote.asOf };
    };
    await Promise.all(
      view.positions.map(async ({ symbol }) => {
        const price = await this.prices.get(symbol, fetchQuote);
        if (price) found.set(symbol, price);
      }),
    );
    // A session that failed to open is retried on the next tick instead of being kept.
    await sessionPromise.catch(() => {
      this.session = null;
    });
    return found;
  }
}
