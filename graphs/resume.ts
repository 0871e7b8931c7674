import { z } from "zod";
import { decisionChannelSchema, decisionSchema } from "../src/orders/contract/index.js";
import { type HitlRequest, hitlResumeSchema } from "./hitl.js";

/** Which card a decision is for, and where it was made. */
const addressed = {
  confirmationId: z.string().uuid(),
  channel: decisionChannelSchema.default("button"),
  /** The chat reply that carried the decision, kept in the transcript. */
  text: z.string().max(4000).optional(),
};

/**
 * The only values the approval interrupt accepts: a decision on the card (the orders
 * contract's Decision, addressed to it), or a chat reply that is neither a clear yes nor a clear
 * no, which goes to the agent and never approves. Validated at the edge and again by
 * `interrupt(…, { responseSchema })`, so a bad value can never poison the thread.
 */
export const approvalResumeSchema = z.discriminatedUnion("decision", [
  ...decisionSchema.options.map((option) => option.extend(addressed)),
  z.object({ decision: z.literal("message"), text: z.string().trim().min(1).max(4000) }),
] as unknown as [
  z.ZodObject<(typeof decisionSchema.options)[0]["shape"] & typeof addressed>,
  z.ZodObject<(typeof decisionSchema.options)[1]["shape"] & typeof addressed>,
  z.ZodObject<(typeof decisionSchema.options)[2]["shape"] & typeof addressed>,
  z.ZodObject<{ decision: z.ZodLiteral<"message">; text: z.ZodString }>,
]);

export type ApprovalResume = z.infer<typeof approvalResumeSchema>;

/**
 * What the approval interrupt accepts: an addressed decision (above), or agent-chat-ui's
 * `{ decisions: [...] }`, which the approval node maps onto the same decision for its card.
 */
export const approvalInterruptResponseSchema = z.union([approvalResumeSchema, hitlResumeSchema]);

export type ApprovalInterruptResponse = z.infer<typeof approvalInterruptResponseSchema>;

/**
 * The interrupt's value: which proposal waits (clients render the card from its row), and the
 * same card in agent-chat-ui's human-in-the-loop shape (empty when the card cannot be read).
 */
export interface ApprovalRequest extends HitlRequest {
  schemaVersion: 1;
  proposalId: string;
}

/** The proposal an interrupt waits on, whether written before state schema 1 (the card) or after. */
export function proposalIdOfInterrupt(value: unknown): string | null {
  if (!value || typeof value !== "object") return null;
  const v = value as { proposalId?: unknown; id?: unknown };
  if (typeof v.proposalId === "string") return v.proposalId;
  return typeof v.id === "string" ? v.id : null;
}
