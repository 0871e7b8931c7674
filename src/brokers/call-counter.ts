import type { Provider } from "./model.js";

/**
 * Counts SDK calls per provider in this process, so benchmarks can report how many broker
 * requests a conversation or a sync cost. Incremented once per SDK call attempt.
 */
export const brokerCallCounter = {
  counts: { snaptrade: 0, alpaca: 0, plaid: 0 } satisfies Record<Provider, number>,
  increment(provider: Provider): void {
    this.counts[provider] += 1;
  },
  snapshot(): Record<Provider, number> {
    return { ...this.counts };
  },
  reset(): void {
    this.counts = { snaptrade: 0, alpaca: 0, plaid: 0 };
  },
};
