import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import type { AIMessage } from "@langchain/core/messages";
import type { StructuredToolInterface } from "@langchain/core/tools";
import { type BaseCheckpointSaver, END, START, StateGraph } from "@langchain/langgraph";
import type { OrdersEngine } from "../src/orders/engine.js";
import { createAgentNode } from "./nodes/agent-node.js";
import { createApprovalNode } from "./nodes/approval-node.js";
import { createDecideNode } from "./nodes/decide-node.js";
import { createToolsNode } from "./nodes/tools-node.js";
import { AgentState, type AgentStateType, pendingProposalIdOf } from "./state.js";

export interface AgentGraphDeps {
  model: BaseChatModel;
  tools: StructuredToolInterface[];
  orders: OrdersEngine;
  systemPrompt: string;
}

/** After the model: run its tool calls, or put a pending confirmation before the user, or stop. */
function afterAgent(state: AgentStateType): "tools" | "approval" | typeof END {
  const last = state.messages.at(-1) as AIMessage | undefined;
  if (last?.tool_calls?.length) return "tools";
  if (pendingProposalIdOf(state)) return "approval";
  return END;
}

/**
 * agent → tools → agent … ; a step that only prepared a card goes tools → approval (interrupt) →
 * decide, and the decision's outcome is told from the order's row, not by the model. A card
 * prepared beside other tool calls goes back to the agent first, then to approval.
 */
export function buildAgentGraph(deps: AgentGraphDeps) {
  return new StateGraph(AgentState)
    .addNode("agent", createAgentNode(deps.model, deps.tools, deps.systemPrompt, deps.orders))
    .addNode("tools", createToolsNode(deps.tools, deps.orders), { ends: ["agent", "approval"] })
    .addNode("approval", createApprovalNode(deps.orders))
    .addNode("decide", createDecideNode(deps.orders), { ends: ["agent", "approval", END] })
    .addEdge(START, "agent")
    .addConditionalEdges("agent", afterAgent, ["tools", "approval", END])
    .addEdge("approval", "decide");
}

export function compileAgentGraph(deps: AgentGraphDeps, checkpointer: BaseCheckpointSaver) {
  return buildAgentGraph(deps).compile({ checkpointer });
}

export type AgentGraph = ReturnType<typeof compileAgentGraph>;
