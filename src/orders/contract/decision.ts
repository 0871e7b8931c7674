import { z } from "zod";
import { orderChangesSchema } from "./order-changes.js";

/** What a user decides on a card: the same three answers for an order card and a cancel card. */
export const decisionSchema = z.discriminatedUnion("decision", [
  z
    .object({
      decision: z.literal("approve"),
      /** The hash the client was shown; a mismatch means the card changed and nothing is sent. */
      hash: z.string().min(1).max(200).optional(),
    })
    .strict(),
  z.object({ decision: z.literal("reject") }).strict(),
  z.object({ decision: z.literal("edit"), changes: orderChangesSchema }).strict(),
]);

export type Decision = z.infer<typeof decisionSchema>;
