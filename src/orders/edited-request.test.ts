import { describe, expect, it } from "vitest";
import type { OrderRequest } from "./contract/index.js";
import { editedRequest } from "./edited-request.js";

type OrderType = NonNullable<OrderRequest["orderType"]>;

/** An open buy of 10 KO of `orderType`, carrying the prices that type uses. */
const old = (orderType: OrderType): OrderRequest => ({
  symbol: "KO",
  side: "buy",
  quantity: 10,
  orderType,
  limitPrice: orderType === "limit" || orderType === "stop_limit" ? 60 : undefined,
  stopPrice: orderType === "stop" || orderType === "stop_limit" ? 58 : undefined,
  timeInForce: "gtc",
  account: "Robinhood",
});

/** What an edited card asks the broker for: the type and the two prices. */
const priced = (r: OrderRequest) => ({
  orderType: r.orderType,
  limitPrice: r.limitPrice,
  stopPrice: r.stopPrice,
});

describe("the request an edit asks for", () => {
  it.each([
    ["market", { orderType: "limit", limitPrice: 61, stopPrice: undefined }],
    ["limit", { orderType: "limit", limitPrice: 61, stopPrice: undefined }],
    ["stop", { orderType: "stop_limit", limitPrice: 61, stopPrice: 58 }],
    ["stop_limit", { orderType: "stop_limit", limitPrice: 61, stopPrice: 58 }],
  ] as const)("a new limit price on a %s order gives %o", (type, expected) => {
    expect(priced(editedRequest(old(type), { limitPrice: 61 }))).toEqual(expected);
  });

  it.each([
    ["market", { orderType: "stop", limitPrice: undefined, stopPrice: 57 }],
    ["limit", { orderType: "stop_limit", limitPrice: 60, stopPrice: 57 }],
    ["stop", { orderType: "stop", limitPrice: undefined, stopPrice: 57 }],
    ["stop_limit", { orderType: "stop_limit", limitPrice: 60, stopPrice: 57 }],
  ] as const)("a new stop price on a %s order gives %o", (type, expected) => {
    expect(priced(editedRequest(old(type), { stopPrice: 57 }))).toEqual(expected);
  });

  it("an order with no type is a market order", () => {
    const { orderType: _none, ...untyped } = old("market");
    expect(priced(editedRequest(untyped, { limitPrice: 61 }))).toEqual({
      orderType: "limit",
      limitPrice: 61,
      stopPrice: undefined,
    });
  });

  it.each([
    ["market", { orderType: "market", limitPrice: undefined, stopPrice: undefined }],
    ["limit", { orderType: "limit", limitPrice: 60, stopPrice: undefined }],
    ["stop", { orderType: "stop", limitPrice: undefined, stopPrice: 58 }],
  ] as const)("a stop-limit order made %s keeps only the prices that type uses", (type, expected) => {
    expect(priced(editedRequest(old("stop_limit"), { orderType: type }))).toEqual(expected);
  });

  it("a type given with a price wins over the type the price implies", () => {
    expect(
      priced(editedRequest(old("market"), { orderType: "stop_limit", limitPrice: 61, stopPrice: 57 })),
    ).toEqual({ orderType: "stop_limit", limitPrice: 61, stopPrice: 57 });
  });

  it("a new size replaces the old one and any whole-position or fraction sell", () => {
    const sell: OrderRequest = { symbol: "KO", side: "sell", fraction: 0.5, timeInForce: "day" };
    const shares = editedRequest(sell, { quantity: 3 });
    expect([shares.quantity, shares.notional, shares.fraction, shares.sellAll]).toEqual([
      3,
      undefined,
      undefined,
      undefined,
    ]);
    const dollars = editedRequest({ ...sell, fraction: undefined, sellAll: true }, { notional: 250 });
    expect([dollars.quantity, dollars.notional, dollars.fraction, dollars.sellAll]).toEqual([
      undefined,
      250,
      undefined,
      undefined,
    ]);
    // A price-only edit keeps the size as the user gave it.
    expect(editedRequest(sell, { limitPrice: 70 })).toMatchObject({ fraction: 0.5, orderType: "limit" });
  });

  it("only a new account re-routes; time in force follows the edit", () => {
    expect(editedRequest(old("market"), { timeInForce: "day" })).toMatchObject({
      account: "Robinhood",
      timeInForce: "day",
    });
    expect(editedRequest(old("market"), { accountId: "alpaca_paper-1" }).account).toBe("alpaca_paper-1");
    expect(editedRequest(old("market"), { quantity: 2 }).timeInForce).toBe("gtc");
  });
});
