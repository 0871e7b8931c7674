import { describe, expect, it } from "vitest";
import { brokerTicker, canonicalTicker, sameTicker } from "./share-class.js";

describe("share-class spellings", () => {
  it.each(["BRK.B", "BRK-B", "BRK/B", "BRK B", "brk.b", "brk-b", "$BRK/B", "BRK . B"])(
    "%s is BRK.B",
    (spelling) => {
      expect(canonicalTicker(spelling)).toBe("BRK.B");
    },
  );

  it("keeps plain tickers and refuses texts that are not ticker-shaped", () => {
    expect(canonicalTicker("aapl")).toBe("AAPL");
    expect(canonicalTicker("berkshire hathaway")).toBeNull();
    expect(canonicalTicker("BRK.BB")).toBeNull();
    expect(canonicalTicker("123")).toBeNull();
  });

  it("compares tickers across spellings", () => {
    expect(sameTicker("BF-B", "bf.b")).toBe(true);
    expect(sameTicker("BF.A", "BF.B")).toBe(false);
  });

  it("writes each broker's form", () => {
    expect(brokerTicker("alpaca", "brk/b")).toBe("BRK.B");
    expect(brokerTicker("snaptrade", "BRK B")).toBe("BRK.B");
  });
});
