import { z } from "@hono/zod-openapi";
import { pendingConfirmationSchema as card, decisionSchema } from "../../../orders/contract/index.js";
import { uuidPathParam } from "../openapi-parts.js";
import { orderSchema } from "../orders/schemas.js";

export const threadParams = z.object({ threadId: uuidPathParam("threadId") });
export const confirmationParams = z.object({
  threadId: uuidPathParam("threadId"),
  confirmationId: uuidPathParam("confirmationId"),
});
const threadId = z.guid().openapi({ format: "uuid" });

export const messageSchema = z
  .object({
    id: z.string(),
    role: z.enum(["user", "assistant", "tool"]),
    content: z.string(),
    toolName: z.string().optional(),
  })
  .openapi("Message");

// The contract's schemas are plain zod (no `.openapi()` on them): `.meta({ id })` names their component.

/** DESIGN.md section 4 `pendingConfirmation`: the orders contract's card, every field typed. */
export const pendingConfirmationSchema = card.meta({ id: "PendingConfirmation" });

export const threadViewSchema = z
  .object({
    threadId,
    messages: z.array(messageSchema),
    pendingConfirmation: z.union([pendingConfirmationSchema, z.null()]),
  })
  .openapi("ThreadView");

/** A thread's transcript in pages: the latest `limit` messages, or those before message `before`. */
export const transcriptQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(500).optional(),
    before: z.string().min(1).max(200).optional(),
  })
  .strict();

/** GET of a thread: its view, and where the page before this one starts (null at the thread's start). */
export const transcriptViewSchema = threadViewSchema
  .extend({ earlierBefore: z.union([z.string(), z.null()]) })
  .openapi("ThreadTranscript");

export const sendMessageBody = z
  .object({
    content: z.string().trim().min(1, "must not be empty").max(4000, "must be at most 4000 characters"),
  })
  .strict();

export const decisionBody = decisionSchema.meta({ id: "ConfirmationDecision" });

/** A decision's answer: `order` is the placed (or already placed) order on approve, else null. */
export const decisionViewSchema = threadViewSchema
  .extend({ order: z.union([orderSchema, z.null()]) })
  .openapi("ConfirmationResult");

/** A streamed turn's `error` event: the error body plus the status it would have had. */
export const streamErrorSchema = z
  .object({ code: z.string(), message: z.string(), status: z.number().int() })
  .openapi("StreamError");

export const newThreadSchema = z.object({ threadId }).openapi("NewThread");

export const threadSummarySchema = z
  .object({ threadId, title: z.string(), createdAt: z.string(), updatedAt: z.string() })
  .openapi("ThreadSummary");
