import { describe, expect, it } from "vitest";
import { parseNumberToken, spelledNumbersToDigits } from "./numbers.js";

describe("spelledNumbersToDigits", () => {
  it.each([
    ["buy ten shares", "buy 10 shares"],
    ["five hundred dollars", "500 dollars"],
    ["twenty-five shares", "25 shares"],
    ["one hundred and fifty", "150"],
    ["a thousand dollars", "1000 dollars"],
    ["two thousand five hundred", "2500"],
    ["buy one share", "buy 1 share"],
    ["the Robinhood one", "the Robinhood one"],
    ["which one", "which one"],
    ["a share of AAPL", "a share of AAPL"],
    ["often", "often"],
  ])("%s → %s", (input, output) => {
    expect(spelledNumbersToDigits(input)).toBe(output);
  });
});

describe("parseNumberToken", () => {
  it.each([
    ["1,000", undefined, 1000],
    ["2.5", undefined, 2.5],
    ["1.5", "k", 1500],
    ["2", "million", 2_000_000],
    ["3", "x", null],
  ] as const)("%s %s → %s", (token, suffix, value) => {
    expect(parseNumberToken(token, suffix)).toBe(value);
  });
});
