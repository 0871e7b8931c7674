import { z } from "zod";

const positive = z.number().positive().finite().max(1e9);

/** Changes a user may make on a confirmation card (DESIGN.md section 4). Unknown keys are refused. */
export const orderChangesSchema = z
  .object({
    quantity: positive.optional(),
    notional: positive.optional(),
    limitPrice: positive.optional(),
    stopPrice: positive.optional(),
    orderType: z.enum(["market", "limit", "stop", "stop_limit"]).optional(),
    timeInForce: z.enum(["day", "gtc", "ioc", "fok"]).optional(),
    accountId: z
      .string()
      .regex(/^(snaptrade|alpaca|plaid)_[A-Za-z0-9._-]{1,100}$/, "must be one of your account ids")
      .optional(),
  })
  .strict()
  .refine(
    (c) => !(c.quantity !== undefined && c.notional !== undefined),
    "give quantity or notional, not both",
  )
  .refine((c) => Object.keys(c).length > 0, "say what to change");

/**
 * The only resume values the approval interrupt accepts. Validated at the HTTP edge and again by
 * `interrupt(…, { responseSchema })`, so a bad value can never poison the thread.
 */
export const confirmationDecisionSchema = z.discriminatedUnion("decision", [
  z.object({
    decision: z.literal("approve"),
    confirmationId: z.string().uuid(),
    hash: z.string().min(1).max(200).optional(),
    channel: z.enum(["button", "chat", "api"]).default("button"),
    /** The chat reply that carried the decision, kept in the transcript. */
    text: z.string().max(4000).optional(),
  }),
  z.object({
    decision: z.literal("reject"),
    confirmationId: z.string().uuid(),
    channel: z.enum(["button", "chat", "api"]).default("button"),
    text: z.string().max(4000).optional(),
  }),
  z.object({
    decision: z.literal("edit"),
    confirmationId: z.string().uuid(),
    changes: orderChangesSchema,
    channel: z.enum(["button", "chat", "api"]).default("button"),
  }),
  /** A chat reply that is neither a clear yes nor a clear no: the agent handles it, it never approves. */
  z.object({ decision: z.literal("message"), text: z.string().trim().min(1).max(4000) }),
]);

export type ConfirmationDecision = z.infer<typeof confirmationDecisionSchema>;
export type OrderChangesInput = z.infer<typeof orderChangesSchema>;
