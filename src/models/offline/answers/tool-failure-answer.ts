import { quoteDataText } from "../../text/untrusted-text.js";
import { isOrderTool, toolAction } from "../text/tool-actions.js";

/**
 * An error ToolMessage (the tool threw, or a call was rejected before running): say plainly that
 * it was not done and why. LangChain's ToolNode wraps errors as "Error: … Please fix your
 * mistakes."; that wrapper is addressed to a model, not the user, so it is removed.
 */
export function toolFailureAnswer(toolName: string | null, content: string): string {
  const reason = content
    .replace(/^\s*error:\s*/i, "")
    .replace(/\s*please fix your mistakes\.?\s*$/i, "")
    .trim();
  const why = reason ? `: ${quoteDataText(reason)}.` : ".";
  const tail = isOrderTool(toolName) ? " Not done: nothing was sent to your broker." : "";
  return `I couldn't ${toolAction(toolName)}${why}${tail}`;
}
