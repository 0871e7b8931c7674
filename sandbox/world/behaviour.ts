import { z } from "zod";

/**
 * How closely the sandbox copies the vendors' less convenient habits. The defaults are the
 * vendors' own; a test that needs the convenient world (an order that fills inside its POST)
 * chooses it explicitly. Every switch can also be changed at runtime (`POST /__sandbox/config
 * {behaviour}`).
 */
export const behaviourSchema = z.object({
  /**
   * `working`: limit and stop orders never fill inside their POST (they start `new` and are
   * matched after `workingFillMs`), nor do the market orders `delayedMarketShare` picks.
   * `instant`: every marketable order fills inside its POST (the old sandbox).
   */
  fills: z.enum(["working", "instant"]),
  /** Share (0..1) of market orders that stay `new` and fill `workingFillMs` later, picked evenly. */
  delayedMarketShare: z.number().min(0).max(1),
  /** How long a working order waits before it is matched (real milliseconds). */
  workingFillMs: z.number().int().min(0).max(600_000),
  /** `large`: orders above 1000 shares fill in two slices. `always`: every order of 2+ shares does. */
  partialFills: z.enum(["large", "always"]),
  /** Alpaca answers a POST of an order it has not yet routed with `pending_new`, as it often does. */
  pendingNewOnCreate: z.boolean(),
  /**
   * SnapTrade serves account data from its daily sync unless refreshed: the order list
   * (`getUserAccountOrders`) misses orders placed after the account's last sync, and
   * positions carry `data_freshness.as_of` = that sync.
   */
  snaptradeDailyCache: z.boolean(),
  /** SnapTrade impact answers with `price` and `remaining_cash` null (many brokerages do). */
  snaptradeImpactWithoutPrices: z.boolean(),
  /** Alpaca checks market buys against buying power at the price plus its collar (2.5 % to 4 %). */
  alpacaPriceCollar: z.boolean(),
  /** Answers carry `X-RateLimit-Limit/Remaining/Reset` that count down per credential and minute. */
  rateLimitHeaders: z.boolean(),
});

export type VendorBehaviour = z.infer<typeof behaviourSchema>;

export const defaultBehaviour: VendorBehaviour = {
  fills: "working",
  delayedMarketShare: 0.25,
  workingFillMs: 1_000,
  partialFills: "large",
  pendingNewOnCreate: true,
  snaptradeDailyCache: true,
  snaptradeImpactWithoutPrices: false,
  alpacaPriceCollar: true,
  rateLimitHeaders: true,
};

/** The convenient world of the old sandbox: every marketable order fills inside its POST. */
export const instantFills: Partial<VendorBehaviour> = { fills: "instant", delayedMarketShare: 0 };

/** Whether the `index`-th item (from 0) is among a `share` picked evenly: 0.25 picks the 4th, 8th, ... */
export function picksEvenly(share: number, index: number): boolean {
  return Math.floor((index + 1) * share + 1e-9) > Math.floor(index * share + 1e-9);
}
