import { interrupt } from "@langchain/langgraph";
import { type ApprovalRequest, type ApprovalResume, approvalResumeSchema } from "../resume.js";
import { type AgentStateType, pendingProposalIdOf } from "../state.js";

/**
 * Puts the pending proposal before the user and waits. The node re-runs from its first line on
 * resume, so nothing happens before `interrupt()`; the decision is acted on in `decide`.
 */
export function approvalNode(state: AgentStateType) {
  const proposalId = pendingProposalIdOf(state);
  const decision = interrupt<ApprovalRequest, ApprovalResume>(
    { schemaVersion: 1, proposalId: proposalId ?? "" },
    { responseSchema: approvalResumeSchema },
  );
  return { decision };
}
