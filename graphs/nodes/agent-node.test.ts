import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { AIMessage, type BaseMessage, HumanMessage } from "@langchain/core/messages";
import { describe, expect, it } from "vitest";
import type { OrdersEngine } from "../../src/orders/engine.js";
import { earlierTurnsNoteName, type RunHistory, withRunHistory } from "../run-history.js";
import { withIds } from "../state.js";
import { createAgentNode } from "./agent-node.js";

/** A model that records what it was given. */
function recordingModel() {
  const seen: BaseMessage[][] = [];
  const model = {
    bindTools: () => ({
      invoke: async (messages: BaseMessage[]) => {
        seen.push(messages);
        return new AIMessage("answered");
      },
    }),
  } as unknown as BaseChatModel;
  return { model, seen };
}

const orders = {} as OrdersEngine;
const state = (messages: BaseMessage[]) => ({
  messages,
  pendingProposalId: null,
  pending: null,
  decision: null,
  decisionError: null,
});
const config = (history?: RunHistory) => ({
  configurable: { thread_id: "t", userId: "u", ...(history ? withRunHistory(history) : {}) },
});

describe("the agent node's model input", () => {
  it("is the run's history, then the turn in progress, once each; the earlier turns' note when there are any", async () => {
    const { model, seen } = recordingModel();
    const node = createAgentNode(model, [], "system prompt", orders);
    const [before, answer, now] = withIds([
      new HumanMessage("first"),
      new AIMessage("one"),
      new HumanMessage("second"),
    ]);
    const history: RunHistory = {
      // A resumed turn: its messages are both in the store and in the checkpoint.
      recent: [before!, answer!, now!],
      earlier: [
        { role: "user", gist: "sell 2 AAPL" },
        { role: "tool", gist: "prepare_order: awaiting_confirmation" },
      ],
      earlierOmitted: false,
    };
    const out = await node(state([now!]), config(history));
    expect(out.messages[0]?.id).toBeTruthy();
    const given = seen[0]!;
    const note = given.find((m) => m.name === earlierTurnsNoteName);
    expect(note?.content).toContain('the user asked: "sell 2 AAPL"');
    expect(note?.content).toContain("answered with prepare_order: awaiting_confirmation");
    expect(given.filter((m) => m.getType() !== "system").map((m) => m.content)).toEqual([
      "first",
      "one",
      "second",
    ]);
  });

  it("without a run history (a caller with no message store), the checkpoint's messages alone, and no note", async () => {
    const { model, seen } = recordingModel();
    const node = createAgentNode(model, [], "system prompt", orders);
    await node(state(withIds([new HumanMessage("hello")])), config());
    expect(seen[0]!.some((m) => m.name === earlierTurnsNoteName)).toBe(false);
    expect(seen[0]!.filter((m) => m.getType() !== "system").map((m) => m.content)).toEqual(["hello"]);
  });
});
