import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { ChatOpenAI } from "@langchain/openai";
import type { Config } from "../core/config.js";
import { OfflineChatModel } from "./offline/index.js";

export interface ChatModelOptions {
  /** Per-request timeout for the OpenAI path, in ms. Default 30 s. */
  timeoutMs?: number;
  /** Retries of a failed model request (never of a tool). Default 1. */
  maxRetries?: number;
}

/** ChatOpenAI (or any OpenAI-compatible server) when a key is set, else the offline model. */
export function createChatModel(config: Config, options: ChatModelOptions = {}): BaseChatModel {
  if (!config.openai) return new OfflineChatModel();
  return new ChatOpenAI({
    model: config.openai.model,
    apiKey: config.openai.apiKey,
    configuration: config.openai.baseUrl ? { baseURL: config.openai.baseUrl } : undefined,
    timeout: options.timeoutMs ?? 30_000,
    maxRetries: options.maxRetries ?? 1,
    temperature: 0,
    // A plain request asks for the whole answer; LangGraph's "messages" stream mode (an SSE
    // client) still streams it token by token through its callback.
    streaming: false,
    // Compatible servers often reject stream_options; token usage is not needed here.
    streamUsage: false,
  });
}
