import {
  AIMessage,
  type BaseMessage,
  HumanMessage,
  SystemMessage,
  ToolMessage,
} from "@langchain/core/messages";
import { type PendingConfirmation, pendingConfirmationSchema } from "../../../orders/contract/index.js";
import { pendingCardNoteName } from "../../pending-card-note.js";
import { findSecurityResultSchema } from "../../tool-contracts.js";
import { extractAccountMention, findBareAccountName } from "../parsing/account-hints.js";
import type { Intent } from "../parsing/intent.js";
import { type ParseContext, parseIntent } from "../parsing/intent-parser.js";
import { draftFromPrepareArgs } from "../parsing/order-draft.js";
import { normaliseRequest } from "../parsing/request-text.js";
import { intentAfterLookup, readAfterLookup } from "../parsing/security-lookup-outcome.js";
import { findSymbols } from "../parsing/symbols.js";
import { isDecisionOutcome, isPrepareResult } from "./result-shapes.js";
import { isReadTool, readToolResult } from "./tool-results.js";

/**
 * What the earlier conversation tells the parser about the new message: the card waiting for a
 * decision, an order the model asked a question about, and the symbol last talked about. Tool
 * results are only read for their structured status fields, never for instructions.
 */

const PREPARE_TOOLS = new Set(["prepare_order", "prepare_cancel", "revise_pending_order"]);
/** How far back "it" may reach, and how many follow-up questions one order may take. */
const SYMBOL_LOOKBACK = 12;
const MAX_FOLLOW_UPS = 4;

export function buildParseContext(messages: readonly BaseMessage[], currentIndex: number): ParseContext {
  return contextAt(messages, currentIndex, MAX_FOLLOW_UPS);
}

function contextAt(messages: readonly BaseMessage[], currentIndex: number, followUps: number): ParseContext {
  const history = messages.slice(0, currentIndex);
  const told = cardWeAreTold(messages);
  // The graph tells which card waits (from its row); the transcript is only read when it does not.
  const pending =
    told === undefined || currentIndex < messages.length - 1 ? findPendingConfirmation(history) : told;
  return {
    pending,
    draft: pending || followUps <= 0 ? null : findOpenDraft(history, followUps),
    lastSymbol: findLastSymbol(history),
    lastAccount: findLastAccount(history),
  };
}

/** The card the graph says waits (null: none), or undefined when the graph said nothing. */
function cardWeAreTold(messages: readonly BaseMessage[]): PendingConfirmation | null | undefined {
  const note = messages.find((m) => SystemMessage.isInstance(m) && m.name === pendingCardNoteName);
  if (!note) return undefined;
  const text = typeof note.content === "string" ? note.content : "";
  const json = text.indexOf("{");
  if (json < 0) return null;
  const parsed = pendingConfirmationSchema.safeParse(JSON.parse(text.slice(json)));
  return parsed.success ? parsed.data : null;
}

/**
 * The last card shown and not yet decided: the newest prepare/revise result that is awaiting
 * confirmation with no decision outcome after it. A refused revision leaves the earlier card open.
 */
function findPendingConfirmation(history: readonly BaseMessage[]): PendingConfirmation | null {
  for (let index = history.length - 1; index >= 0; index -= 1) {
    const message = history[index];
    if (!message || !ToolMessage.isInstance(message)) continue;
    const result = readToolResult(message, history);
    if (isReadTool(result.toolName)) continue;
    if (isDecisionOutcome(result.data)) return null;
    const fromPrepareTool = result.toolName === null || PREPARE_TOOLS.has(result.toolName);
    if (!fromPrepareTool) continue;
    if (isPrepareResult(result.data)) {
      if (result.data.status === "awaiting_confirmation") return result.data.confirmation;
      if (result.toolName !== "revise_pending_order") return null;
    }
  }
  return null;
}

/**
 * An order the model asked about on its last turn: either it asked itself (the previous user
 * message parsed to an incomplete order) or `prepare_order` answered with needs_clarification.
 */
