import { z } from "zod";
import { pendingConfirmationSchema } from "./confirmation.js";
import { orderSideSchema, orderStatusSchema } from "./vocabulary.js";

/** What prepare_order, prepare_cancel and revise_pending_order answer. */
export const prepareResultSchema = z.discriminatedUnion("status", [
  z.object({ status: z.literal("awaiting_confirmation"), confirmation: pendingConfirmationSchema }),
  /** Refused in code (routing, limits, read-only, unknown symbol...): `reason` says why, plainly. */
  z.object({ status: z.literal("refused"), reason: z.string(), reconnectUrl: z.string().optional() }),
  /** Something the user must say first (which account, how much). */
  z.object({ status: z.literal("needs_clarification"), question: z.string() }),
]);

/** What a decision did, as the agent reports it to the user. */
export const decisionOutcomeSchema = z.discriminatedUnion("outcome", [
  z.object({
    outcome: z.literal("submitted"),
    order: z.object({
      id: z.string(),
      status: orderStatusSchema,
      symbol: z.string(),
      side: orderSideSchema,
      quantity: z.number().nullable(),
      notional: z.number().nullable(),
      filledQuantity: z.number(),
      filledAvgPrice: z.number().nullable(),
      institution: z.string(),
      accountName: z.string(),
      isPaper: z.boolean(),
    }),
  }),
  z.object({
    outcome: z.literal("cancel_submitted"),
    orderId: z.string(),
    status: orderStatusSchema,
    /** The cancelled order as a person names it: "your limit order to buy 1 MSFT at $300". */
    description: z.string(),
  }),
  z.object({ outcome: z.literal("rejected_by_user") }),
  /** The order's fate is not known yet; it is being checked with the broker. */
  z.object({ outcome: z.literal("unknown"), orderId: z.string(), message: z.string() }),
  z.object({ outcome: z.literal("failed"), reason: z.string() }),
]);

export type PrepareResult = z.infer<typeof prepareResultSchema>;
export type DecisionOutcome = z.infer<typeof decisionOutcomeSchema>;
