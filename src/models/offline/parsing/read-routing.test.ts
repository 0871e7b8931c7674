import { describe, expect, it } from "vitest";
import { parseIntent } from "./intent-parser.js";

const fresh = { pending: null, draft: null, lastSymbol: null };
const calls = (text: string) => {
  const intent = parseIntent(text, fresh);
  return intent.kind === "tool_calls" ? intent.calls : intent;
};

describe("read questions pick the lookup from what is asked", () => {
  it.each([
    ["how much apple do I hold across all my accounts", "AAPL"],
    ["what's my total AAPL across accounts", "AAPL"],
    ["how many TSLA shares do I have in total", "TSLA"],
    ["how much nvidia do I own altogether across my accounts", "NVDA"],
  ])("a per-symbol total is that symbol's holdings, not the account list: %j", (text, symbol) => {
    expect(calls(text)).toEqual([{ name: "get_holdings", args: { symbol } }]);
  });

  it("a question naming two accounts asks about both", () => {
    expect(calls("show holdings in Schwab and Robinhood")).toEqual([
      { name: "get_holdings", args: { account: "Schwab" } },
      { name: "get_holdings", args: { account: "Robinhood" } },
    ]);
    expect(calls("what's the cash in Schwab and Alpaca")).toEqual([
      { name: "get_buying_power", args: { account: "Schwab" } },
      { name: "get_buying_power", args: { account: "Alpaca" } },
    ]);
  });

  it.each([
    ["which brokerages are connected", { name: "get_accounts", args: {} }],
    ["what is NVDA at right now", { name: "get_quote", args: { symbol: "NVDA" } }],
    ["where's Tesla trading today?", { name: "get_quote", args: { symbol: "TSLA" } }],
  ])("%j", (text, call) => {
    expect(calls(text)).toEqual([call]);
  });

  it.each([
    ["which accounts are linked", "get_accounts"],
    ["what do I hold", "get_holdings"],
    ["what's my buying power", "get_buying_power"],
  ])("leaves plain questions to the clause reader: %j", (text, tool) => {
    expect(calls(text)).toEqual([expect.objectContaining({ name: tool })]);
  });
});
