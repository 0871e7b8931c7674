import { AIMessage, HumanMessage, SystemMessage } from "@langchain/core/messages";
import { convertToOpenAITool } from "@langchain/core/utils/function_calling";
import { describe, expect, it } from "vitest";
import { OfflineChatModel } from "./offline-chat-model.js";
import { ask, boundModel, contractTools } from "./test-support/bound-tools.js";

/** The model class itself: binding, bound-tool checks, ids, and plain answers without tools. */

describe("OfflineChatModel", () => {
  it("identifies itself", () => {
    expect(new OfflineChatModel()._llmType()).toBe("offline");
    expect(OfflineChatModel.lc_name()).toBe("OfflineChatModel");
  });

  it("answers plainly when no tools are bound", async () => {
    const model = new OfflineChatModel();
    const holdings = await model.invoke([new HumanMessage("what do I hold?")]);
    expect(holdings.tool_calls ?? []).toEqual([]);
    expect(holdings.text).toBe(
      "I can't look up your holdings here: that isn't available in this conversation.",
    );
    const hello = await model.invoke([
      new SystemMessage("You are a trading assistant."),
      new HumanMessage("hello"),
    ]);
    expect(hello.text).toMatch(/^Hi! I can show your holdings/);
  });

  it("only calls tools that are bound", async () => {
    const readOnly = ["get_holdings", "get_quote"] as const;
    const trade = await ask("sell 2 AAPL", [], readOnly);
    expect(trade.tool_calls ?? []).toEqual([]);
    expect(trade.text).toBe("I can't prepare that order here: that isn't available in this conversation.");
    const quote = await ask("price of VOO", [], readOnly);
    expect(quote.tool_calls?.map((c) => c.name)).toEqual(["get_quote"]);
  });

  it("accepts OpenAI-format tool specs and extra bind options", async () => {
    const specs = contractTools().map((tool) => convertToOpenAITool(tool));
    const model = new OfflineChatModel().bindTools(specs, { tool_choice: "auto" });
    const reply = await model.invoke([new HumanMessage("buy $500 of VOO")]);
    expect(reply.tool_calls?.map((c) => [c.name, c.args])).toEqual([
      ["prepare_order", { symbol: "VOO", side: "buy", notional: 500 }],
    ]);
  });

  it("gives every tool call a fresh uuid", async () => {
    const ids = new Set<string>();
    for (let i = 0; i < 5; i += 1) {
      const reply = await ask("what do I hold and what's my buying power");
      for (const call of reply.tool_calls ?? []) ids.add(call.id ?? "");
    }
    expect(ids.size).toBe(10);
    for (const id of ids)
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it("refuses arguments the tool schema would reject", async () => {
    const reply = await ask("buy 2000000000 shares of AAPL");
    expect(reply.tool_calls ?? []).toEqual([]);
    expect(reply.text).toMatch(/^I couldn't make a valid request from that/);
  });

  it("is deterministic apart from ids", async () => {
    const first = await ask("sell half my Tesla if it drops to 200");
    const second = await ask("sell half my Tesla if it drops to 200");
    expect(first.tool_calls?.map((c) => c.args)).toEqual(second.tool_calls?.map((c) => c.args));
  });

  it("has nothing to add after its own final answer", async () => {
    const reply = await boundModel().invoke([new HumanMessage("hi"), new AIMessage("Hi!")]);
    expect(reply.tool_calls ?? []).toEqual([]);
    expect(reply.text).toMatch(/^What would you like to do\?/);
  });
});
