import { describe, expect, it } from "vitest";
import { notionalSchema, onTick, priceSchema, quantitySchema } from "./amounts.js";

describe("prices on the tick (whole cents at $1 and above, hundredths of a cent below)", () => {
  it.each([
    [1, true],
    [1.01, true],
    [190.12, true],
    [1.001, false],
    [190.123, false],
    [0.9999, true],
    [0.0001, true],
    [0.99999, false],
    [0.12345, false],
  ])("%s → %s", (price, expected) => {
    expect(onTick(price)).toBe(expected);
    expect(priceSchema.safeParse(price).success).toBe(expected);
  });
});

describe("sizes brokers take", () => {
  it.each([
    [0.000001, true],
    [12.345678, true],
    [12.3456789, false],
    [0, false],
    [-1, false],
  ])("%s shares → %s", (quantity, expected) => {
    expect(quantitySchema.safeParse(quantity).success).toBe(expected);
  });

  it.each([
    [0.01, true],
    [10.25, true],
    [10.005, false],
    [0, false],
  ])("$%s → %s", (notional, expected) => {
    expect(notionalSchema.safeParse(notional).success).toBe(expected);
  });

  it("says why a size is refused", () => {
    expect(quantitySchema.safeParse(1.0000001).error?.issues[0]?.message).toBe("at most 6 decimals");
    expect(notionalSchema.safeParse(10.005).error?.issues[0]?.message).toBe("whole cents");
    expect(priceSchema.safeParse(1.001).error?.issues[0]?.message).toBe(
      "whole cents at $1 and above, at most 4 decimals below $1",
    );
  });
});
