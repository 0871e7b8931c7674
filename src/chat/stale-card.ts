import type { ApprovalResume } from "../../graphs/resume.js";
import type { OrdersEngine } from "../orders/engine.js";

/**
 * A thread's checkpoint can still wait on a card whose proposal was decided: the process died
 * between the decision (a claim in the database) and the end of that turn. The resume that
 * finishes the turn with what really happened, or null when the card is still undecided.
 * Approving a claimed proposal again sends nothing and answers the order's current state.
 */
export async function resumeForDecidedCard(
  orders: OrdersEngine,
  userId: string,
  proposalId: string,
): Promise<ApprovalResume | null> {
  const status = await orders.proposalStatus(userId, proposalId);
  if (status === null || status === "awaiting") return null;
  const decided = status === "submitting" || status === "submitted" ? "approve" : "reject";
  return { decision: decided, confirmationId: proposalId, channel: "button" };
}
