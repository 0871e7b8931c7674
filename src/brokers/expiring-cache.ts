/**
 * A bounded map whose entries expire: for broker answers that stay true for a while (a
 * symbol's listing id, an account's balances seconds after they were read), so one user
 * action does not ask the broker the same question twice. The oldest entry goes first when full.
 */
export class ExpiringCache<V> {
  private readonly entries = new Map<string, { value: V; at: number }>();

  constructor(private readonly options: { ttlMs: number; capacity: number; now: () => Date }) {}

  get(key: string, maxAgeMs = this.options.ttlMs): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (this.options.now().getTime() - entry.at >= Math.min(maxAgeMs, this.options.ttlMs)) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  set(key: string, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, { value, at: this.options.now().getTime() });
    if (this.entries.size > this.options.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }

  delete(key: string): void {
    this.entries.delete(key);
  }
}
