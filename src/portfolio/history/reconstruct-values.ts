import type { Activity } from "../../brokers/model.js";
import { externalFlow } from "./external-flows.js";

/**
 * Estimates an account's value at past daily closes from what we know today.
 *
 * The approximation: start from today's positions and cash and walk back one day at a time,
 * undoing each activity after that day's close (a buy gives the shares back and returns the
 * cash, a sell the reverse, a deposit or dividend leaves, a withdrawal or fee comes back). Each
 * past day is valued with a price per symbol interpolated linearly in time between the prices
 * we know: the activities' own trade prices and today's price (before the oldest known price,
 * that price is used). There is no daily price series behind it, so moves between trades are
 * smoothed away; the estimate only goes back to the oldest activity, where the data stops.
 */
export interface ReconstructInput {
  now: Date;
  /** How many past days to estimate at most. */
  days: number;
  cash: number;
  positions: Array<{ symbol: string; quantity: number; price: number | null }>;
  activities: Activity[];
}

function cashEffect(activity: Activity): number {
  if (activity.type === "deposit" || activity.type === "withdrawal")
    return externalFlow(activity).flow?.amount ?? 0;
  const amount = Math.abs(activity.amount ?? (activity.quantity ?? 0) * (activity.price ?? 0));
  switch (activity.type) {
    case "buy":
    case "fee":
      return -amount;
    case "sell":
    case "dividend":
    case "interest":
      return amount;
    default:
      return 0;
  }
}

function shareEffect(activity: Activity): number {
  const quantity = Math.abs(activity.quantity ?? 0);
  if (activity.type === "buy") return quantity;
  if (activity.type === "sell") return -quantity;
  return 0;
}

type Anchor = { at: number; price: number };

function priceAt(anchors: Anchor[], at: number): number | null {
  if (anchors.length === 0) return null;
  const after = anchors.findIndex((a) => a.at >= at);
  if (after === -1) return anchors.at(-1)!.price;
  if (after === 0) return anchors[0]!.price;
  const left = anchors[after - 1]!;
  const right = anchors[after]!;
  const share = (at - left.at) / (right.at - left.at);
  return left.price + (right.price - left.price) * share;
}

/** Daily close = 20:00 UTC (16:00 New York in summer); one point per past day, oldest first. */
export function reconstructDailyValues(input: ReconstructInput): Array<{ date: string; value: number }> {
  const activities = [...input.activities].sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
  const oldest = activities.at(-1);
  if (!oldest) return [];
  const nowMs = input.now.getTime();
  const anchors = new Map<string, Anchor[]>();
  const addAnchor = (symbol: string, anchor: Anchor) =>
    anchors.set(symbol, [...(anchors.get(symbol) ?? []), anchor]);
  for (const activity of activities) {
    if (activity.symbol && activity.price !== null && activity.price > 0) {
      addAnchor(activity.symbol, { at: Date.parse(activity.at), price: activity.price });
    }
  }
  for (const p of input.positions) if (p.price !== null) addAnchor(p.symbol, { at: nowMs, price: p.price });
  for (const list of anchors.values()) list.sort((a, b) => a.at - b.at);

  const shares = new Map(input.positions.map((p) => [p.symbol, p.quantity]));
  let cash = input.cash;
  let next = 0;
  const points: Array<{ date: string; value: number }> = [];
  const today = new Date(
    Date.UTC(input.now.getUTCFullYear(), input.now.getUTCMonth(), input.now.getUTCDate()),
  );
  for (let back = 1; back <= input.days; back += 1) {
    const day = new Date(today.getTime() - back * 86_400_000);
    const close = day.getTime() + 20 * 3_600_000;
    if (close < Date.parse(oldest.at)) break;
    while (next < activities.length && Date.parse(activities[next]!.at) > close) {
      const activity = activities[next]!;
      cash -= cashEffect(activity);
      if (activity.symbol)
        shares.set(activity.symbol, (shares.get(activity.symbol) ?? 0) - shareEffect(activity));
      next += 1;
    }
    let value = cash;
    for (const [symbol, quantity] of shares) {
      value += Math.max(0, quantity) * (priceAt(anchors.get(symbol) ?? [], close) ?? 0);
    }
    points.push({ date: day.toISOString().slice(0, 10), value: Math.max(0, Math.round(value * 100) / 100) });
  }
  return points.reverse();
}
