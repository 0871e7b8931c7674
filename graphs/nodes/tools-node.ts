import { type AIMessage, type BaseMessage, ToolMessage } from "@langchain/core/messages";
import type { RunnableConfig } from "@langchain/core/runnables";
import type { StructuredToolInterface } from "@langchain/core/tools";
import { Command } from "@langchain/langgraph";
import type { PrepareResult } from "../../src/orders/contract/index.js";
import { preparingTools } from "../../tools/index.js";
import { type AgentStateType, type AgentStateUpdate, withIds } from "../state.js";

const oneTradeAtATime = JSON.stringify({
  status: "refused",
  reason: "Only one order can be prepared at a time. Decide on the first one, then ask for the next.",
} satisfies PrepareResult);

/**
 * Runs the model's tool calls with the server-built run context. At most one order is prepared
 * per turn; a tool that made a card answers with a Command that sets the pending proposal's id.
 */
export function createToolsNode(tools: StructuredToolInterface[]) {
  const byName = new Map(tools.map((t) => [t.name, t]));
  return async (state: AgentStateType, config: RunnableConfig) => {
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
    return { ...update, messages: withIds(results) };
  };
}
