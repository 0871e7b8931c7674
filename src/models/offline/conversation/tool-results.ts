import { AIMessage, type BaseMessage, ToolMessage } from "@langchain/core/messages";
import { readToolNames } from "../../tool-contracts.js";

/**
 * ToolMessages read back as data: which tool answered (from the message's name, or from the
 * model's own tool call with the same id), the arguments it was called with, and the JSON result.
 */

export interface ToolResult {
  toolName: string | null;
  callArgs: Record<string, unknown> | null;
  content: string;
  /** The parsed JSON result; undefined when the content is not JSON. */
  data: unknown;
  isError: boolean;
}

const READ_TOOLS: ReadonlySet<string> = new Set(readToolNames);

export function isReadTool(name: string | null): boolean {
  return name !== null && READ_TOOLS.has(name);
}

/**
 * A ToolMessage as data. The JSON is parsed when `data` is first read: most readers of the
 * conversation look only at which tool answered, and a read tool's result can be large.
 */
export function readToolResult(message: ToolMessage, history: readonly BaseMessage[]): ToolResult {
  const call = findToolCall(message.tool_call_id, history);
  const content = message.text;
  let parsed: { value: unknown } | undefined;
  return {
    toolName: message.name ?? call?.name ?? null,
    callArgs: call?.args ?? null,
    content,
    get data() {
      parsed ??= { value: parseJson(content) };
      return parsed.value;
    },
    isError: message.status === "error",
  };
}

/** The ToolMessages after the model's last tool-calling turn, oldest first. */
export function trailingToolResults(messages: readonly BaseMessage[]): ToolResult[] {
  const results: ToolResult[] = [];
  for (let index = messages.length - 1; index >= 0; index -= 1) {
    const message = messages[index];
    if (!message || !ToolMessage.isInstance(message)) break;
    results.unshift(readToolResult(message, messages));
  }
  return results;
}

function findToolCall(
  id: string,
  history: readonly BaseMessage[],
): { name: string; args: Record<string, unknown> } | undefined {
  for (let index = history.length - 1; index >= 0; index -= 1) {
    const message = history[index];
    if (message && AIMessage.isInstance(message)) {
      const call = message.tool_calls?.find((c) => c.id === id);
      if (call) return { name: call.name, args: call.args };
    }
  }
  return undefined;
}

function parseJson(content: string): unknown {
  const trimmed = content.trim();
  if (!trimmed.startsWith("{") && !trimmed.startsWith("[")) return undefined;
  try {
    return JSON.parse(trimmed);
  } catch {
    return undefined;
  }
}