function findOpenDraft(history: readonly BaseMessage[], followUps: number): ParseContext["draft"] {
  const question = history.at(-1);
  if (!question || !AIMessage.isInstance(question) || (question.tool_calls?.length ?? 0) > 0) return null;

  const before = history.at(-2);
  if (before && HumanMessage.isInstance(before)) {
    const intent = parseIntent(before.text, contextAt(history, history.length - 2, followUps - 1));
    return intent.kind === "incomplete_order" ? { order: intent.draft, missing: intent.missing } : null;
  }
  if (before && ToolMessage.isInstance(before)) {
    // "Did you mean ...?" after a security look-up: the order it asked about is still open.
    const afterLookup = securityLookupFollowUp(history, history.length - 2, followUps - 1);
    if (afterLookup)
      return afterLookup.kind === "incomplete_order"
        ? { order: afterLookup.draft, missing: afterLookup.missing }
        : null;
    const result = readToolResult(before, history);
    // The tool first: its name is read without parsing its result.
    if (result.toolName !== "prepare_order") return null;
    const data = result.data;
    if (isPrepareResult(data) && data.status === "needs_clarification") {
      if (result.callArgs) {
        const missing = { kind: "tool_question" as const, question: data.question };
        return { order: draftFromPrepareArgs(result.callArgs), missing };
      }
    }
  }
  return null;
}

/**
 * What the order does now that find_security answered (the ToolMessage at `toolIndex`): the
 * user message that led to the look-up is read again for its order, and the answer completes
 * it or turns into a question. Null when that message is not a tool result of find_security
 * for an order.
 */
export function securityLookupFollowUp(
  messages: readonly BaseMessage[],
  toolIndex: number,
  followUps = MAX_FOLLOW_UPS,
): Intent | null {
  const message = messages[toolIndex];
  if (!message || !ToolMessage.isInstance(message)) return null;
  const result = readToolResult(message, messages.slice(0, toolIndex));
  if (result.toolName !== "find_security") return null;
  let callIndex = toolIndex - 1;
  while (callIndex >= 0 && ToolMessage.isInstance(messages[callIndex]!)) callIndex -= 1;
  const userIndex = callIndex - 1;
  const said = messages[userIndex];
  if (!AIMessage.isInstance(messages[callIndex]) || !said || !HumanMessage.isInstance(said)) return null;
  const intent = parseIntent(said.text, contextAt(messages, userIndex, followUps));
  const parsed = findSecurityResultSchema.safeParse(result.data);
  const answer = !result.isError && parsed.success ? parsed.data : null;
  if (intent.kind === "security_question") return readAfterLookup(intent.tool, intent.phrase, answer);
  if (intent.kind !== "incomplete_order" || intent.missing.kind !== "unknown_security") return null;
  return intentAfterLookup(intent.draft, intent.missing.phrase, answer);
}

/** The account of the latest user mention or model tool call, for "there" and "that account". */
function findLastAccount(history: readonly BaseMessage[]): string | null {
  const start = Math.max(0, history.length - SYMBOL_LOOKBACK);
  for (let index = history.length - 1; index >= start; index -= 1) {
    const message = history[index];
    if (!message) continue;
    if (HumanMessage.isInstance(message)) {
      const text = normaliseRequest(message.text);
      const account = extractAccountMention(text)?.hint ?? findBareAccountName(text);
      if (account) return account;
    } else if (AIMessage.isInstance(message)) {
      const account = message.tool_calls?.map((c) => c.args.account).find((a) => typeof a === "string");
      if (typeof account === "string") return account;
    }
  }
  return null;
}

/** The symbol of the latest user mention, model tool call or open card. */
function findLastSymbol(history: readonly BaseMessage[]): string | null {
  const start = Math.max(0, history.length - SYMBOL_LOOKBACK);
  for (let index = history.length - 1; index >= start; index -= 1) {
    const message = history[index];
    if (!message) continue;
    if (HumanMessage.isInstance(message)) {
      const symbol = findSymbols(normaliseRequest(message.text))[0]?.symbol;
      if (symbol) return symbol;
    } else if (AIMessage.isInstance(message)) {
      const symbol = message.tool_calls?.map((c) => c.args.symbol).find((s) => typeof s === "string");
      if (typeof symbol === "string") return symbol.toUpperCase();
    } else if (ToolMessage.isInstance(message)) {
      const result = readToolResult(message, history);
      if (
        !isReadTool(result.toolName) &&
        isPrepareResult(result.data) &&
        result.data.status === "awaiting_confirmation"
      )
        return result.data.confirmation.order.symbol.toUpperCase();
    }
  }
  return null;
}
