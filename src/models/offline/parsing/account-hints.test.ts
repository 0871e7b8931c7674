import { describe, expect, it } from "vitest";
import { extractAccountMention, findBareAccountName } from "./account-hints.js";

describe("extractAccountMention", () => {
  it.each([
    ["sell 2 AAPL from my Robinhood", "Robinhood", "sell 2 AAPL"],
    ["buy $100 of VOO in my Roth IRA", "Roth IRA", "buy $100 of VOO"],
    ["what's in my Schwab account", "Schwab", "what's"],
    ["buy 1 AAPL in my charles schwab individual account", "Charles Schwab individual", "buy 1 AAPL"],
    ["buy 1 AAPL in my Fidelity Roth IRA", "Fidelity Roth IRA", "buy 1 AAPL"],
    ["buy 1 AAPL in my 401(k)", "401(k)", "buy 1 AAPL"],
    ["buy 1 AAPL in my joint account", "joint", "buy 1 AAPL"],
    ["use E*Trade instead", "E*TRADE", "instead"],
    ["sell 2 AAPL from my Growth account", "Growth", "sell 2 AAPL"],
  ])("%s", (text, hint, rest) => {
    expect(extractAccountMention(text)).toEqual({ hint, rest });
  });

  it.each([
    "how much cash do I have",
    "buy 10 shares of Robinhood stock",
    "what's my account worth",
    "chase the price",
  ])("finds no account in %j", (text) => {
    expect(extractAccountMention(text)).toBeNull();
  });

  it("reads a bare account name in an answer to 'which account?'", () => {
    expect(findBareAccountName("the Robinhood one")).toBe("Robinhood");
    expect(findBareAccountName("Schwab please")).toBe("Schwab");
    expect(findBareAccountName("my roth")).toBe("Roth IRA");
    expect(findBareAccountName("10 shares")).toBeNull();
  });
});
