/** A price as the stream uses it: the number and when the broker said so. */
export interface CachedPrice {
  price: number;
  asOf: string;
}

export interface PriceCacheOptions {
  /** How long a fetched price is reused by every connection (default 1.5 s). */
  ttlMs?: number;
  now?: () => number;
}

/**
 * One per process: every portfolio stream asks it for prices, so N viewers polling the same
 * symbols cost one broker call per symbol per TTL instead of N. Concurrent misses for the same
 * symbol share one in-flight request. A price is a market fact, so the key is the symbol alone,
 * whichever user's account fetched it.
 */
export class SharedPriceCache {
  private readonly ttlMs: number;
  private readonly now: () => number;
  private readonly fresh = new Map<string, { value: CachedPrice; fetchedAt: number }>();
  private readonly inFlight = new Map<string, Promise<CachedPrice | null>>();

  constructor(options: PriceCacheOptions = {}) {
    this.ttlMs = options.ttlMs ?? 1_500;
    this.now = options.now ?? Date.now;
  }

  /** The symbol's price, from the cache when young enough, else from `fetch` (null when it fails). */
  get(symbol: string, fetch: (symbol: string) => Promise<CachedPrice>): Promise<CachedPrice | null> {
    const cached = this.fresh.get(symbol);
    if (cached && this.now() - cached.fetchedAt < this.ttlMs) return Promise.resolve(cached.value);
    const pending = this.inFlight.get(symbol);
    if (pending) return pending;
    const request = fetch(symbol)
      .then((value) => {
        this.fresh.set(symbol, { value, fetchedAt: this.now() });
        return value;
      })
      // A failed quote keeps the last known value on screen rather than ending the stream.
      .catch(() => null)
      .finally(() => this.inFlight.delete(symbol));
    this.inFlight.set(symbol, request);
    return request;
  }

  /** Forgets entries older than the TTL, so symbols nobody watches any more do not pile up. */
  prune(): void {
    const cutoff = this.now() - this.ttlMs;
    for (const [symbol, entry] of this.fresh) if (entry.fetchedAt < cutoff) this.fresh.delete(symbol);
  }
}
