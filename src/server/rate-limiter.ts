import type { TurnAdmission } from "../chat/turn-admission.js";
import type { PoolLike } from "../core/db/queryable.js";
import { TooManyRequestsError } from "../core/errors.js";

export interface RateLimitRule {
  /** Requests allowed per window. */
  limit: number;
  windowSeconds: number;
}

/** One more hit on `key`'s current window of `windowSeconds` (SQL parameters or expressions). */
const hitSql = (key: string, windowSeconds: string) =>
  `insert into rate_limit_windows (key, window_start, hits)
       values (${key}, to_timestamp(floor(extract(epoch from now()) / ${windowSeconds}) * ${windowSeconds}), 1)
       on conflict (key, window_start) do update set hits = rate_limit_windows.hits + 1`;

function tooMany(windowStart: Date | string, rule: RateLimitRule): TooManyRequestsError {
  const resetAt = new Date(windowStart).getTime() + rule.windowSeconds * 1000;
  const retryAfter = Math.max(1, Math.ceil((resetAt - Date.now()) / 1000));
  return new TooManyRequestsError(`Too many requests; try again in ${retryAfter} s.`, retryAfter);
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
      `${hitSql("$1", "$2")} returning hits, window_start`,
      [key, rule.windowSeconds],
    );
    this.sweepNowAndThen();
    const row = rows.rows[0]!;
    if (Number(row.hits) > rule.limit) throw tooMany(row.window_start, rule);
  }

  /**
   * The same count as `consume`, taken by the statement that opens a chat turn (one round trip
   * less): the turn opens only within the budget, and the refusal is the same 429.
   */
  admission(key: string, rule: RateLimitRule): TurnAdmission {
    this.sweepNowAndThen();
    return {
      cte: (offset) => {
        const $ = (n: number) => `$${offset + n}`;
        return {
          sql: `${hitSql(`${$(1)}::text`, `${$(2)}::integer`)}
            returning hits <= ${$(3)}::integer as admission_admitted, window_start as admission_window_start`,
          params: [key, rule.windowSeconds, rule.limit],
        };
      },
      refusal: (row) => tooMany(row.admission_window_start as Date | string, rule),
    };
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
