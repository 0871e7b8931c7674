import { BrokerUnavailable, RateLimited } from "./errors.js";

export interface ReadRetryPolicy {
  /** Total attempts, the first included. */
  attempts: number;
  baseDelayMs: number;
  /** Longest wait between attempts; a rate-limit hint longer than this is handed to the caller instead. */
  maxDelayMs: number;
}

export const defaultReadRetry: ReadRetryPolicy = { attempts: 3, baseDelayMs: 250, maxDelayMs: 4_000 };

/**
 * Runs an idempotent read again after a transient failure (BrokerUnavailable, or RateLimited
 * with a short enough hint). Never use it for writes: a replayed order can execute twice.
 */
export async function retryRead<T>(run: () => Promise<T>, policy: ReadRetryPolicy): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      const delayMs = delayBeforeNextAttempt(error, attempt, policy);
      if (delayMs === null) throw error;
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  }
}

function delayBeforeNextAttempt(error: unknown, attempt: number, policy: ReadRetryPolicy): number | null {
  if (attempt >= policy.attempts) return null;
  if (error instanceof RateLimited) {
    // Our own budget is spent: the caller serves what it has rather than wait.
    if (error.byOwnBudget) return null;
    const hintMs = error.retryAfter * 1000;
    return hintMs <= policy.maxDelayMs ? hintMs : null;
  }
  if (error instanceof BrokerUnavailable) {
    const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
    // Jitter spreads replicas that failed together.
    return Math.round(ceiling * (0.5 + Math.random() / 2));
  }
  return null;
}
