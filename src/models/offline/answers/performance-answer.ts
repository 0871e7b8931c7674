import { formatMoney, formatPercentChange, joinWithAnd } from "../../text/format.js";
import { cleanDataText } from "../../text/untrusted-text.js";
import type { GetPerformanceResult } from "../../tool-contracts.js";
import { warningLines } from "../../wording/warnings.js";

/**
 * get_performance → the gain and time-weighted return (money moved in or out is not a gain),
 * then, when money moved, the plain change in value and what moved it:
 * "Your portfolio is up $1,062.52 (+0.73%) today. Its value rose $14,876.52, from … to …,
 * including $13,814.00 that was not a gain: Robinhood Individual linked with $13,814.00."
 */

const PERIOD_WORDS: Record<GetPerformanceResult["period"], string> = {
  "1D": "today",
  "1W": "over the past week",
  "1M": "over the past month",
  "3M": "over the past 3 months",
  "1Y": "over the past year",
  ALL: "since you started",
};

const MAX_LISTED_FLOWS = 4;

export function performanceAnswer(result: GetPerformanceResult): string {
  const period = PERIOD_WORDS[result.period] ?? "over that period";
  const subject = result.scope === "paper" ? "Your paper portfolio (simulated money)" : "Your portfolio";
  const body = performanceLines(result, subject, period);
  return [body, ...warningLines(result.warnings ?? [])].join("\n");
}

function performanceLines(result: GetPerformanceResult, subject: string, period: string): string {
  if (result.gain === null || result.startValue === null || result.change === null) {
    return `${subject} is worth ${formatMoney(result.endValue)}. I don't have its value at the start of that period, so I can't say how it changed ${period}.`;
  }
  const pct = result.returnPct !== null ? ` (${formatPercentChange(result.returnPct)})` : "";
  const range = `from ${formatMoney(result.startValue)} to ${formatMoney(result.endValue)}`;
  const moved = result.netFlows ?? 0;
  if (moved === 0) {
    if (result.gain === 0) return `${subject} is unchanged ${period}, at ${formatMoney(result.endValue)}.`;
    return `${subject} is ${direction(result.gain)} ${formatMoney(Math.abs(result.gain))}${pct} ${period}, ${range}.`;
  }
  const headline =
    result.gain === 0
      ? `${subject} made no gain or loss ${period}${pct}.`
      : `${subject} is ${direction(result.gain)} ${formatMoney(Math.abs(result.gain))}${pct} ${period}, not counting money moved in or out.`;
  const valueMove =
    result.change === 0
      ? `Its value is unchanged at ${formatMoney(result.endValue)}`
      : `Its value ${result.change > 0 ? "rose" : "fell"} ${formatMoney(Math.abs(result.change))}, ${range}`;
  const flowWord = moved > 0 ? "added" : "taken out";
  return `${headline} ${valueMove}, including ${formatMoney(Math.abs(moved))} of money ${flowWord}${flowList(result.flows ?? [])}. The percentage is a time-weighted return, which leaves such flows out.`;
}

function direction(value: number): "up" | "down" {
  return value > 0 ? "up" : "down";
}

function flowList(flows: GetPerformanceResult["flows"]): string {
  if (flows.length === 0) return "";
  const items = flows.slice(0, MAX_LISTED_FLOWS).map((flow) => {
    const account = cleanDataText(flow.account, 60);
    const amount = formatMoney(Math.abs(flow.amount));
    switch (flow.kind) {
      case "linked":
        return `${account} linked with ${amount}`;
      case "unlinked":
        return `${account} removed with ${amount}`;
      case "deposit":
        return `a deposit of ${amount} into ${account}`;
      default:
        return `a withdrawal of ${amount} from ${account}`;
    }
  });
  if (flows.length > MAX_LISTED_FLOWS) items.push(`${flows.length - MAX_LISTED_FLOWS} more`);
  return ` (${joinWithAnd(items)})`;
}
