import { addDays, startOfUtcDay } from "../lib/time.js";

export interface ClockState {
  isOpen: boolean;
  timestamp: Date;
  nextOpen: Date;
  nextClose: Date;
}

/** Regular session in UTC (09:30-16:00 New York during daylight time). */
const OPEN_MINUTES_UTC = 13 * 60 + 30;
const CLOSE_MINUTES_UTC = 20 * 60;

/**
 * The market clock. Open by default (the sandbox is for trading at any hour); the admin API
 * closes it, and orders received while it is closed wait for the open.
 */
export class MarketClock {
  private open = true;
  private readonly listeners = new Set<(open: boolean) => void>();

  constructor(private readonly now: () => Date) {}

  get isOpen(): boolean {
    return this.open;
  }

  setOpen(open: boolean): void {
    if (open === this.open) return;
    this.open = open;
    for (const listener of this.listeners) listener(open);
  }

  onChange(listener: (open: boolean) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  state(): ClockState {
    const now = this.now();
    const today = startOfUtcDay(now);
    const at = (day: Date, minutes: number) => new Date(day.getTime() + minutes * 60_000);
    let nextOpen = at(today, OPEN_MINUTES_UTC);
    if (nextOpen <= now) nextOpen = at(addDays(today, 1), OPEN_MINUTES_UTC);
    // While open, the close is a session length away from now (the sandbox ignores real hours).
    const nextClose = this.open
      ? new Date(now.getTime() + (CLOSE_MINUTES_UTC - OPEN_MINUTES_UTC) * 60_000)
      : at(startOfUtcDay(nextOpen), CLOSE_MINUTES_UTC);
    return { isOpen: this.open, timestamp: now, nextOpen, nextClose };
  }
}
