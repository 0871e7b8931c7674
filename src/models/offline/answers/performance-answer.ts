import type { GetPerformanceResult } from "../../tool-contracts.js";
import { formatMoney, formatPercentChange } from "../text/format.js";

/** get_performance → "Your portfolio is up $120.00 (+2.3%) over the past month: $5,200.00 → $5,320.00." */

const PERIOD_WORDS: Record<GetPerformanceResult["period"], string> = {
  "1D": "today",
  "1W": "over the past week",
  "1M": "over the past month",
  "3M": "over the past 3 months",
  "1Y": "over the past year",
  ALL: "since you started",
};

export function performanceAnswer(result: GetPerformanceResult): string {
  const period = PERIOD_WORDS[result.period] ?? "over that period";
  const startValue = result.startValue ?? (result.change !== null ? result.endValue - result.change : null);
  const change = result.change ?? (startValue !== null ? result.endValue - startValue : null);
  if (change === null || startValue === null) {
    return `Your portfolio is worth ${formatMoney(result.endValue)}. I don't have its value at the start of that period, so I can't say how it changed ${period}.`;
  }
  // Derived from the values, so it can't be misread as a fraction or a percent.
  const percent = startValue !== 0 ? (change / startValue) * 100 : result.changePct;
  const pct = percent !== null ? ` (${formatPercentChange(percent)})` : "";
  const range = `from ${formatMoney(startValue)} to ${formatMoney(result.endValue)}`;
  if (change === 0) return `Your portfolio is unchanged ${period}, at ${formatMoney(result.endValue)}.`;
  const direction = change > 0 ? "up" : "down";
  return `Your portfolio is ${direction} ${formatMoney(Math.abs(change))}${pct} ${period}, ${range}.`;
}
