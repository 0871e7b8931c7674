import type { ConfirmationDecision } from "../../graphs/confirmation-decision.js";
import type { PendingConfirmation } from "../models/tool-contracts.js";
import type { OrdersEngine } from "../orders/engine.js";

/**
 * A thread's checkpoint can still show a card whose proposal was decided: the process died
 * between the decision (a claim in the database) and the end of that turn. The resume that
 * finishes the turn with what really happened, or null when the card is still awaiting.
 * Approving a claimed proposal again sends nothing and answers the order's current state.
 */
export async function resumeForDecidedCard(
  orders: OrdersEngine,
  userId: string,
  pending: PendingConfirmation,
): Promise<ConfirmationDecision | null> {
  const proposal = await orders.getProposal(userId, pending.id);
  if (!proposal || proposal.status === "awaiting") return null;
  const decided = proposal.status === "submitting" || proposal.status === "submitted" ? "approve" : "reject";
  return { decision: decided, confirmationId: pending.id, channel: "button" };
}
