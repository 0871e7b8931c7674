import { AIMessage, type BaseMessage, HumanMessage } from "@langchain/core/messages";
import { describe, expect, it } from "vitest";
import { ask, toolTurn } from "./test-support/bound-tools.js";

/** An order missing its amount or symbol gets a question, never a guessed tool call. */

describe("incomplete trade requests get a question back", () => {
  it.each([
    ["buy Apple", /How much AAPL do you want to buy\?/],
    ["sell some Tesla", /How much TSLA do you want to sell\?.*"half" or "all"/],
    ["invest in Microsoft", /How much MSFT do you want to buy\?/],
    ["buy 10 shares", /Which stock or ETF should I buy 10 shares of\?/],
    ["buy $500", /Which stock or ETF should I buy \$500\.00 of\?/],
    ["sell half", /Which position should I sell half of\?/],
    ["sell everything", /Which position should I sell all of\?/],
    ["sell", /What would you like to sell, and how much\?/],
    ["buy $100 of the S&P 500", /Which fund do you mean\?.*VOO, SPY and IVV/],
    ["buy 10 shares of AAPL and MSFT", /How much MSFT do you want to buy\?/],
    ["buy 10 shares of AAPL for $1,900", /Do you mean .*\$1,900\.00.* or .*10 shares.*\?/],
    ["buy 2k of VOO", /I'm not sure what "2k" means here/],
    ["buy half of AAPL", /I can buy by number of shares or by dollar amount/],
    ["buy 5 AAPL as a limit order", /What limit price should I use/],
    ["sell 5 AAPL with a stop order", /At what price should the stop trigger/],
    ["buy 10 AAPL MSFT", /Which one did you mean: AAPL and MSFT\?/],
    ["buy 1 AAPL, 1 MSFT, 1 NVDA and 1 TSLA", /I can prepare up to 3 orders at a time/],
    ["short 10 TSLA", /I can't open short positions/],
    ["buy Tesla at 200", /How much TSLA do you want to buy\?/],
  ])("%s", async (phrase, question) => {
    const reply = await ask(phrase);
    expect(reply.tool_calls ?? []).toEqual([]);
    expect(reply.text).toMatch(question);
  });

  it("says what it can do when it doesn't understand, without calling a tool", async () => {
    const reply = await ask("blah blah flarp");
    expect(reply.tool_calls ?? []).toEqual([]);
    expect(reply.text).toMatch(/^I didn't understand "blah blah flarp"\. I can show your holdings/);
  });

  it.each([
    ["hi", /^Hi! I can show your holdings/],
    ["good morning!", /^Hi!/],
    ["help", /Here is what I can do/],
    ["what can you do?", /Here is what I can do/],
    ["thanks!", /You're welcome/],
    ["should I buy Tesla?", /can't give investment advice/],
    ["is it a good time to sell NVDA", /can't give investment advice/],
    ["make it 5 shares", /no order waiting for your confirmation to change/],
    ["yes", /no order waiting for your confirmation/],
  ])("answers %s plainly", async (phrase, answer) => {
    const reply = await ask(phrase);
    expect(reply.tool_calls ?? []).toEqual([]);
    expect(reply.text).toMatch(answer);
  });
});

describe("the answer to the model's question completes the order", () => {
  const asked = async (first: string, second: string) => {
    const question = await ask(first);
    expect(question.tool_calls ?? []).toEqual([]);
    return ask(second, [new HumanMessage(first), new AIMessage(question.text)]);
  };

  it.each([
    ["buy Apple", "10 shares", { symbol: "AAPL", side: "buy", quantity: 10 }],
    ["buy Apple", "$250", { symbol: "AAPL", side: "buy", notional: 250 }],
    ["buy Apple", "10", { symbol: "AAPL", side: "buy", quantity: 10 }],
    ["sell some Tesla", "half", { symbol: "TSLA", side: "sell", fraction: 0.5 }],
    ["sell half", "Tesla", { symbol: "TSLA", side: "sell", fraction: 0.5 }],
    ["buy 10 shares", "NVDA", { symbol: "NVDA", side: "buy", quantity: 10 }],
    ["buy $100 of the S&P 500", "VOO please", { symbol: "VOO", side: "buy", notional: 100 }],
    [
      "buy 5 AAPL as a limit order",
      "180",
      { symbol: "AAPL", side: "buy", quantity: 5, orderType: "limit", limitPrice: 180 },
    ],
  ])("%s → %s", async (first, second, args) => {
    const reply = await asked(first, second);
    expect(reply.tool_calls?.map((c) => [c.name, c.args])).toEqual([["prepare_order", args]]);
  });

  it("takes two questions to finish an order", async () => {
    const history: BaseMessage[] = [
      new HumanMessage("buy"),
      new AIMessage("What would you like to buy, and how much?"),
    ];
    const second = await ask("Apple", history);
    expect(second.tool_calls ?? []).toEqual([]);
    expect(second.text).toMatch(/How much AAPL/);
    const third = await ask("3 shares", [...history, new HumanMessage("Apple"), new AIMessage(second.text)]);
    expect(third.tool_calls?.map((c) => [c.name, c.args])).toEqual([
      ["prepare_order", { symbol: "AAPL", side: "buy", quantity: 3 }],
    ]);
  });

  it("answers a question asked instead of completing the order", async () => {
    const reply = await asked("buy Apple", "what's my buying power?");
    expect(reply.tool_calls?.map((c) => c.name)).toEqual(["get_buying_power"]);
  });

  it("answers prepare_order's own question (which account?) with the same order", async () => {
    const history = [
      ...toolTurn(
        "sell 2 AAPL",
        "prepare_order",
        { symbol: "AAPL", side: "sell", quantity: 2 },
        {
          status: "needs_clarification",
          question: "You hold AAPL in Schwab and Robinhood. Which account should I sell from?",
        },
      ),
      new AIMessage("You hold AAPL in Schwab and Robinhood. Which account should I sell from?"),
    ];
    const reply = await ask("the Robinhood one", history);
    expect(reply.tool_calls?.map((c) => [c.name, c.args])).toEqual([
      ["prepare_order", { symbol: "AAPL", side: "sell", quantity: 2, account: "Robinhood" }],
    ]);
  });

  it("uses the symbol just talked about for 'it'", async () => {
    const history = [
      ...toolTurn("what's Tesla trading at", "get_quote", { symbol: "TSLA" }, { symbol: "TSLA", price: 250 }),
      new AIMessage("TSLA is at $250.00."),
    ];
    const reply = await ask("buy 2 shares of it", history);
    expect(reply.tool_calls?.map((c) => [c.name, c.args])).toEqual([
      ["prepare_order", { symbol: "TSLA", side: "buy", quantity: 2 }],
    ]);
  });
});
