import { AppError } from "../core/errors.js";

/** Refused in code before anything reaches a broker (limits, routing, symbol, switches). */
export class OrderRefused extends AppError {
  override readonly name = "OrderRefused";
  override readonly kind = "refused";
  constructor(
    readonly reason: string,
    readonly reconnectUrl?: string,
  ) {
    super("order_refused", reason, reconnectUrl ? { reconnectUrl } : undefined);
  }
}

/** Something the user must say first (which account, how much). */
export class NeedsClarification extends AppError {
  override readonly name = "NeedsClarification";
  override readonly kind = "refused";
  constructor(readonly question: string) {
    super("needs_clarification", question);
  }
}

/** Why a new card is refused while one of the same thread waits for the user's decision. */
export const cardWaitingReason =
  "An order is already waiting for your confirmation. Approve or reject it first, or ask me to change it.";
