import type { RunnableConfig } from "@langchain/core/runnables";
import { interrupt } from "@langchain/langgraph";
import type { OrdersEngine } from "../../src/orders/engine.js";
import { runContextOf } from "../../tools/run-context.js";
import { decisionOfHitl, hitlRequestOf } from "../hitl.js";
import {
  type ApprovalInterruptResponse,
  type ApprovalRequest,
  type ApprovalResume,
  approvalInterruptResponseSchema,
} from "../resume.js";
import { type AgentStateType, pendingProposalIdOf } from "../state.js";

/**
 * Puts the pending proposal before the user and waits. The node re-runs from its first line on
 * resume, so nothing before `interrupt()` changes anything (reading the card only); the decision
 * is acted on in `decide`. An agent-chat-ui answer is mapped here onto the decision for this card.
 */
export function createApprovalNode(orders: OrdersEngine) {
  return async (state: AgentStateType, config: RunnableConfig) => {
    const proposalId = pendingProposalIdOf(state) ?? "";
    const card = proposalId ? await orders.confirmation(runContextOf(config).userId, proposalId) : null;
    const request: ApprovalRequest = {
      schemaVersion: 1,
      proposalId,
      ...(card ? hitlRequestOf(card) : { action_requests: [], review_configs: [] }),
    };
    const answer = interrupt<ApprovalRequest, ApprovalInterruptResponse>(request, {
      responseSchema: approvalInterruptResponseSchema,
    });
    if (!("decisions" in answer)) return { decision: answer };
    const decision = card ? decisionOfHitl(answer, card) : null;
    const addressed: ApprovalResume | null = decision
      ? { ...decision, confirmationId: proposalId, channel: "button" }
      : null;
    return { decision: addressed };
  };
}
