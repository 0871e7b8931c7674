import { describe, expect, it } from "vitest";
import { TradeIdLedger } from "./trade-ids.js";

describe("TradeIdLedger", () => {
  const start = Date.parse("2026-11-25T12:00:00Z");
  let nowMs = start;
  const ledger = new TradeIdLedger(() => new Date(nowMs));
  const inMinutes = (minutes: number) => new Date(start + minutes * 60_000).toISOString();

  it("lets a live trade id be placed once", () => {
    expect(ledger.claim("t1", inMinutes(5))).toBe(true);
    expect(ledger.claim("t1", inMinutes(5))).toBe(false);
    expect(ledger.claim("t2", inMinutes(5))).toBe(true);
  });

  it("refuses an expired or nearly expired trade id, or one without an expiry", () => {
    nowMs = start + 4 * 60_000 + 50_000;
    expect(ledger.claim("t3", inMinutes(5))).toBe(false);
    expect(ledger.claim("t4", undefined)).toBe(false);
    nowMs = start + 6 * 60_000;
    expect(ledger.claim("t5", inMinutes(5))).toBe(false);
  });
});
