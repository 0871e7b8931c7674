import { describe, expect, it } from "vitest";
import type { Activity } from "../../brokers/model.js";
import { reconstructDailyValues } from "./reconstruct-values.js";

const now = new Date("2025-06-10T15:00:00Z");

function activity(type: Activity["type"], at: string, fields: Partial<Activity> = {}): Activity {
  return {
    id: `${type}-${at}`,
    accountId: "a",
    type,
    symbol: null,
    quantity: null,
    price: null,
    amount: null,
    currency: "USD",
    at,
    ...fields,
  };
}

describe("value reconstruction from activities", () => {
  it("undoes later trades and deposits to value past closes", () => {
    const points = reconstructDailyValues({
      now,
      days: 30,
      cash: 500,
      positions: [{ symbol: "AAPL", quantity: 10, price: 200 }],
      activities: [
        activity("deposit", "2025-06-05T14:00:00Z", { amount: 1500 }),
        activity("buy", "2025-06-07T14:00:00Z", { symbol: "AAPL", quantity: 5, price: 180, amount: -900 }),
        activity("buy", "2025-06-06T14:00:00Z", { symbol: "AAPL", quantity: 5, price: 100, amount: -500 }),
      ],
    });
    // Before the deposit (the oldest activity) there is no data: the estimate stops at 06-05.
    expect(points.map((p) => p.date)).toEqual([
      "2025-06-05",
      "2025-06-06",
      "2025-06-07",
      "2025-06-08",
      "2025-06-09",
    ]);
    const byDate = Object.fromEntries(points.map((p) => [p.date, p.value]));
    // 06-05 close: no shares, cash = 500 + 900 + 500 = 1900.
    expect(byDate["2025-06-05"]).toBe(1900);
    // 06-06 close: 5 shares bought at 100 (price anchor 100 at 14:00, 180 next day), cash 1400.
    expect(byDate["2025-06-06"]).toBeGreaterThan(1400 + 5 * 100);
    expect(byDate["2025-06-06"]).toBeLessThan(1400 + 5 * 180);
    // 06-09 close: today's holdings at a price between 180 and today's 200.
    expect(byDate["2025-06-09"]).toBeGreaterThan(500 + 10 * 180);
    expect(byDate["2025-06-09"]).toBeLessThan(500 + 10 * 200);
  });

  it("has nothing to say without activities", () => {
    expect(
      reconstructDailyValues({
        now,
        days: 30,
        cash: 5,
        positions: [{ symbol: "X", quantity: 1, price: 1 }],
        activities: [],
      }),
    ).toEqual([]);
  });
});
