import { AIMessage, type BaseMessage, HumanMessage, ToolMessage } from "@langchain/core/messages";
import { type ToolName, toolInputs } from "../tool-contracts.js";
import { writeFinalAnswer } from "./answers/final-answer.js";
import { buildParseContext, securityLookupFollowUp } from "./conversation/conversation-context.js";
import { trailingToolResults } from "./conversation/tool-results.js";
import type { Intent, PlannedToolCall } from "./parsing/intent.js";
import { parseIntent } from "./parsing/intent-parser.js";
import { orderQuestion } from "./replies/order-questions.js";
import {
  ADVICE_REPLY,
  confirmationReply,
  GREETING_REPLY,
  HELP_REPLY,
  IDLE_REPLY,
  invalidRequestReply,
  notUnderstoodReply,
  THANKS_REPLY,
  toolsUnavailableReply,
} from "./replies/plain-replies.js";

/**
 * Decides the model's next message from the conversation: tool calls for a new user request, or
 * text (an answer from tool results, a question, help). Pure and deterministic; the chat model
 * class only turns the plan into messages and chunks.
 */

export type PlannedReply = { kind: "tool_calls"; calls: PlannedToolCall[] } | { kind: "text"; text: string };

export function planReply(messages: readonly BaseMessage[], boundTools: ReadonlySet<string>): PlannedReply {
  const last = messages.at(-1);
  if (last && ToolMessage.isInstance(last)) {
    // A security look-up for an order: the order goes on (or a question goes back), not a summary.
    const afterLookup = securityLookupFollowUp(messages, messages.length - 1);
    if (afterLookup) return replyFor(afterLookup, boundTools);
    return { kind: "text", text: writeFinalAnswer(trailingToolResults(messages), lastUserText(messages)) };
  }
  if (last && HumanMessage.isInstance(last)) {
    const intent = parseIntent(last.text, buildParseContext(messages, messages.length - 1));
    return replyFor(intent, boundTools);
  }
  return { kind: "text", text: IDLE_REPLY };
}

function replyFor(intent: Intent, boundTools: ReadonlySet<string>): PlannedReply {
  switch (intent.kind) {
    case "tool_calls":
      return toolCallReply(intent.calls, boundTools);
    case "incomplete_order":
      // Words that should name a security are looked up before any question about them.
      if (intent.missing.kind === "unknown_security" && boundTools.has("find_security"))
        return toolCallReply([{ name: "find_security", args: { query: intent.missing.phrase } }], boundTools);
      return text(orderQuestion(intent.missing, intent.draft));
    case "clarify":
      return text(intent.question);
    case "card_answer":
      return text(intent.text);
    case "greeting":
      return text(GREETING_REPLY);
    case "thanks":
      return text(THANKS_REPLY);
    case "help":
      return text(HELP_REPLY);
    case "advice_request":
      return text(ADVICE_REPLY);
    case "confirmation_reply":
      return text(confirmationReply(intent.pending));
    case "security_question":
      if (!boundTools.has("find_security")) return text(notUnderstoodReply(intent.phrase));
      return toolCallReply([{ name: "find_security", args: { query: intent.phrase } }], boundTools);
    case "not_understood":
      return text(notUnderstoodReply(intent.text));
  }
}

/** Only tools that are bound are called, and only with arguments their schema accepts. */
function toolCallReply(calls: readonly PlannedToolCall[], boundTools: ReadonlySet<string>): PlannedReply {
  const unavailable = calls.filter((call) => !boundTools.has(call.name));
  if (unavailable.length > 0) return text(toolsUnavailableReply(unavailable));
  const checked: PlannedToolCall[] = [];
  for (const call of calls) {
    const parsed = toolInputs[call.name as ToolName].safeParse(call.args);
    if (!parsed.success)
      return text(invalidRequestReply(parsed.error.issues[0]?.message ?? "invalid arguments"));
    checked.push({ name: call.name, args: parsed.data as Record<string, unknown> });
  }
  return { kind: "tool_calls", calls: checked };
}

function text(value: string): PlannedReply {
  return { kind: "text", text: value };
}

function lastUserText(messages: readonly BaseMessage[]): string {
  for (let index = messages.length - 1; index >= 0; index -= 1) {
    const message = messages[index];
    if (message && HumanMessage.isInstance(message)) return message.text;
    // Only the question that led to these tool calls counts, not an older one.
    if (message && AIMessage.isInstance(message) && !(message.tool_calls?.length ?? 0)) return "";
  }
  return "";
}
