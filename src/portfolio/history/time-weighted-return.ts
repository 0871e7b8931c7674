import { Decimal } from "decimal.js";
import { toMoney, toPercent } from "../../core/money.js";

/**
 * Performance the way brokerages report it.
 *
 * Method ("linked Modified Dietz", a time-weighted return): the period is cut at every valuation
 * point we have (each snapshot). Within one sub-period the return is Modified Dietz over the
 * accounts valued at both ends:
 *
 *   r = (V_end − V_start − F) / (V_start + Σ F_k · w_k),   w_k = (t_end − t_k) / (t_end − t_start)
 *
 * where F_k are the external flows (deposits positive, withdrawals negative) dated inside it.
 * An account that appears at a point (just linked) brings its value as an inflow at that point,
 * one that disappears (unlinked) takes its value out: neither counts as gain or loss. The
 * sub-period returns are chained: R = Π(1 + r) − 1. The gain in money is the change in value
 * minus the net flows, so `change = gain + netFlows` holds exactly.
 */
export const RETURN_METHOD = "time_weighted_linked_modified_dietz" as const;

export interface ValuationPoint {
  /** ISO time. */
  at: string;
  /** Value per account id at that time. */
  accounts: Record<string, number>;
}

export interface ExternalFlow {
  accountId: string;
  at: string;
  /** Signed: money in is positive, money out negative. */
  amount: number;
  kind: "deposit" | "withdrawal" | "linked" | "unlinked";
}

export interface PeriodPerformance {
  startValue: number;
  endValue: number;
  /** Plain change in value, flows included. */
  change: number;
  changePct: number | null;
  /** Deposits − withdrawals + value of accounts linked − value of accounts unlinked. */
  netFlows: number;
  /** Change in value that is not money moved in or out. */
  gain: number;
  /** Time-weighted return in percent; null when no sub-period had capital to measure against. */
  returnPct: number | null;
  /** Every external flow counted, oldest first (linked accounts included). */
  flows: ExternalFlow[];
}

function total(values: Record<string, number>, ids?: Iterable<string>): Decimal {
  let sum = new Decimal(0);
  for (const id of ids ?? Object.keys(values)) sum = sum.plus(values[id] ?? 0);
  return sum;
}

/** Null with fewer than two points: a change needs a start and an end. */
export function periodPerformance(points: ValuationPoint[], flows: ExternalFlow[]): PeriodPerformance | null {
  const ordered = [...points].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  const first = ordered[0];
  const last = ordered.at(-1);
  if (!first || !last || ordered.length < 2) return null;

  let growth = new Decimal(1);
  let measured = false;
  let gain = new Decimal(0);
  const counted: ExternalFlow[] = [];
  for (let i = 1; i < ordered.length; i += 1) {
    const start = ordered[i - 1]!;
    const end = ordered[i]!;
    const t0 = Date.parse(start.at);
    const t1 = Date.parse(end.at);
    const common = Object.keys(end.accounts).filter((id) => id in start.accounts);
    const inside = flows.filter((f) => {
      const at = Date.parse(f.at);
      return common.includes(f.accountId) && at > t0 && at <= t1;
    });
    let net = new Decimal(0);
    let weighted = new Decimal(0);
    for (const flow of inside) {
      net = net.plus(flow.amount);
      const weight = t1 === t0 ? 0 : (t1 - Date.parse(flow.at)) / (t1 - t0);
      weighted = weighted.plus(new Decimal(flow.amount).times(weight));
      counted.push(flow);
    }
    const v0 = total(start.accounts, common);
    const v1 = total(end.accounts, common);
    const subGain = v1.minus(v0).minus(net);
    gain = gain.plus(subGain);
    const capital = v0.plus(weighted);
    if (capital.greaterThan(0)) {
      growth = growth.times(subGain.div(capital).plus(1));
      measured = true;
    }
    for (const id of Object.keys(end.accounts)) {
      if (!(id in start.accounts))
        counted.push({ accountId: id, at: end.at, amount: end.accounts[id]!, kind: "linked" });
    }
    for (const id of Object.keys(start.accounts)) {
      if (!(id in end.accounts))
        counted.push({ accountId: id, at: end.at, amount: -start.accounts[id]!, kind: "unlinked" });
    }
  }

  const startValue = total(first.accounts);
  const endValue = total(last.accounts);
  const change = endValue.minus(startValue);
  return {
    startValue: toMoney(startValue),
    endValue: toMoney(endValue),
    change: toMoney(change),
    changePct: startValue.isZero() ? null : toPercent(change.div(startValue).times(100)),
    netFlows: toMoney(change.minus(gain)),
    gain: toMoney(gain),
    returnPct: measured ? toPercent(growth.minus(1).times(100)) : null,
    flows: counted.sort((a, b) => Date.parse(a.at) - Date.parse(b.at)),
  };
}
