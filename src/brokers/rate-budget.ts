import type { Queryable } from "../core/db/queryable.js";

/** Who is asking: reads yield to orders, which may spend the reserve reads leave untouched. */
export type BudgetPriority = "read" | "order";

export type BudgetAnswer = { granted: true } | { granted: false; retryAfterSeconds: number };

/** A per-credential request budget; the adapters ask it before every call they make. */
export interface RateBudget {
  take(credential: string, priority: BudgetPriority): Promise<BudgetAnswer>;
}

export interface RateBudgetLimits {
  /** The vendor's limit, e.g. SnapTrade's 250 requests per minute per client id. */
  perMinute: number;
  /** Requests that may go at once on top of the steady rate (part of the per-minute limit). */
  burst: number;
  /** Tokens only orders may spend. */
  orderReserve: number;
}

/** A fifth of the limit as burst, a twentieth kept for orders. */
export function limitsFor(perMinute: number): RateBudgetLimits {
  return {
    perMinute,
    burst: Math.max(2, Math.floor(perMinute / 5)),
    orderReserve: Math.max(1, Math.floor(perMinute / 20)),
  };
}

/**
 * A token bucket in Postgres (or PGlite), one row per credential, updated by one statement
 * whose row lock serialises replicas. Capacity `burst` and refill `(perMinute - burst)/60` per
 * second: in any sliding minute at most `burst + (perMinute - burst) = perMinute` tokens go.
 */
export class PostgresRateBudget implements RateBudget {
  private readonly refillPerSecond: number;

  constructor(
    private readonly db: Queryable,
    private readonly limits: RateBudgetLimits,
  ) {
    this.refillPerSecond = (limits.perMinute - limits.burst) / 60;
  }

  async take(credential: string, priority: BudgetPriority): Promise<BudgetAnswer> {
    const floor = priority === "order" ? 0 : this.limits.orderReserve;
    const capacity = this.limits.burst;
    const rate = this.refillPerSecond;
    const granted = await this.db.query(
      `insert into broker_rate_budget as b (credential, tokens, refilled_at)
         values ($1, $2::float8 - 1, clock_timestamp())
       on conflict (credential) do update set
         tokens = least($2::float8, b.tokens + extract(epoch from clock_timestamp() - b.refilled_at) * $3::float8) - 1,
         refilled_at = clock_timestamp()
       where least($2::float8, b.tokens + extract(epoch from clock_timestamp() - b.refilled_at) * $3::float8) - 1 >= $4::float8
       returning tokens`,
      [credential, capacity, rate, floor],
    );
    if (granted.rows.length > 0) return { granted: true };
    const state = await this.db.query<{ tokens: number; elapsed: number }>(
      `select tokens, extract(epoch from clock_timestamp() - refilled_at)::float8 as elapsed
         from broker_rate_budget where credential = $1`,
      [credential],
    );
    const row = state.rows[0];
    const available = row ? Math.min(capacity, Number(row.tokens) + Number(row.elapsed) * rate) : capacity;
    const missing = Math.max(0, floor + 1 - available);
    return { granted: false, retryAfterSeconds: Math.max(1, Math.ceil(missing / rate)) };
  }
}
