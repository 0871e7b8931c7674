import { describe, expect, it } from "vitest";
import { parseIntent } from "./intent-parser.js";
import { correctVerbTypo, TRADE_VERBS } from "./trade-verbs.js";

const fresh = { pending: null, draft: null, lastSymbol: null };

function preparedOrder(text: string) {
  const intent = parseIntent(text, fresh);
  return intent.kind === "tool_calls" && intent.calls[0]?.name === "prepare_order"
    ? intent.calls[0].args
    : null;
}

describe("trade verb lexicon: every entry reads as its side", () => {
  it.each(TRADE_VERBS.map((v) => [v.phrase, v.side] as const))("%j → %s", (phrase, side) => {
    // Sells are sized in shares the user holds; the order is complete either way.
    expect(preparedOrder(`${phrase} 10 shares of MSFT`)).toEqual({ symbol: "MSFT", side, quantity: 10 });
  });
});

describe("misspelt buy and sell at the start of an order", () => {
  it.each([
    ["by 10 AAPL", "buy"],
    ["buyy 10 AAPL", "buy"],
    ["bu 10 AAPL", "buy"],
    ["biy 10 AAPL", "buy"],
    ["sel 5 TSLA", "sell"],
    ["selll 5 TSLA", "sell"],
    ["sekl 5 TSLA", "sell"],
  ])("%j → %s", (text, side) => {
    expect(preparedOrder(text)).toMatchObject({ side });
  });

  it.each(["sale 5 TSLA", "set 5 TSLA", "by friday", "what's TSLA"])("leaves %j alone", (text) => {
    expect(correctVerbTypo(text)).toBe(text);
  });
});
