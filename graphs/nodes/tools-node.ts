import { type AIMessage, ToolMessage } from "@langchain/core/messages";
import type { RunnableConfig } from "@langchain/core/runnables";
import type { StructuredToolInterface } from "@langchain/core/tools";
import type { PendingConfirmation, PrepareResult } from "../../src/models/tool-contracts.js";
import { preparingTools } from "../../tools/index.js";
import type { AgentStateType } from "../state.js";

const oneTradeAtATime = JSON.stringify({
  status: "refused",
  reason: "Only one order can be prepared at a time. Decide on the first one, then ask for the next.",
} satisfies PrepareResult);

const decideFirst = JSON.stringify({
  status: "refused",
  reason:
    "An order is already waiting for your confirmation. Approve or reject it first, or ask me to change it.",
} satisfies PrepareResult);

/**
 * Runs the model's tool calls with the server-built run context. At most one order is prepared
 * per turn, and a prepared confirmation is lifted into state so the approval step can show it.
 */
export function createToolsNode(tools: StructuredToolInterface[]) {
  const byName = new Map(tools.map((t) => [t.name, t]));
  return async (state: AgentStateType, config: RunnableConfig) => {
    const last = state.messages.at(-1) as AIMessage;
    let pending: PendingConfirmation | null = state.pending;
    let prepared = false;
    const results: ToolMessage[] = [];
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
        const isRevision = call.name === "revise_pending_order";
        if (prepared) {
          results.push(new ToolMessage({ content: oneTradeAtATime, tool_call_id: id, name: call.name }));
          continue;
        }
        if (pending && !isRevision) {
          results.push(new ToolMessage({ content: decideFirst, tool_call_id: id, name: call.name }));
          continue;
        }
      }
      try {
        const content = String(
          await tool.invoke(call.args, {
            ...config,
            configurable: { ...config.configurable, pendingProposalId: pending?.id ?? null },
          }),
        );
        results.push(new ToolMessage({ content, tool_call_id: id, name: call.name }));
        if (preparingTools.has(call.name)) {
          prepared = true;
          const result = JSON.parse(content) as PrepareResult;
          if (result.status === "awaiting_confirmation") pending = result.confirmation;
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
    return { messages: results, pending };
  };
}
