/** Placing takes time: a trade id this close to expiry is not worth the rejection. */
const expiryMarginMs = 15_000;

/**
 * SnapTrade trade ids (from getOrderImpact) are placeable once, for 5 minutes. This process
 * never spends one twice, even when the first placement's outcome is unknown.
 */
export class TradeIdLedger {
  /** Spent trade id -> its expiry (ms), kept until then. */
  private readonly spent = new Map<string, number>();

  constructor(private readonly now: () => Date) {}

  /** True when the trade id may be placed now; it is spent from this moment on. */
  claim(tradeId: string, expiresAt: string | undefined): boolean {
    const now = this.now().getTime();
    for (const [id, expiry] of this.spent) if (expiry <= now) this.spent.delete(id);
    const expiry = expiresAt ? Date.parse(expiresAt) : Number.NaN;
    if (!Number.isFinite(expiry) || expiry - now < expiryMarginMs || this.spent.has(tradeId)) return false;
    this.spent.set(tradeId, expiry);
    return true;
  }
}
