import { AIMessage, type BaseMessage, ToolMessage } from "@langchain/core/messages";
import type { RunnableConfig } from "@langchain/core/runnables";
import type { StructuredToolInterface } from "@langchain/core/tools";
import { Command } from "@langchain/langgraph";
import { cardSummary } from "../../src/models/wording/card-summary.js";
import type { PrepareResult } from "../../src/orders/contract/index.js";
import type { OrdersEngine } from "../../src/orders/engine.js";
import { preparingTools } from "../../tools/index.js";
import { runContextOf } from "../../tools/run-context.js";
import { type AgentStateType, type AgentStateUpdate, withIds } from "../state.js";

const oneTradeAtATime = JSON.stringify({
  status: "refused",
  reason: "Only one order can be prepared at a time. Decide on the first one, then ask for the next.",
} satisfies PrepareResult);

/**
 * Runs the model's tool calls with the server-built run context. At most one order is prepared
 * per turn; a tool that made a card answers with a Command that sets the pending proposal's id.
 *
 * When the step was only that card's preparation, the words beside the card are written here from
 * its row and the card goes straight to the user: asking the model to restate a card is a round
 * trip to it (seconds, with a hosted model) and a chance to say something the card does not.
 * Any other result still goes back to the model.
 */
export function createToolsNode(tools: StructuredToolInterface[], orders: OrdersEngine) {
  const byName = new Map(tools.map((t) => [t.name, t]));
  return async (state: AgentStateType, config: RunnableConfig): Promise<Command> => {
    const last = state.messages.at(-1) as AIMessage;
    let prepared = false;
    const update: AgentStateUpdate = {};
    const results: BaseMessage[] = [];
    for (const call of last.tool_calls ?? []) {
      const id = call.id ?? `${call.name}-call`;
      const tool = byName.get(call.name);
      if (!tool) {
        results.push(
          new ToolMessage({
            content: `There is no tool named ${call.name}.`,
            tool_call_id: id,
            name: call.name,
            status: "error",
          }),
        );
        continue;
      }
      if (preparingTools.has(call.name)) {
        if (prepared) {
          results.push(new ToolMessage({ content: oneTradeAtATime, tool_call_id: id, name: call.name }));
          continue;
        }
        prepared = true;
      }
      try {
        const output: unknown = await tool.invoke({ ...call, id, type: "tool_call" }, config);
        if (output instanceof Command) {
          const { messages, ...rest } = (output.update ?? {}) as AgentStateUpdate;
          Object.assign(update, rest);
          results.push(...((messages ?? []) as BaseMessage[]));
        } else if (output instanceof ToolMessage) {
          results.push(output);
        } else {
          results.push(new ToolMessage({ content: String(output), tool_call_id: id, name: call.name }));
        }
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        results.push(
          new ToolMessage({
            content: `The ${call.name} tool failed: ${message}`,
            tool_call_id: id,
            name: call.name,
            status: "error",
          }),
        );
      }
    }
    const calls = last.tool_calls ?? [];
    const onlyCall = calls.length === 1 ? calls[0] : undefined;
    const cardId = typeof update.pendingProposalId === "string" ? update.pendingProposalId : null;
    const card =
      onlyCall && preparingTools.has(onlyCall.name) && cardId
        ? await orders.awaitingConfirmation(runContextOf(config).userId, cardId)
        : null;
    if (!card) return new Command({ goto: "agent", update: { ...update, messages: withIds(results) } });
    const summary = new AIMessage(cardSummary(card, onlyCall?.name === "revise_pending_order"));
    return new Command({ goto: "approval", update: { ...update, messages: withIds([...results, summary]) } });
  };
}
