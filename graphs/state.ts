import { Annotation, MessagesAnnotation } from "@langchain/langgraph";
import type { PendingConfirmation } from "../src/models/tool-contracts.js";
import type { ConfirmationDecision } from "./confirmation-decision.js";

/** Graph state: the conversation, the confirmation awaiting the user, and the user's last decision. */
export const AgentState = Annotation.Root({
  ...MessagesAnnotation.spec,
  pending: Annotation<PendingConfirmation | null>({ reducer: (_old, next) => next, default: () => null }),
  decision: Annotation<ConfirmationDecision | null>({ reducer: (_old, next) => next, default: () => null }),
});

export type AgentStateType = typeof AgentState.State;
export type AgentStateUpdate = typeof AgentState.Update;
