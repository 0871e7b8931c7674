import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { SystemMessage } from "@langchain/core/messages";
import type { RunnableConfig } from "@langchain/core/runnables";
import type { StructuredToolInterface } from "@langchain/core/tools";
import { pendingCardNote } from "../../src/models/pending-card-note.js";
import type { OrdersEngine } from "../../src/orders/engine.js";
import { runContextOf } from "../../tools/run-context.js";
import { earlierTurnsNote, runHistoryOf } from "../run-history.js";
import { type AgentStateType, pendingProposalIdOf, withIds } from "../state.js";

/**
 * The model call: system prompt, the earlier turns in brief, the card waiting for the user (read
 * from its row, so the model never has to infer it from the conversation), the recent
 * conversation (the run's history, then the checkpoint's turn in progress), bound tools.
 */
export function createAgentNode(
  model: BaseChatModel,
  tools: StructuredToolInterface[],
  systemPrompt: string,
  orders: OrdersEngine,
) {
  if (!model.bindTools) throw new Error("the chat model must support tool calling");
  const bound = model.bindTools(tools);
  const system = new SystemMessage(systemPrompt);
  return async (state: AgentStateType, config: RunnableConfig) => {
    const proposalId = pendingProposalIdOf(state);
    const { userId } = runContextOf(config);
    // One read of the row per model step.
    const card = proposalId ? await orders.awaitingConfirmation(userId, proposalId) : null;
    const history = runHistoryOf(config);
    const inState = new Set(state.messages.map((m) => m.id));
    const recent = history?.recent.filter((m) => !inState.has(m.id)) ?? [];
    const earlier = earlierTurnsNote(history);
    const response = await bound.invoke(
      [system, ...(earlier ? [earlier] : []), pendingCardNote(card), ...recent, ...state.messages],
      config,
    );
    return { messages: withIds([response]) };
  };
}
