import { roundMoney } from "../lib/numbers.js";
import { SeededRandom } from "../lib/random.js";
import type { SymbolCatalogue } from "./catalogue.js";

export interface Quote {
  symbol: string;
  price: number;
  /** Yesterday's close: the base for "change today" and intraday P/L. */
  previousClose: number;
  updatedAt: string;
}

export type PriceListener = (changed: Quote[]) => void;

/** Per-tick volatility of the random walk (about 0.15%: visible movement, no wild swings). */
const TICK_VOLATILITY = 0.0015;

/**
 * Current prices. They move by a seeded random walk (`tick()`), deterministic for a seed, and
 * can be set by the admin API. Listeners (the matching engine) re-check orders on each move.
 */
export class PriceBook {
  private readonly quotes = new Map<string, Quote>();
  private readonly listeners = new Set<PriceListener>();
  private random: SeededRandom;

  constructor(
    private readonly catalogue: SymbolCatalogue,
    private readonly seed: number,
    private readonly now: () => Date,
  ) {
    this.random = new SeededRandom(seed);
    this.resetAll();
  }

  /** Back to the catalogue's default prices and the start of the seeded walk. */
  resetAll(): void {
    this.random = new SeededRandom(this.seed);
    this.quotes.clear();
    for (const instrument of this.catalogue.all()) this.ensure(instrument.symbol);
  }

  get(symbol: string): Quote | undefined {
    return this.ensure(symbol);
  }

  price(symbol: string): number {
    const quote = this.ensure(symbol);
    if (!quote) throw new Error(`unknown symbol ${symbol}`);
    return quote.price;
  }

  all(): Record<string, number> {
    for (const instrument of this.catalogue.all()) this.ensure(instrument.symbol);
    return Object.fromEntries([...this.quotes.values()].map((q) => [q.symbol, q.price]));
  }

  /** Sets prices (admin API, seeds); unknown symbols are the caller's problem to refuse. */
  set(prices: Record<string, number>): Quote[] {
    const changed: Quote[] = [];
    for (const [symbol, price] of Object.entries(prices)) {
      const quote = this.ensure(symbol);
      if (!quote) continue;
      quote.price = roundMoney(price);
      quote.updatedAt = this.now().toISOString();
      changed.push(quote);
    }
    this.notify(changed);
    return changed;
  }

  /** One step of the random walk for every symbol, in catalogue order (deterministic). */
  tick(): void {
    const changed: Quote[] = [];
    for (const instrument of this.catalogue.all()) {
      const quote = this.ensure(instrument.symbol);
      if (!quote) continue;
      const step = Math.exp(TICK_VOLATILITY * this.random.normal());
      quote.price = Math.max(0.01, roundMoney(quote.price * step));
      quote.updatedAt = this.now().toISOString();
      changed.push(quote);
    }
    this.notify(changed);
  }

  onChange(listener: PriceListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  snapshot(): Quote[] {
    return [...this.quotes.values()].map((q) => ({ ...q }));
  }

  restore(quotes: Quote[]): void {
    for (const quote of quotes) this.quotes.set(quote.symbol, { ...quote });
  }

  private ensure(symbol: string): Quote | undefined {
    const instrument = this.catalogue.find(symbol);
    if (!instrument) return undefined;
    let quote = this.quotes.get(instrument.symbol);
    if (!quote) {
      // The previous close sits a little away from today's price so "change today" is not 0.
      const previousClose = roundMoney(instrument.price * 0.992);
      quote = {
        symbol: instrument.symbol,
        price: instrument.price,
        previousClose,
        updatedAt: this.now().toISOString(),
      };
      this.quotes.set(instrument.symbol, quote);
    }
    return quote;
  }

  private notify(changed: Quote[]): void {
    if (changed.length === 0) return;
    for (const listener of this.listeners) listener(changed);
  }
}
