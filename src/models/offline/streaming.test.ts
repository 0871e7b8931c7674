import { AIMessageChunk, HumanMessage } from "@langchain/core/messages";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { streamChunks } from "./offline-chat-model.js";
import { boundModel, toolTurn } from "./test-support/bound-tools.js";
import { awaitingSellApple } from "./test-support/sample-results.js";

/** stream() gives the same message as invoke(): one tool-call chunk, or the text in a few pieces. */

async function collect(
  stream: AsyncIterable<AIMessageChunk>,
): Promise<{ chunks: AIMessageChunk[]; merged: AIMessageChunk }> {
  const chunks: AIMessageChunk[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  const merged = chunks.reduce((acc, chunk) => acc.concat(chunk), new AIMessageChunk({ content: "" }));
  return { chunks, merged };
}

describe("streaming", () => {
  it("streams tool calls as one chunk that merges into tool_calls", async () => {
    const { chunks, merged } = await collect(
      await boundModel().stream([new HumanMessage("what do I hold and what's my buying power")]),
    );
    expect(chunks).toHaveLength(1);
    expect(merged.tool_call_chunks).toHaveLength(2);
    expect((merged.tool_calls ?? []).map((c) => [c.name, c.args])).toEqual([
      ["get_holdings", {}],
      ["get_buying_power", {}],
    ]);
    for (const call of merged.tool_calls ?? []) expect(call.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("streams text in a few pieces, concatenating to invoke()'s text", async () => {
    const messages = toolTurn(
      "sell 2 AAPL",
      "prepare_order",
      { symbol: "AAPL", side: "sell", quantity: 2 },
      awaitingSellApple,
    );
    const { chunks, merged } = await collect(await boundModel().stream(messages));
    const invoked = await boundModel().invoke(messages);
    expect(invoked.text.split(/\s+/).length).toBeGreaterThan(10);
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.length).toBeLessThanOrEqual(4);
    expect(merged.text).toBe(invoked.text);
    expect(merged.tool_calls).toEqual([]);
  });

  it("reports each piece to callbacks", async () => {
    const tokens: string[] = [];
    const model = boundModel();
    const { merged } = await collect(
      await model.stream([new HumanMessage("hi")], {
        callbacks: [{ handleLLMNewToken: (token: string) => void tokens.push(token) }],
      }),
    );
    expect(tokens.length).toBeGreaterThanOrEqual(1);
    expect(tokens.length).toBeLessThanOrEqual(4);
    expect(tokens.join("")).toBe(merged.text);
  });

  it("cuts any text into at most four pieces on word ends, losing no character", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 2000 }), (text) => {
        const pieces = streamChunks(text);
        expect(pieces.join("")).toBe(/\S/.test(text) ? text : "");
        expect(pieces.length).toBeLessThanOrEqual(4);
        // A piece never starts inside a word or its trailing space: the cut is after whitespace.
        for (const piece of pieces.slice(1)) expect(piece).toMatch(/^\S/);
      }),
    );
  });
});
