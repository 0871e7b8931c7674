import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { SystemMessage } from "@langchain/core/messages";
import type { RunnableConfig } from "@langchain/core/runnables";
import type { StructuredToolInterface } from "@langchain/core/tools";
import type { AgentStateType } from "../state.js";

/** The model call: system prompt, conversation, bound tools. */
export function createAgentNode(
  model: BaseChatModel,
  tools: StructuredToolInterface[],
  systemPrompt: string,
) {
  if (!model.bindTools) throw new Error("the chat model must support tool calling");
  const bound = model.bindTools(tools);
  const system = new SystemMessage(systemPrompt);
  return async (state: AgentStateType, config: RunnableConfig) => {
    const response = await bound.invoke([system, ...state.messages], config);
    return { messages: [response] };
  };
}
