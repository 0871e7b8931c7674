import { describe, expect, it } from "vitest";
import { notionalSchema, priceSchema, quantitySchema } from "./amounts.js";
import { decisionSchema } from "./decision.js";
import { accountIdSchema, orderChangesSchema } from "./order-changes.js";
import { accountHintSchema, orderRequestSchema, symbolSchema } from "./order-request.js";

/** Inputs at the edge: what the contract lets through and what it refuses, at each bound. */
describe("bounds of the order contract's inputs", () => {
  it("takes sizes and prices up to a billion and refuses more", () => {
    for (const schema of [quantitySchema, notionalSchema, priceSchema]) {
      expect(schema.safeParse(1e9).success).toBe(true);
      expect(schema.safeParse(1e9 + 1).success).toBe(false);
    }
    for (const field of ["quantity", "notional", "limitPrice"] as const) {
      expect(orderChangesSchema.safeParse({ [field]: 1e9 }).success).toBe(true);
      expect(orderChangesSchema.safeParse({ [field]: 1e9 + 1 }).success).toBe(false);
      expect(orderChangesSchema.safeParse({ [field]: 0 }).success).toBe(false);
    }
    expect(orderRequestSchema.safeParse({ symbol: "KO", side: "buy", quantity: 1e9 + 1 }).success).toBe(
      false,
    );
  });

  it("refuses a request for a fraction of nothing or more than the whole", () => {
    const sell = (fraction: number) => orderRequestSchema.safeParse({ symbol: "KO", side: "sell", fraction });
    expect(sell(1).success).toBe(true);
    expect(sell(0.01).success).toBe(true);
    expect(sell(0).success).toBe(false);
    expect(sell(1.01).success).toBe(false);
  });

  it.each([
    ["snaptrade_abc-1.x_Y", true],
    ["alpaca_p1", true],
    ["plaid_f1", true],
    [`snaptrade_${"a".repeat(100)}`, true],
    [`snaptrade_${"a".repeat(101)}`, false],
    ["snaptrade_", false],
    ["xsnaptrade_abc", false],
    ["snaptrade_abc/../x", false],
    ["schwab_abc", false],
  ])("account id %j → %s", (id, expected) => {
    expect(accountIdSchema.safeParse(id).success).toBe(expected);
  });

  it.each([
    ["BRK.B", true],
    ["BF-B", true],
    ["ABCDEFGHIJKL", true],
    ["ABCDEFGHIJKLM", false],
    ["", false],
    ["1ABC", false],
    ["AB$", false],
    ["AAPL MSFT", false],
  ])("symbol %j → %s", (symbol, expected) => {
    expect(symbolSchema.safeParse(symbol).success).toBe(expected);
  });

  it.each([
    ["Robinhood", true],
    ["a".repeat(80), true],
    ["a".repeat(81), false],
    ["   ", false],
  ])("account as named %j → %s", (hint, expected) => {
    expect(accountHintSchema.safeParse(hint).success).toBe(expected);
  });

  it.each([
    ["a hash", "abc", true],
    ["no hash", undefined, true],
    ["an empty hash", "", false],
    ["a 200-character hash", "h".repeat(200), true],
    ["a 201-character hash", "h".repeat(201), false],
  ])("an approval with %s", (_name, hash, expected) => {
    expect(decisionSchema.safeParse({ decision: "approve", hash }).success).toBe(expected);
  });

  it("a decision takes no field it does not know", () => {
    expect(decisionSchema.safeParse({ decision: "reject" }).success).toBe(true);
    expect(decisionSchema.safeParse({ decision: "reject", hash: "abc" }).success).toBe(false);
    expect(decisionSchema.safeParse({ decision: "maybe" }).success).toBe(false);
    expect(decisionSchema.safeParse({ decision: "edit", changes: { quantity: 2 } }).success).toBe(true);
    expect(decisionSchema.safeParse({ decision: "edit", changes: {} }).success).toBe(false);
  });
});
