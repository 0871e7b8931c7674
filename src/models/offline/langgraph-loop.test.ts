import { AIMessageChunk, type BaseMessage, HumanMessage, ToolMessage } from "@langchain/core/messages";
import { tool } from "@langchain/core/tools";
import { END, MemorySaver, MessagesAnnotation, START, StateGraph } from "@langchain/langgraph";
import { ToolNode, toolsCondition } from "@langchain/langgraph/prebuilt";
import { describe, expect, it } from "vitest";
import { type ToolName, toolInputs } from "../tool-contracts.js";
import { OfflineChatModel } from "./offline-chat-model.js";
import {
  awaitingSellApple,
  buyingPower,
  holdingsOverall,
  sellAppleCard,
} from "./test-support/sample-results.js";

/** The model in a minimal agent loop: agent → tools → agent, with a checkpointer across turns. */

function buildAgent() {
  const calls: Array<{ name: ToolName; args: unknown }> = [];
  const results: Partial<Record<ToolName, unknown>> = {
    get_holdings: holdingsOverall,
    get_buying_power: buyingPower,
    prepare_order: awaitingSellApple,
    revise_pending_order: {
      status: "awaiting_confirmation",
      confirmation: { ...sellAppleCard, id: "conf_2", order: { ...sellAppleCard.order, quantity: 5 } },
    },
  };
  const tools = (Object.keys(toolInputs) as ToolName[]).map((name) =>
    tool(
      async (args) => {
        calls.push({ name, args });
        return JSON.stringify(results[name] ?? {});
      },
      { name, description: toolInputs[name].description ?? name, schema: toolInputs[name] },
    ),
  );
  const model = new OfflineChatModel().bindTools(tools);
  const graph = new StateGraph(MessagesAnnotation)
    .addNode("agent", async (state) => ({ messages: [await model.invoke(state.messages)] }))
    .addNode("tools", new ToolNode(tools))
    .addEdge(START, "agent")
    .addConditionalEdges("agent", toolsCondition, ["tools", END])
    .addEdge("tools", "agent")
    .compile({ checkpointer: new MemorySaver() });
  return { graph, calls };
}

const thread = (id: string) => ({ configurable: { thread_id: id } });
const lastText = (messages: BaseMessage[]) => messages.at(-1)?.text ?? "";

describe("in a LangGraph agent loop", () => {
  it("answers a holdings question from the tool's JSON", async () => {
    const { graph, calls } = buildAgent();
    const state = await graph.invoke({ messages: [new HumanMessage("what do I hold?")] }, thread("t1"));
    expect(state.messages.map((m) => m.getType())).toEqual(["human", "ai", "tool", "ai"]);
    expect(calls).toEqual([{ name: "get_holdings", args: {} }]);
    expect(lastText(state.messages)).toMatch(
      /^Your portfolio is worth \$13,345\.67: positions \$12,345\.67 \+ cash \$1,000\.00 = \$13,345\.67/,
    );
  });

  it("prepares an order, summarises the card, then revises it on the next turn", async () => {
    const { graph, calls } = buildAgent();
    const first = await graph.invoke({ messages: [new HumanMessage("sell 2 AAPL")] }, thread("t2"));
    expect(lastText(first.messages)).toMatch(/^Ready to sell 2 AAPL from Charles Schwab Individual/);
    expect(lastText(first.messages)).not.toMatch(/\bplaced\b/);

    const second = await graph.invoke({ messages: [new HumanMessage("make it 5 shares")] }, thread("t2"));
    expect(calls).toEqual([
      { name: "prepare_order", args: { symbol: "AAPL", side: "sell", quantity: 2 } },
      { name: "revise_pending_order", args: { quantity: 5 } },
    ]);
    expect(lastText(second.messages)).toMatch(/^Updated: ready to sell 5 AAPL/);

    const third = await graph.invoke({ messages: [new HumanMessage("yes")] }, thread("t2"));
    expect(calls).toHaveLength(2);
    expect(lastText(third.messages)).toMatch(/can't approve or reject orders myself/);
  });

  it("runs two read tools from one question in one step", async () => {
    const { graph } = buildAgent();
    const state = await graph.invoke(
      { messages: [new HumanMessage("what do I hold and what's my buying power")] },
      thread("t3"),
    );
    expect(state.messages.filter((m) => ToolMessage.isInstance(m))).toHaveLength(2);
    expect(lastText(state.messages)).toContain("Your buying power is $1,000.00 across your live accounts");
  });

  it("streams the final answer in a few pieces in messages mode", async () => {
    const { graph } = buildAgent();
    const tokens: string[] = [];
    const stream = await graph.stream(
      { messages: [new HumanMessage("what do I hold?")] },
      {
        ...thread("t4"),
        streamMode: "messages",
      },
    );
    for await (const [chunk, metadata] of stream) {
      if (
        metadata.langgraph_node === "agent" &&
        AIMessageChunk.isInstance(chunk) &&
        typeof chunk.content === "string"
      ) {
        tokens.push(chunk.content);
      }
    }
    const state = await graph.getState(thread("t4"));
    const answer = lastText(state.values.messages as BaseMessage[]);
    expect(answer.split(/\s+/).length).toBeGreaterThan(10);
    // The tool-calling step streams one empty-text chunk; the answer comes in the others.
    const pieces = tokens.filter((t) => t.length > 0);
    expect(pieces.length).toBeGreaterThan(0);
    expect(pieces.length).toBeLessThanOrEqual(4);
    expect(tokens.join("")).toBe(answer);
  });
});
