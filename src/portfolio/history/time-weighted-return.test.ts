import { describe, expect, it } from "vitest";
import type { Activity } from "../../brokers/model.js";
import { externalFlow } from "./external-flows.js";
import { type ExternalFlow, periodPerformance, type ValuationPoint } from "./time-weighted-return.js";

const day = (n: number, hour = 0) => new Date(Date.UTC(2025, 5, 1 + n, hour)).toISOString();

describe("time-weighted return (linked Modified Dietz)", () => {
  // Worked by hand:
  // day 0→1: A 10,000, +2,000 deposit at 12:00 (weight 0.5): capital 11,000, gain 1,100 → A 13,100, r = +10%
  // day 1→2: −1,200 withdrawal at 18:00 (weight 0.25): capital 12,800, gain 640 → A 12,540, r = +5%;
  //          account B is linked at day 2 with 5,000 (an inflow, not a gain)
  // day 2→3: A+B 17,540 → 17,189.20 (A −250.80, B −100): gain −350.80, r = −2%
  // TWR = 1.10 × 1.05 × 0.98 − 1 = 13.19 %; gain 1,389.20; net flows 2,000 − 1,200 + 5,000 = 5,800;
  // change 7,189.20 = gain + net flows; plain change 71.89 % (what a naive answer reports).
  const points: ValuationPoint[] = [
    { at: day(0), accounts: { A: 10_000 } },
    { at: day(1), accounts: { A: 13_100 } },
    { at: day(2), accounts: { A: 12_540, B: 5_000 } },
    { at: day(3), accounts: { A: 12_289.2, B: 4_900 } },
  ];
  const flows: ExternalFlow[] = [
    { accountId: "A", at: day(0, 12), amount: 2_000, kind: "deposit" },
    { accountId: "A", at: day(1, 18), amount: -1_200, kind: "withdrawal" },
  ];

  it("chains sub-period returns and counts deposits, withdrawals and a linked account as flows", () => {
    const result = periodPerformance(points, flows)!;
    expect(result.startValue).toBe(10_000);
    expect(result.endValue).toBe(17_189.2);
    expect(result.change).toBe(7_189.2);
    expect(result.changePct).toBe(71.89);
    expect(result.netFlows).toBe(5_800);
    expect(result.gain).toBe(1_389.2);
    expect(result.returnPct).toBe(13.19);
    expect(result.flows.map((f) => [f.kind, f.accountId, f.amount])).toEqual([
      ["deposit", "A", 2_000],
      ["withdrawal", "A", -1_200],
      ["linked", "B", 5_000],
    ]);
  });

  it("ignores flows outside the period and of accounts not valued at both ends of a sub-period", () => {
    const result = periodPerformance(points, [
      ...flows,
      { accountId: "A", at: day(-1), amount: 9_999, kind: "deposit" },
      // B's deposit before it was linked is part of the value it brought.
      { accountId: "B", at: day(1, 6), amount: 4_000, kind: "deposit" },
    ])!;
    expect(result.returnPct).toBe(13.19);
    expect(result.gain).toBe(1_389.2);
  });

  it("an unlinked account takes its value out without a loss", () => {
    const result = periodPerformance(
      [
        { at: day(0), accounts: { A: 1_000, B: 500 } },
        { at: day(1), accounts: { A: 1_010 } },
      ],
      [],
    )!;
    expect(result.change).toBe(-490);
    expect(result.netFlows).toBe(-500);
    expect(result.gain).toBe(10);
    expect(result.returnPct).toBe(1);
  });

  it("needs two points", () => {
    expect(periodPerformance([{ at: day(0), accounts: { A: 1 } }], [])).toBeNull();
  });
});

describe("external flows from activities", () => {
  const activity = (fields: Partial<Activity>): Activity => ({
    id: "x",
    accountId: "A",
    type: "deposit",
    symbol: null,
    quantity: null,
    price: null,
    amount: 100,
    currency: "USD",
    at: day(0),
    ...fields,
  });

  it("a journal out (Alpaca JNLC, mapped to deposit) with a negative amount is a withdrawal", () => {
    expect(externalFlow(activity({ amount: -250 })).flow).toMatchObject({ amount: -250, kind: "withdrawal" });
  });

  it("a withdrawal reported as a positive amount still takes money out", () => {
    expect(externalFlow(activity({ type: "withdrawal", amount: 300 })).flow).toMatchObject({
      amount: -300,
      kind: "withdrawal",
    });
  });

  it("trades and dividends are not external flows; a flow without an amount is unknown, not zero", () => {
    expect(externalFlow(activity({ type: "buy", amount: -500 })).flow).toBeNull();
    expect(externalFlow(activity({ type: "dividend", amount: 5 })).flow).toBeNull();
    expect(externalFlow(activity({ amount: null }))).toEqual({ flow: null, unknownAmount: true });
  });
});
