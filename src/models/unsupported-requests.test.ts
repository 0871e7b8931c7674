import { describe, expect, it } from "vitest";
import { unsupportedKindIn, unsupportedReply, unsupportedSymbol } from "./unsupported-requests.js";

describe("unsupported instruments and actions", () => {
  it.each([
    ["buy 2 AAPL calls", "options"],
    ["buy options on TSLA", "options"],
    ["buy 5 AAPL 200 calls expiring friday", "options"],
    ["buy 3 contracts of SPY 450 puts", "options"],
    ["write covered calls on my AAPL", "options"],
    ["get me some call options on nvidia", "options"],
    ["buy some bitcoin", "crypto"],
    ["buy $100 of BTC", "crypto"],
    ["sell my ethereum", "crypto"],
    ["buy 1000 doge", "crypto"],
    ["sell 10 ES futures", "futures"],
    ["buy an e-mini contract", "futures"],
    ["buy EUR/USD", "forex"],
    ["set a trailing stop on TSLA", "trailing_stop"],
    ["sell AAPL with a trailing stop of 5%", "trailing_stop"],
    ["buy AAPL with a bracket order", "bracket"],
    ["sell 10 MSFT as an OCO order", "bracket"],
    ["buy NVDA with a take profit at 150 and a stop loss at 100", "bracket"],
    ["short 10 TSLA", "short_sale"],
    ["I want to short sell GME", "short_sale"],
    ["transfer my shares from Robinhood to Schwab", "transfer"],
    ["move $500 from my bank to alpaca", "transfer"],
    ["can you move my AAPL from fidelity to my schwab account", "transfer"],
    ["withdraw $200", "transfer"],
  ])("recognises %j as %s", (text, id) => {
    expect(unsupportedKindIn(text)?.id).toBe(id);
  });

  it.each([
    "what are my options",
    "what do I hold",
    "buy 10 shares of AAPL",
    "put $500 into VOO",
    "how much did I deposit last month",
    "when does my order expire",
    "sell 10 TSLA stop loss at 200",
    "buy 10 AAPL and put it in my IRA",
    "buy 10 NVDA at 120 limit, good till cancelled",
    "I'm short on cash, what's my buying power",
    "show my transfers",
  ])("leaves a supported request alone: %j", (text) => {
    expect(unsupportedKindIn(text)).toBeNull();
  });

  it("says plainly that nothing was prepared", () => {
    const kind = unsupportedKindIn("buy 2 AAPL calls")!;
    expect(unsupportedReply(kind)).toMatch(/^I can't trade options here; nothing was prepared/);
  });

  it.each([
    ["BTCUSD", "crypto"],
    ["ETH-USD", "crypto"],
    ["DOGEUSDT", "crypto"],
    ["AAPL240621C00190000", "options"],
  ])("refuses a non-stock symbol %s", (symbol, id) => {
    expect(unsupportedSymbol(symbol)?.id).toBe(id);
  });

  it.each(["AAPL", "BRK.B", "VOO", "USD"])("accepts a stock symbol %s", (symbol) => {
    expect(unsupportedSymbol(symbol)).toBeNull();
  });
});
