import { randomUUID } from "node:crypto";
import type { BaseMessage } from "@langchain/core/messages";
import { Annotation, MessagesAnnotation } from "@langchain/langgraph";
import type { ErrorRecord } from "../src/core/errors.js";
import type { ApprovalResume } from "./resume.js";

const replace = <T>(fallback: T) =>
  Annotation<T>({ reducer: (_old: T, next: T) => next, default: () => fallback });

/**
 * Graph state, persisted in checkpoints: the conversation and the id of the proposal waiting
 * for the user. The card itself is never copied here: it is rendered from the proposal row
 * whenever it is shown, so the card's shape can change without breaking a waiting thread.
 */
export const AgentState = Annotation.Root({
  ...MessagesAnnotation.spec,
  pendingProposalId: replace<string | null>(null),
  /** Threads stored before state schema 1 kept the whole card here; it is read only for its id. */
  pending: replace<{ id: string } | null>(null),
  /** The user's last answer to the card, validated before the graph acts on it. */
  decision: replace<ApprovalResume | null>(null),
  /** What the last decision could not do (a wrong hash, an expired card), for the client that asked. */
  decisionError: replace<ErrorRecord | null>(null),
});

export type AgentStateType = typeof AgentState.State;
export type AgentStateUpdate = typeof AgentState.Update;

/** The proposal waiting in this thread, from either state schema. */
export function pendingProposalIdOf(
  state: Pick<AgentStateType, "pendingProposalId" | "pending">,
): string | null {
  return state.pendingProposalId ?? state.pending?.id ?? null;
}

/** Clears the waiting proposal in both state schemas. */
export const noPendingProposal = { pendingProposalId: null, pending: null } as const;

/**
 * Gives each new message its id where the node makes it, so the run's streamed output and the
 * checkpoint name a message alike (the caller stores messages by id).
 */
export function withIds<T extends BaseMessage>(messages: T[]): T[] {
  for (const message of messages) {
    if (!message.id) {
      message.id = randomUUID();
      message.lc_kwargs.id = message.id;
    }
  }
  return messages;
}
