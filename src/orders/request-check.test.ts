import { describe, expect, it } from "vitest";
import type { OrderRequest } from "./contract/index.js";
import { NeedsClarification, OrderRefused } from "./errors.js";
import { checkRequest } from "./request-check.js";

const sell = (r: Partial<OrderRequest> = {}): OrderRequest => ({ symbol: "AAPL", side: "sell", ...r });
const buy = (r: Partial<OrderRequest> = {}): OrderRequest => ({ symbol: "AAPL", side: "buy", ...r });

/** What a request must say before any broker is asked: its size, and prices that fit its type. */
describe("checkRequest", () => {
  it("reads the one size given", () => {
    expect(checkRequest(sell({ quantity: 2 }))).toEqual({ kind: "shares", quantity: 2 });
    expect(checkRequest(buy({ notional: 50 }))).toEqual({ kind: "dollars", notional: 50 });
    expect(checkRequest(sell({ sellAll: true }))).toEqual({ kind: "all" });
    expect(checkRequest(sell({ fraction: 0.5 }))).toEqual({ kind: "fraction", fraction: 0.5 });
  });

  it("asks how much when no size is given, naming the symbol and side", () => {
    expect(() => checkRequest(buy({ symbol: "NVDA" }))).toThrow(
      new NeedsClarification("How much NVDA do you want to buy? Say a number of shares or a dollar amount."),
    );
  });

  it("refuses two sizes at once", () => {
    expect(() => checkRequest(sell({ quantity: 1, notional: 10 }))).toThrow(OrderRefused);
  });

  it("refuses a buy of 'all' or of a fraction", () => {
    for (const r of [buy({ sellAll: true }), buy({ fraction: 0.5 })]) {
      expect(() => checkRequest(r)).toThrow(
        new OrderRefused("A buy needs a number of shares or a dollar amount."),
      );
    }
  });

  it("asks for the price a limit or stop order needs", () => {
    const limitAsked = new NeedsClarification("What limit price do you want?");
    const stopAsked = new NeedsClarification("At what price should the stop trigger?");
    expect(() => checkRequest(sell({ quantity: 1, orderType: "limit" }))).toThrow(limitAsked);
    expect(() => checkRequest(sell({ quantity: 1, orderType: "stop_limit", stopPrice: 5 }))).toThrow(
      limitAsked,
    );
    expect(() => checkRequest(sell({ quantity: 1, orderType: "stop" }))).toThrow(stopAsked);
    expect(() => checkRequest(sell({ quantity: 1, orderType: "stop_limit", limitPrice: 5 }))).toThrow(
      stopAsked,
    );
  });

  it("accepts each order type with exactly its prices", () => {
    const q = { quantity: 1 };
    expect(checkRequest(sell({ ...q, orderType: "market" }))).toEqual({ kind: "shares", quantity: 1 });
    expect(checkRequest(sell({ ...q, orderType: "limit", limitPrice: 10 }))).toEqual({
      kind: "shares",
      quantity: 1,
    });
    expect(checkRequest(sell({ ...q, orderType: "stop", stopPrice: 10 }))).toEqual({
      kind: "shares",
      quantity: 1,
    });
    expect(checkRequest(sell({ ...q, orderType: "stop_limit", limitPrice: 9, stopPrice: 10 }))).toEqual({
      kind: "shares",
      quantity: 1,
    });
  });

  it("refuses a price the order type does not take", () => {
    const q = { quantity: 1 };
    const market = new OrderRefused("A market order takes no limit or stop price.");
    expect(() => checkRequest(sell({ ...q, limitPrice: 10 }))).toThrow(market);
    expect(() => checkRequest(sell({ ...q, orderType: "market", stopPrice: 10 }))).toThrow(market);
    expect(() => checkRequest(sell({ ...q, orderType: "limit", limitPrice: 10, stopPrice: 9 }))).toThrow(
      new OrderRefused("A limit order takes no stop price; say stop-limit for both."),
    );
    expect(() => checkRequest(sell({ ...q, orderType: "stop", stopPrice: 10, limitPrice: 9 }))).toThrow(
      new OrderRefused("A stop order takes no limit price; say stop-limit for both."),
    );
  });

  it("refuses a dollar amount on anything but a market order", () => {
    expect(() => checkRequest(buy({ notional: 50, orderType: "limit", limitPrice: 10 }))).toThrow(
      /Dollar-amount orders can only be market orders/,
    );
    expect(checkRequest(buy({ notional: 50, orderType: "market" }))).toEqual({
      kind: "dollars",
      notional: 50,
    });
  });

  it("refuses a price off the tick, naming it and the nearest cent below; accepts one on it", () => {
    expect(() => checkRequest(sell({ quantity: 1, orderType: "limit", limitPrice: 10.005 }))).toThrow(
      new OrderRefused(
        "A limit price of 10.005 is not a valid price: US stocks trade in whole cents at $1 and above (e.g. $10.00), and at most 4 decimals below $1.",
      ),
    );
    expect(() => checkRequest(sell({ quantity: 1, orderType: "stop", stopPrice: 12.345 }))).toThrow(
      /^A stop price of 12\.345 is not a valid price/,
    );
    expect(checkRequest(sell({ quantity: 1, orderType: "limit", limitPrice: 0.1234 }))).toEqual({
      kind: "shares",
      quantity: 1,
    });
  });
});
