import { AIMessage, type BaseMessage, HumanMessage, ToolMessage } from "@langchain/core/messages";
import { type StructuredToolInterface, tool } from "@langchain/core/tools";
import { type ToolName, toolInputs } from "../../tool-contracts.js";
import { OfflineChatModel } from "../offline-chat-model.js";

/** Test helpers: the contract's tools with canned results, and a bound model to ask. */

export const ALL_TOOL_NAMES = Object.keys(toolInputs) as ToolName[];

/** Tools built from `toolInputs`; each returns the canned JSON for its name (or `{}`). */
export function contractTools(
  results: Partial<Record<ToolName, unknown>> = {},
  names: readonly ToolName[] = ALL_TOOL_NAMES,
): StructuredToolInterface[] {
  return names.map((name) =>
    tool(async () => JSON.stringify(results[name] ?? {}), {
      name,
      description: toolInputs[name].description ?? name,
      schema: toolInputs[name],
    }),
  );
}

export function boundModel(names: readonly ToolName[] = ALL_TOOL_NAMES) {
  return new OfflineChatModel().bindTools(contractTools({}, names));
}

/** The model's reply to `text` after `history`. */
export async function ask(text: string, history: BaseMessage[] = [], names?: readonly ToolName[]) {
  return boundModel(names).invoke([...history, new HumanMessage(text)]);
}

let callCounter = 0;

/** A finished tool turn: the user's question, the model's call and the tool's JSON answer. */
export function toolTurn(
  question: string,
  name: ToolName,
  args: Record<string, unknown>,
  result: unknown,
): BaseMessage[] {
  callCounter += 1;
  const id = `call-${callCounter}`;
  return [
    new HumanMessage(question),
    new AIMessage({ content: "", tool_calls: [{ type: "tool_call", id, name, args }] }),
    new ToolMessage({ content: JSON.stringify(result), tool_call_id: id, name }),
  ];
}

/** The model's final answer for a tool turn. */
export async function answerFor(
  question: string,
  name: ToolName,
  args: Record<string, unknown>,
  result: unknown,
): Promise<string> {
  const reply = await boundModel().invoke(toolTurn(question, name, args, result));
  return reply.text;
}
