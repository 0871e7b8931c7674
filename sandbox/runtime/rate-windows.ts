import type { Context } from "hono";
import type { SandboxEnv } from "./context.js";
import type { ProviderName } from "./operations.js";

/** Requests per minute each vendor allows one credential (SnapTrade: per client id). */
export const RATE_LIMITS: Record<Exclude<ProviderName, "auth">, number> = {
  snaptrade: 250,
  alpaca: 200,
  plaid: 500,
};

const WINDOW_MS = 60_000;

/** The credential a vendor counts requests against. */
export function credentialOf(provider: Exclude<ProviderName, "auth">, c: Context<SandboxEnv>): string {
  if (provider === "snaptrade") return c.req.query("clientId") ?? "";
  if (provider === "alpaca") return c.req.header("APCA-API-KEY-ID") ?? "";
  return c.req.header("PLAID-CLIENT-ID") ?? "";
}

/**
 * Fixed one-minute windows per credential, as the vendors count: every answer says how many
 * requests are left and when the window resets (Alpaca: epoch seconds; SnapTrade: seconds
 * left). The sandbox reports the count; it does not refuse (the `rateLimit` fault does that).
 */
export class RateWindows {
  private readonly windows = new Map<string, { startMs: number; used: number }>();

  /** Counts one request and returns the headers its answer carries. */
  count(provider: Exclude<ProviderName, "auth">, credential: string, nowMs: number): Record<string, string> {
    const key = `${provider}|${credential}`;
    let window = this.windows.get(key);
    if (!window || nowMs - window.startMs >= WINDOW_MS) {
      window = { startMs: nowMs, used: 0 };
      this.windows.set(key, window);
    }
    window.used += 1;
    const limit = RATE_LIMITS[provider];
    const resetMs = window.startMs + WINDOW_MS;
    const reset =
      provider === "snaptrade" ? Math.max(1, Math.ceil((resetMs - nowMs) / 1000)) : Math.ceil(resetMs / 1000);
    return {
      "X-RateLimit-Limit": String(limit),
      "X-RateLimit-Remaining": String(Math.max(0, limit - window.used)),
      "X-RateLimit-Reset": String(reset),
    };
  }
}
