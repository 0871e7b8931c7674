import { describe, expect, it } from "vitest";
import { checkRiskLimits, type RiskInput, type RiskLimits, riskNotional } from "./risk-limits.js";

const limits: RiskLimits = {
  maxOrderNotional: 1_000,
  maxDailyNotional: 5_000,
  maxOrdersPerDay: 10,
  allowedOrderTypes: ["market", "limit"],
};
const marketShares = (quantity: number, quotePrice: number | null): RiskInput => ({
  orderType: "market",
  quantity,
  notional: null,
  quotePrice,
  limitPrice: null,
  stopPrice: null,
});
const none = { notional: 0, orders: 0 };

describe("riskNotional: the dollar size an order is held to", () => {
  it("is the dollar amount of a dollar order, whatever the prices", () => {
    expect(riskNotional({ ...marketShares(1, 500), quantity: null, notional: 250 })).toBe(250);
  });

  it("is shares times the worst price it may execute at (quote, limit or stop)", () => {
    expect(riskNotional(marketShares(4, 25))).toBe(100);
    expect(riskNotional({ ...marketShares(2, 100), orderType: "limit", limitPrice: 150 })).toBe(300);
    expect(
      riskNotional({ ...marketShares(2, 100), orderType: "stop_limit", limitPrice: 90, stopPrice: 120 }),
    ).toBe(240);
    expect(riskNotional({ ...marketShares(2, null), orderType: "limit", limitPrice: 50 })).toBe(100);
  });

  it("exactly, without binary float noise", () => {
    expect(riskNotional(marketShares(1.1, 300))).toBe(330);
    expect(riskNotional(marketShares(0.000001, 123.45))).toBe(0.00012345);
  });

  it("ignores a price that is not a number, and is unknown without any price", () => {
    expect(riskNotional(marketShares(2, Number.NaN))).toBeNull();
    expect(riskNotional({ ...marketShares(2, Number.NaN), orderType: "limit", limitPrice: 10 })).toBe(20);
    expect(riskNotional(marketShares(2, Number.POSITIVE_INFINITY))).toBeNull();
    expect(riskNotional(marketShares(2, null))).toBeNull();
    expect(riskNotional({ ...marketShares(2, 10), quantity: null })).toBeNull();
  });
});

describe("checkRiskLimits", () => {
  it("refuses an order type that is not allowed, naming it", () => {
    expect(
      checkRiskLimits(
        limits,
        { ...marketShares(1, 10), orderType: "stop_limit", limitPrice: 10, stopPrice: 10 },
        none,
      ),
    ).toBe("stop-limit orders are not allowed.");
    expect(checkRiskLimits(limits, marketShares(1, 10), none)).toBeNull();
  });

  it("refuses an order whose dollar size cannot be estimated", () => {
    expect(checkRiskLimits(limits, marketShares(1, null), none)).toMatch(
      /cannot be estimated without a price/,
    );
    expect(checkRiskLimits(limits, marketShares(1, Number.NaN), none)).toMatch(/cannot be estimated/);
  });

  it("fails closed on a size that is not a number: no limit can be checked against it", () => {
    const notANumber = [
      { ...marketShares(1, 10), quantity: null, notional: Number.NaN },
      { ...marketShares(1, 10), quantity: null, notional: Number.POSITIVE_INFINITY },
      marketShares(Number.NaN, 10),
    ];
    for (const input of notANumber) {
      expect(riskNotional(input)).toBeNull();
      expect(checkRiskLimits(limits, input, none)).toBe(
        "The order's size in dollars cannot be estimated without a price.",
      );
    }
  });

  it("allows an order of exactly the per-order limit and refuses a cent more, share orders included", () => {
    expect(checkRiskLimits(limits, marketShares(10, 100), none)).toBeNull();
    expect(checkRiskLimits(limits, marketShares(10, 100.01), none)).toBe(
      "The order (about $1,000.10) is above the $1,000.00 limit per order.",
    );
    expect(
      checkRiskLimits(limits, { ...marketShares(1, 1), quantity: null, notional: 1_000.01 }, none),
    ).toMatch(/above the \$1,000\.00 limit per order/);
  });

  it("does not refuse at the limit because of binary float noise (1.1 x $300 is $330)", () => {
    expect(checkRiskLimits({ ...limits, maxOrderNotional: 330 }, marketShares(1.1, 300), none)).toBeNull();
    expect(checkRiskLimits({ ...limits, maxDailyNotional: 0.3 }, marketShares(3, 0.1), none)).toBeNull();
  });

  it("holds a limit order to its limit price when that is above the quote", () => {
    expect(
      checkRiskLimits(limits, { ...marketShares(10, 50), orderType: "limit", limitPrice: 101 }, none),
    ).toMatch(/about \$1,010\.00\) is above/);
  });

  it("allows the last order of the day and refuses the one after", () => {
    expect(checkRiskLimits(limits, marketShares(1, 10), { notional: 0, orders: 9 })).toBeNull();
    expect(checkRiskLimits(limits, marketShares(1, 10), { notional: 0, orders: 10 })).toBe(
      "You have reached the limit of 10 orders per day.",
    );
    expect(
      checkRiskLimits({ ...limits, maxOrdersPerDay: 1 }, marketShares(1, 10), { notional: 0, orders: 1 }),
    ).toBe("You have reached the limit of 1 order per day.");
  });

  it("allows reaching the daily limit exactly and refuses going over, saying what is left", () => {
    expect(checkRiskLimits(limits, marketShares(10, 100), { notional: 4_000, orders: 1 })).toBeNull();
    expect(checkRiskLimits(limits, marketShares(10, 100), { notional: 4_000.01, orders: 1 })).toBe(
      "The order (about $1,000.00) would exceed the $5,000.00 daily limit; $999.99 is left today.",
    );
    expect(checkRiskLimits(limits, marketShares(1, 10), { notional: 6_000, orders: 1 })).toMatch(
      /\$0\.00 is left today/,
    );
  });
});
