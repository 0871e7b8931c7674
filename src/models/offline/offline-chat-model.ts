import { randomUUID } from "node:crypto";
import type { CallbackManagerForLLMRun } from "@langchain/core/callbacks/manager";
import type { BaseLanguageModelInput, ToolDefinition } from "@langchain/core/language_models/base";
import {
  BaseChatModel,
  type BaseChatModelCallOptions,
  type BaseChatModelParams,
  type BindToolsInput,
} from "@langchain/core/language_models/chat_models";
import { AIMessage, AIMessageChunk, type BaseMessage } from "@langchain/core/messages";
import { ChatGenerationChunk, type ChatResult } from "@langchain/core/outputs";
import type { Runnable } from "@langchain/core/runnables";
import { convertToOpenAITool } from "@langchain/core/utils/function_calling";
import type { PlannedToolCall } from "./parsing/intent.js";
import { type PlannedReply, planReply } from "./reply-planner.js";

/**
 * A deterministic chat model for running the agent with no LLM: it parses English requests into
 * the agent's tool calls and writes answers from tool results, streamed in a few pieces. Tools are
 * bound the way ChatOpenAI binds them (OpenAI-format specs in the call options), so the same graph
 * code runs with either model.
 */

export interface OfflineCallOptions extends BaseChatModelCallOptions {
  tools?: ToolDefinition[];
}

export class OfflineChatModel extends BaseChatModel<OfflineCallOptions, AIMessageChunk> {
  static override lc_name(): string {
    return "OfflineChatModel";
  }

  /** Fields are optional so `new OfflineChatModel()` works; the base class requires them. */
  constructor(fields: BaseChatModelParams = {}) {
    super(fields);
  }

  _llmType(): string {
    return "offline";
  }

  override bindTools(
    tools: BindToolsInput[],
    kwargs?: Partial<OfflineCallOptions>,
  ): Runnable<BaseLanguageModelInput, AIMessageChunk, OfflineCallOptions> {
    return this.withConfig({ tools: tools.map((tool) => convertToOpenAITool(tool)), ...kwargs });
  }

  async _generate(messages: BaseMessage[], options: this["ParsedCallOptions"]): Promise<ChatResult> {
    const reply = this.plan(messages, options);
    if (reply.kind === "tool_calls") {
      const message = new AIMessage({
        content: "",
        tool_calls: reply.calls.map((call) => ({
          type: "tool_call",
          id: randomUUID(),
          name: call.name,
          args: call.args,
        })),
      });
      return { generations: [{ message, text: "" }] };
    }
    return { generations: [{ message: new AIMessage(reply.text), text: reply.text }] };
  }

  override async *_streamResponseChunks(
    messages: BaseMessage[],
    options: this["ParsedCallOptions"],
    runManager?: CallbackManagerForLLMRun,
  ): AsyncGenerator<ChatGenerationChunk> {
    const reply = this.plan(messages, options);
    if (reply.kind === "tool_calls") {
      yield toolCallChunk(reply.calls);
      return;
    }
    for (const chunk of streamChunks(reply.text)) {
      yield new ChatGenerationChunk({ message: new AIMessageChunk({ content: chunk }), text: chunk });
      await runManager?.handleLLMNewToken(chunk);
    }
  }

  private plan(messages: BaseMessage[], options: this["ParsedCallOptions"]): PlannedReply {
    const bound = new Set((options.tools ?? []).map((tool) => tool.function.name));
    return planReply(messages, bound);
  }
}

/** A streamed answer comes in at most this many pieces: the text is written at once, not per token. */
const maxStreamChunks = 4;
/** Below this many characters a piece is not worth its own event. */
const minChunkChars = 64;

/**
 * The text in a few pieces, cut after whitespace so each piece ends on a word and the pieces
 * concatenate back to the exact text.
 */
export function streamChunks(text: string): string[] {
  const target = Math.max(minChunkChars, Math.ceil(text.length / maxStreamChunks));
  const chunks: string[] = [];
  let current = "";
  // Words keep their trailing whitespace, so no character is lost or added.
  for (const word of text.match(/\s*\S+\s*/g) ?? []) {
    current += word;
    if (current.length >= target) {
      chunks.push(current);
      current = "";
    }
  }
  if (current) chunks.push(current);
  return chunks;
}

/** One chunk carrying every tool call, args as JSON strings; LangChain merges them into tool_calls. */
function toolCallChunk(calls: readonly PlannedToolCall[]): ChatGenerationChunk {
  const message = new AIMessageChunk({
    content: "",
    tool_call_chunks: calls.map((call, index) => ({
      type: "tool_call_chunk",
      id: randomUUID(),
      name: call.name,
      args: JSON.stringify(call.args),
      index,
    })),
  });
  return new ChatGenerationChunk({ message, text: "" });
}
