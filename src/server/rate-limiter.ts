import type { PoolLike } from "../core/db/queryable.js";
import { TooManyRequestsError } from "../core/errors.js";

export interface RateLimitRule {
  /** Requests allowed per window. */
  limit: number;
  windowSeconds: number;
}

/**
 * Fixed-window counters in Postgres, so every replica counts against the same budget.
 * Keys are per user and per action ("messages:<userId>").
 */
export class RateLimiter {
  private hitsSinceSweep = 0;

  constructor(private readonly pool: PoolLike) {}

  async consume(key: string, rule: RateLimitRule): Promise<void> {
    const rows = await this.pool.query<{ hits: number; window_start: Date }>(
      `insert into rate_limit_windows (key, window_start, hits)
       values ($1, to_timestamp(floor(extract(epoch from now()) / $2) * $2), 1)
       on conflict (key, window_start) do update set hits = rate_limit_windows.hits + 1
       returning hits, window_start`,
      [key, rule.windowSeconds],
    );
    this.sweepNowAndThen();
    const row = rows.rows[0]!;
    if (Number(row.hits) > rule.limit) {
      const resetAt = new Date(row.window_start).getTime() + rule.windowSeconds * 1000;
      const retryAfter = Math.max(1, Math.ceil((resetAt - Date.now()) / 1000));
      throw new TooManyRequestsError(`Too many requests; try again in ${retryAfter} s.`, retryAfter);
    }
  }

  private sweepNowAndThen(): void {
    this.hitsSinceSweep += 1;
    if (this.hitsSinceSweep < 500) return;
    this.hitsSinceSweep = 0;
    void this.pool
      .query("delete from rate_limit_windows where window_start < now() - interval '1 hour'")
      .catch(() => {});
  }
}
