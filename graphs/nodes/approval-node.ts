import { interrupt } from "@langchain/langgraph";
import { type ConfirmationDecision, confirmationDecisionSchema } from "../confirmation-decision.js";
import type { AgentStateType } from "../state.js";

/**
 * Puts the pending confirmation before the user and waits. The node re-runs from its first line
 * on resume, so nothing happens before `interrupt()`; the decision is acted on in `decide`.
 */
export function approvalNode(state: AgentStateType) {
  const decision = interrupt<typeof state.pending, ConfirmationDecision>(state.pending, {
    responseSchema: confirmationDecisionSchema,
  });
  return { decision };
}
