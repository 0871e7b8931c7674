import { describe, expect, it } from "vitest";
import { type OrderRequest, orderRequestSchema, requestedSize, symbolSchema } from "./order-request.js";

const request = (fields: Partial<OrderRequest>): OrderRequest => ({
  symbol: "TSLA",
  side: "sell",
  ...fields,
});

describe("a request's size", () => {
  it.each([
    ["shares", { quantity: 3 }, { size: { kind: "shares", quantity: 3 } }],
    ["dollars", { notional: 250 }, { size: { kind: "dollars", notional: 250 } }],
    ["all", { sellAll: true }, { size: { kind: "all" } }],
    ["half", { fraction: 0.5 }, { size: { kind: "fraction", fraction: 0.5 } }],
    ["a fraction of 1 is all", { fraction: 1 }, { size: { kind: "all" } }],
    ["sellAll false is no size", { sellAll: false }, { missing: true }],
    [
      "sellAll false with shares is the shares",
      { sellAll: false, quantity: 2 },
      { size: { kind: "shares", quantity: 2 } },
    ],
    ["nothing", {}, { missing: true }],
  ] as const)("%s", (_name, fields, expected) => {
    expect(requestedSize(request(fields))).toEqual(expected);
  });

  it.each([
    ["shares and dollars", { quantity: 1, notional: 100 }],
    ["shares and all", { quantity: 1, sellAll: true }],
    ["all and a fraction", { sellAll: true, fraction: 0.5 }],
    ["dollars and a fraction", { notional: 100, fraction: 0.25 }],
  ] as const)("refuses %s at once, saying so", (_name, fields) => {
    expect(requestedSize(request(fields))).toEqual({
      conflict: "Give either shares, a dollar amount, all, or a fraction — not several.",
    });
  });
});

describe("the symbol in a request", () => {
  it.each([
    [" tsla ", "TSLA"],
    ["brk.b", "BRK.B"],
  ])("%j reads as %s", (given, expected) => {
    expect(symbolSchema.parse(given)).toBe(expected);
    expect(orderRequestSchema.parse({ symbol: given, side: "buy", quantity: 1 }).symbol).toBe(expected);
  });
});
