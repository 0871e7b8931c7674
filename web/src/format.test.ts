import { describe, expect, it } from "vitest";
import { exactMoney, exactShares, money, shareCount, shares, signedMoney } from "./format.js";

describe("money and quantities from decimals", () => {
  it("shows float noise from the API as the cents it stands for", () => {
    expect(money(511.09999999999997)).toBe("$511.10");
    expect(money(0.1 + 0.2)).toBe("$0.30");
    expect(shares(0.1 + 0.2)).toBe("0.3");
  });

  it("formats a decimal string digit for digit, beyond what a double can hold", () => {
    expect(money("12345678901234567.89")).toBe("$12,345,678,901,234,567.89");
    expect(money("511.1")).toBe("$511.10");
    expect(shares("0.123456")).toBe("0.123456");
    expect(shareCount("1")).toBe("1 share");
    expect(shareCount("2.50")).toBe("2.5 shares");
  });

  it("signs gains and losses, and says unknown instead of guessing", () => {
    expect(signedMoney("-1062.52")).toBe("−$1,062.52");
    expect(signedMoney(1062.52)).toBe("+$1,062.52");
    expect(signedMoney("0.00")).toBe("$0.00");
    expect(money(null)).toBe("unknown");
    expect(money("abc")).toBe("unknown");
    expect(money(Number.NaN)).toBe("unknown");
    expect(shares(null)).toBe("unknown");
  });
});

describe("an order's prices and fills, digit for digit", () => {
  it("keeps every digit of a price: a sub-dollar limit and an average fill are not rounded to cents", () => {
    expect(exactMoney(0.5525)).toBe("$0.5525");
    expect(exactMoney("0.5525")).toBe("$0.5525");
    expect(exactMoney(227.1734)).toBe("$227.1734");
    expect(exactMoney(0.0000001)).toBe("$0.0000001");
    expect(exactMoney(1234567.5)).toBe("$1,234,567.50");
    expect(exactMoney(150)).toBe("$150.00");
    expect(exactMoney(null)).toBe("unknown");
  });

  it("keeps every digit of a filled quantity (Alpaca reports up to nine decimals)", () => {
    expect(exactShares(0.123456789)).toBe("0.123456789");
    expect(exactShares("12.000000001")).toBe("12.000000001");
    expect(shareCount(1, exactShares)).toBe("1 share");
    expect(shareCount(0.123456789, exactShares)).toBe("0.123456789 shares");
    expect(exactShares(null)).toBe("unknown");
  });
});
