import { describe, expect, it } from "vitest";
import { extractOrderTerms } from "./order-terms.js";

describe("extractOrderTerms", () => {
  it.each([
    ["buy 5 AAPL at 180", "buy", { orderType: "limit", limitPrice: 180 }],
    ["buy 5 AAPL at $180.50 or less", "buy", { orderType: "limit", limitPrice: 180.5 }],
    ["buy 5 AAPL for no more than 180", "buy", { orderType: "limit", limitPrice: 180 }],
    ["sell 10 TSLA if it drops to 200", "sell", { orderType: "stop", stopPrice: 200 }],
    ["buy 10 TSLA if it drops to 200", "buy", { orderType: "limit", limitPrice: 200 }],
    ["buy 10 TSLA if it goes above 300", "buy", { orderType: "stop", stopPrice: 300 }],
    ["sell 10 TSLA stop-loss at 200", "sell", { orderType: "stop", stopPrice: 200 }],
    ["sell 10 TSLA stop 200 limit 195", "sell", { orderType: "stop_limit", stopPrice: 200, limitPrice: 195 }],
    ["buy 1 AAPL good 'til canceled", "buy", { timeInForce: "gtc" }],
    ["buy 1 AAPL fill or kill", "buy", { timeInForce: "fok" }],
    ["buy 1 AAPL at market", "buy", { orderType: "market" }],
    ["buy 1 AAPL limit order", "buy", { orderType: "limit", missingLimitPrice: true }],
    ["buy 10 shares of AAPL", "buy", {}],
  ] as const)("%s", (text, side, terms) => {
    expect(extractOrderTerms(text, side).terms).toEqual(terms);
  });

  it("cuts the price out so it isn't read as a share count", () => {
    expect(extractOrderTerms("buy 5 AAPL at 180", "buy").rest).toBe("buy 5 AAPL");
  });
});
