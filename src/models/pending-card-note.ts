import { SystemMessage } from "@langchain/core/messages";
import type { PendingConfirmation } from "../orders/contract/index.js";

/** The name of the system message that tells a model which card waits for the user. */
export const pendingCardNoteName = "pending_confirmation";

/**
 * What the model is told about the card waiting for the user's decision, from the proposal row:
 * the card itself (JSON), or that none waits. Any model reads it; the offline model parses it.
 */
export function pendingCardNote(card: PendingConfirmation | null): SystemMessage {
  return new SystemMessage({
    name: pendingCardNoteName,
    content: card
      ? `A confirmation card is waiting for the user's decision (change it with revise_pending_order; the user approves or rejects it): ${JSON.stringify(card)}`
      : "No confirmation card is waiting for the user's decision.",
  });
}
