import { AIMessage, HumanMessage } from "@langchain/core/messages";
import { describe, expect, it } from "vitest";
import { buildParseContext } from "../conversation/conversation-context.js";
import { parseIntent } from "./intent-parser.js";

const withAccount = { pending: null, draft: null, lastSymbol: "NVDA", lastAccount: "Schwab" };

describe("context: the account last talked about", () => {
  it.each([
    [
      "buy 5 AAPL there",
      { name: "prepare_order", args: { symbol: "AAPL", side: "buy", quantity: 5, account: "Schwab" } },
    ],
    ["what do I hold in that account", { name: "get_holdings", args: { account: "Schwab" } }],
    [
      "sell 2 of it from that account",
      { name: "prepare_order", args: { symbol: "NVDA", side: "sell", quantity: 2, account: "Schwab" } },
    ],
    ["what's my cash there", { name: "get_buying_power", args: { account: "Schwab" } }],
  ])("%j", (text, call) => {
    expect(parseIntent(text, withAccount)).toEqual({ kind: "tool_calls", calls: [call] });
  });

  it("'that one' still points at the security, and no earlier account changes nothing", () => {
    expect(parseIntent("sell 2 of that one", withAccount)).toMatchObject({
      calls: [{ args: { symbol: "NVDA", quantity: 2 } }],
    });
    expect(parseIntent("buy 5 AAPL there", { ...withAccount, lastAccount: null })).toMatchObject({
      calls: [{ args: { symbol: "AAPL", quantity: 5 } }],
    });
  });

  it("is read from the conversation: the user's last named account", () => {
    const messages = [
      new HumanMessage("what do I hold in my Robinhood account?"),
      new AIMessage("You hold AAPL, TSLA and AMD there."),
      new HumanMessage("buy 2 AMD there"),
    ];
    const context = buildParseContext(messages, 2);
    expect(context.lastAccount).toBe("Robinhood");
    expect(parseIntent("buy 2 AMD there", context)).toMatchObject({
      calls: [{ name: "prepare_order", args: { symbol: "AMD", account: "Robinhood" } }],
    });
  });
});
