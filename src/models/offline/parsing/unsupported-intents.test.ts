import { describe, expect, it } from "vitest";
import { parseIntent } from "./intent-parser.js";

const fresh = { pending: null, draft: null, lastSymbol: null };

describe("offline model: unsupported instruments are refused, never read as stock orders", () => {
  it.each([
    ["buy 2 AAPL calls", /can't trade options here; nothing was prepared/],
    ["buy 10 tesla options", /can't trade options/],
    ["buy $100 of bitcoin", /can't trade crypto/],
    ["sell 2 ES futures", /can't trade futures/],
    ["sell TSLA with a trailing stop of 5%", /can't place trailing stops/],
    ["buy 10 AAPL with a bracket order", /bracket or OCO/],
    ["short 10 TSLA", /can't open short positions/],
    ["transfer my AAPL from Robinhood to Schwab", /can't move money or positions/],
  ])("%j", (text, reply) => {
    const intent = parseIntent(text, fresh);
    expect(intent.kind).toBe("clarify");
    expect(intent.kind === "clarify" && intent.question).toMatch(reply);
  });
});
