import type { PrepareResult } from "../../../orders/contract/index.js";
import { cleanDataText } from "../../text/untrusted-text.js";
import { cardSummary } from "../../wording/card-summary.js";

/**
 * prepare_order / prepare_cancel / revise_pending_order results. The graph writes a card's summary
 * itself when a step only prepared it; this answers when the model reads one beside other results.
 */

export function prepareResultAnswer(result: PrepareResult, toolName: string | null): string {
  switch (result.status) {
    case "awaiting_confirmation":
      return cardSummary(result.confirmation, toolName === "revise_pending_order");
    case "refused":
      return refusalAnswer(result.reason, result.reconnectUrl, toolName);
    case "needs_clarification":
      return cleanDataText(result.question, 300) || "I need a bit more detail before I can prepare that.";
  }
}

function refusalAnswer(reason: string, reconnectUrl: string | undefined, toolName: string | null): string {
  const what =
    toolName === "prepare_cancel"
      ? "I can't cancel that order"
      : toolName === "revise_pending_order"
        ? "I couldn't change the order"
        : "I can't place that order";
  const why = cleanDataText(reason, 300).replace(/\.$/, "") || "it was refused";
  const reconnect = safeUrl(reconnectUrl);
  const lines = [`${what}: ${why}.`];
  lines.push(
    toolName === "revise_pending_order"
      ? "The card you had stays as it was."
      : "Nothing was sent to your broker.",
  );
  if (reconnect) lines.push(`You can reconnect the account here: ${reconnect}`);
  return lines.join(" ");
}

/** Only plain http(s) links are passed on. */
function safeUrl(url: string | undefined): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === "https:" || parsed.protocol === "http:" ? parsed.toString() : null;
  } catch {
    return null;
  }
}
