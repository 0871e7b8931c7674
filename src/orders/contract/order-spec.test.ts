import { describe, expect, it } from "vitest";
import { orderSpecSchema } from "./order-spec.js";

const market = {
  symbol: "AAPL",
  description: "Apple Inc.",
  side: "buy",
  quantity: 2,
  notional: null,
  orderType: "market",
  limitPrice: null,
  stopPrice: null,
  timeInForce: "day",
} as const;

describe("the order spec admits only orders a broker can take as shown", () => {
  it.each([
    ["a market order in shares", market],
    ["a market order in dollars", { ...market, quantity: null, notional: 500 }],
    ["a limit order", { ...market, orderType: "limit", limitPrice: 190.5 }],
    ["a stop order", { ...market, orderType: "stop", stopPrice: 180 }],
    ["a stop-limit order", { ...market, orderType: "stop_limit", stopPrice: 180, limitPrice: 179.5 }],
    ["a sub-dollar limit in hundredths of a cent", { ...market, orderType: "limit", limitPrice: 0.1234 }],
    ["six decimals of a share", { ...market, quantity: 0.123456 }],
  ])("accepts %s", (_name, spec) => {
    expect(orderSpecSchema.safeParse(spec).success).toBe(true);
  });

  it.each([
    ["both shares and dollars", { ...market, notional: 500 }],
    ["neither shares nor dollars", { ...market, quantity: null }],
    ["a limit order without a limit price", { ...market, orderType: "limit" }],
    ["a stop price on a market order", { ...market, stopPrice: 180 }],
    ["a limit price on a market order", { ...market, limitPrice: 180 }],
    ["a stop order with a limit price", { ...market, orderType: "stop", stopPrice: 180, limitPrice: 170 }],
    ["a stop-limit order without its stop", { ...market, orderType: "stop_limit", limitPrice: 170 }],
    [
      "a limit order in dollars",
      { ...market, quantity: null, notional: 500, orderType: "limit", limitPrice: 190 },
    ],
    ["zero shares", { ...market, quantity: 0 }],
    ["negative shares", { ...market, quantity: -5 }],
    ["a tenth of a billionth of a share", { ...market, quantity: 1e-10 }],
    ["more decimals than brokers take", { ...market, quantity: 1.0000001 }],
    ["a zero limit price", { ...market, orderType: "limit", limitPrice: 0 }],
    ["a limit price off the tick above $1", { ...market, orderType: "limit", limitPrice: 190.123 }],
    ["a limit price of a billionth", { ...market, orderType: "limit", limitPrice: 1e-9 }],
    ["fractions of a cent in dollars", { ...market, quantity: null, notional: 10.005 }],
    ["an unknown field", { ...market, trailPercent: 5 }],
  ])("refuses %s", (_name, spec) => {
    expect(orderSpecSchema.safeParse(spec).success).toBe(false);
  });
});
