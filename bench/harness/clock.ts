/**
 * The portfolio module's clock, movable: `advance(ms)` makes every cached sync look older, so a
 * benchmark can force a stale cache without sleeping through the TTL.
 */
export class BenchClock {
  private offsetMs = 0;

  readonly now = (): Date => new Date(Date.now() + this.offsetMs);

  advance(ms: number): void {
    this.offsetMs += ms;
  }
}
