export interface ProviderStats {
  total: number;
  operations: Record<string, number>;
}

export interface StatsSnapshot {
  since: string;
  total: number;
  providers: Record<string, ProviderStats>;
}

/** Counts API requests per provider and operation (for the project's benchmarks). */
export class RequestStats {
  private counts = new Map<string, Map<string, number>>();
  private since = new Date();

  record(provider: string, operation: string): void {
    let byOperation = this.counts.get(provider);
    if (!byOperation) {
      byOperation = new Map();
      this.counts.set(provider, byOperation);
    }
    byOperation.set(operation, (byOperation.get(operation) ?? 0) + 1);
  }

  snapshot(): StatsSnapshot {
    const providers: Record<string, ProviderStats> = {};
    let total = 0;
    for (const [provider, byOperation] of this.counts) {
      const operations = Object.fromEntries(byOperation);
      const providerTotal = [...byOperation.values()].reduce((a, b) => a + b, 0);
      providers[provider] = { total: providerTotal, operations };
      total += providerTotal;
    }
    return { since: this.since.toISOString(), total, providers };
  }

  reset(): void {
    this.counts = new Map();
    this.since = new Date();
  }
}
