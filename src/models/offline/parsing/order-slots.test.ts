import { describe, expect, it } from "vitest";
import { orderQuestion } from "../replies/order-questions.js";
import { parseIntent } from "./intent-parser.js";
import { normaliseShareClasses } from "./request-text.js";
import { intentAfterLookup } from "./security-lookup-outcome.js";

const fresh = { pending: null, draft: null, lastSymbol: null };

function prepared(text: string) {
  const intent = parseIntent(text, fresh);
  if (intent.kind !== "tool_calls") return intent;
  return intent.calls.map((c) => c.args);
}

describe("one order, all its slots: details after a comma stay on the order", () => {
  it.each([
    [
      "buy 10 AAPL, limit 180, good till cancelled",
      { symbol: "AAPL", side: "buy", quantity: 10, orderType: "limit", limitPrice: 180, timeInForce: "gtc" },
    ],
    [
      "buy 10 shares of AAPL, at 180 limit, in my Roth IRA",
      { symbol: "AAPL", side: "buy", quantity: 10, orderType: "limit", limitPrice: 180, account: "Roth IRA" },
    ],
    [
      "sell 10 TSLA, stop 200, limit 195",
      {
        symbol: "TSLA",
        side: "sell",
        quantity: 10,
        orderType: "stop_limit",
        stopPrice: 200,
        limitPrice: 195,
      },
    ],
    [
      "purchase 5 NVDA, limit price 100, good till cancelled",
      { symbol: "NVDA", side: "buy", quantity: 5, orderType: "limit", limitPrice: 100, timeInForce: "gtc" },
    ],
    [
      "unload 10 TSLA; limit 250; GTC",
      { symbol: "TSLA", side: "sell", quantity: 10, orderType: "limit", limitPrice: 250, timeInForce: "gtc" },
    ],
  ])("%j", (text, order) => {
    expect(prepared(text)).toEqual([order]);
  });

  it.each([
    ["4 NVDA, sell", { symbol: "NVDA", side: "sell", quantity: 4 }],
    ["10 shares of AAPL, buy", { symbol: "AAPL", side: "buy", quantity: 10 }],
  ])("a verb said last belongs to the order before it: %j", (text, order) => {
    expect(prepared(text)).toEqual([order]);
  });

  it("a second verb never flips the side of an order that has one", () => {
    expect(parseIntent("buy 10 AAPL, sell", fresh)).toMatchObject({
      kind: "incomplete_order",
      draft: { side: "sell" },
    });
  });

  it("still makes two orders when a clause names its own security and amount", () => {
    expect(prepared("buy 1 AAPL and 1 MSFT")).toEqual([
      { symbol: "AAPL", side: "buy", quantity: 1 },
      { symbol: "MSFT", side: "buy", quantity: 1 },
    ]);
  });
});

describe("a size below zero is refused, never turned positive", () => {
  it.each(["buy -5 shares of AAPL", "sell -10 TSLA", "buy minus 3 MSFT", "sell negative 2 NVDA"])(
    "%j",
    (text) => {
      const intent = parseIntent(text, fresh);
      expect(intent).toMatchObject({ kind: "clarify" });
      expect(intent.kind === "clarify" && intent.question).toMatch(/more than zero, so nothing was prepared/);
    },
  );
});

describe("share classes are normalised to the dotted form", () => {
  it.each(["buy 10 BRK-B", "buy 10 BRK/B", "buy 10 brk b", "buy 10 brk.b", "buy 10 BRK class B"])(
    "%j",
    (text) => {
      expect(prepared(text)).toEqual([{ symbol: "BRK.B", side: "buy", quantity: 10 }]);
    },
  );

  it("a capitalised ticker, a space and a class letter is a class for any ticker", () => {
    expect(prepared("sell 4 QZLN B")).toEqual([{ symbol: "QZLN.B", side: "sell", quantity: 4 }]);
    expect(normaliseShareClasses("BUY A FEW AAPL")).toBe("BUY A FEW AAPL");
  });
});

describe("a misspelt name gets a did-you-mean question, never a silent guess", () => {
  it.each([
    ["buy 10 nvdia", "NVDA", "Nvidia"],
    ["buy 10 shares of teslaa", "TSLA", "Tesla"],
    ["sell 5 appel", "AAPL", "Apple"],
    ["buy $200 of microsfot", "MSFT", "Microsoft"],
  ])("%j → did you mean %s", (text, symbol, name) => {
    const intent = parseIntent(text, fresh);
    expect(intent.kind).toBe("incomplete_order");
    if (intent.kind !== "incomplete_order") return;
    expect(orderQuestion(intent.missing, intent.draft)).toBe(
      `Did you mean ${symbol} (${name})? Say yes, or give me the ticker you meant.`,
    );
  });

  it("a yes to the question completes the order with the suggested security", () => {
    const first = parseIntent("buy 10 nvdia", fresh);
    if (first.kind !== "incomplete_order" || first.missing.kind !== "unknown_security")
      throw new Error("expected a look-up");
    const asked = intentAfterLookup(first.draft, first.missing.phrase, {
      query: first.missing.phrase,
      status: "confident",
      matches: [{ symbol: "NVDA", name: "NVIDIA Corporation", held: true, source: "holding" }],
      unavailable: [],
    });
    if (asked.kind !== "incomplete_order") throw new Error("expected a question");
    const next = parseIntent("yes", { ...fresh, draft: { order: asked.draft, missing: asked.missing } });
    expect(next).toEqual({
      kind: "tool_calls",
      calls: [{ name: "prepare_order", args: { symbol: "NVDA", side: "buy", quantity: 10 } }],
    });
  });

  it("an unknown word far from any name gets no suggestion, only a look-up", () => {
    const intent = parseIntent("buy 10 shares of blorp", fresh);
    expect(intent).toMatchObject({
      kind: "incomplete_order",
      missing: { kind: "unknown_security", phrase: "blorp" },
    });
    expect(intent.kind === "incomplete_order" && "suggestion" in intent.missing).toBe(false);
  });
});
