import { roundMoney } from "../lib/numbers.js";
import { hashString, SeededRandom } from "../lib/random.js";
import { addDays, startOfUtcDay } from "../lib/time.js";
import type { World } from "./world.js";

export interface DailyBar {
  /** Start of the trading day (UTC midnight). */
  date: Date;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  tradeCount: number;
  vwap: number;
}

const DAILY_VOLATILITY = 0.015;

/**
 * Daily bars ending today, walked backwards from today's price with a per-symbol seeded
 * generator: the same world seed and symbol always give the same past, and today's bar
 * closes at the live price.
 */
export function dailyBars(world: World, symbol: string, days: number): DailyBar[] {
  const quote = world.prices.get(symbol);
  if (!quote) return [];
  const random = new SeededRandom(hashString(`${world.seed}:${symbol}`));
  const today = startOfUtcDay(world.now());
  const closes: number[] = [quote.price];
  for (let i = 1; i < days; i++) {
    const previous = closes[i - 1] ?? quote.price;
    closes.push(Math.max(0.01, previous / Math.exp(DAILY_VOLATILITY * random.normal())));
  }
  // Today always has a bar (the sandbox trades every day); earlier bars skip weekends.
  const dates: Date[] = [today];
  for (let back = 1; dates.length < days; back++) {
    const date = addDays(today, -back);
    if (date.getUTCDay() !== 0 && date.getUTCDay() !== 6) dates.push(date);
  }
  const bars: DailyBar[] = [];
  for (let i = days - 1; i >= 0; i--) {
    const close = roundMoney(closes[i] ?? quote.price);
    const open = roundMoney(closes[i + 1] ?? close * 0.995);
    const spread = Math.abs(random.normal()) * 0.006 * close;
    const high = roundMoney(Math.max(open, close) + spread);
    const low = roundMoney(Math.max(0.01, Math.min(open, close) - spread));
    const volume = 1_000_000 + Math.floor(random.next() * 9_000_000);
    bars.push({
      date: dates[i] ?? today,
      open,
      high,
      low,
      close,
      volume,
      tradeCount: Math.floor(volume / 120),
      vwap: roundMoney((high + low + close) / 3),
    });
  }
  return bars;
}
