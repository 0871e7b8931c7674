import { describe, expect, it } from "vitest";
import { extractAmounts } from "./amounts.js";

describe("extractAmounts", () => {
  it.each([
    ["buy 10 shares of AAPL", [{ kind: "shares", quantity: 10 }]],
    ["sell 2 AAPL", [{ kind: "shares", quantity: 2, bare: true }]],
    ["buy a share of AAPL", [{ kind: "shares", quantity: 1 }]],
    ["buy half a share", [{ kind: "shares", quantity: 0.5 }]],
    ["buy $500 of VOO", [{ kind: "dollars", notional: 500 }]],
    ["invest 1,000 dollars", [{ kind: "dollars", notional: 1000 }]],
    ["buy $2.5k of VTI", [{ kind: "dollars", notional: 2500 }]],
    ["sell all my TSLA", [{ kind: "all" }]],
    ["sell half my TSLA", [{ kind: "fraction", fraction: 0.5 }]],
    ["sell a third", [{ kind: "fraction", fraction: 1 / 3 }]],
    ["sell two thirds", [{ kind: "fraction", fraction: 2 / 3 }]],
    ["sell 25% of AAPL", [{ kind: "fraction", fraction: 0.25 }]],
    ["sell 100 percent", [{ kind: "all" }]],
    ["buy 2k of VOO", [{ kind: "unclear", text: "2k" }]],
    ["buy AAPL", []],
  ])("%s", (clause, amounts) => {
    expect(extractAmounts(clause).amounts).toEqual(amounts);
  });

  it("reports both amounts when two are given", () => {
    expect(extractAmounts("buy 10 shares for $1,900").amounts).toEqual([
      { kind: "dollars", notional: 1900 },
      { kind: "shares", quantity: 10 },
    ]);
  });
});
