import { z } from "@hono/zod-openapi";
import { orderChangesSchema } from "../../../../graphs/confirmation-decision.js";
import { orderSchema } from "../orders/schemas.js";

const uuidParam = (name: string) =>
  z
    .string()
    .uuid(`must be a ${name} id`)
    .openapi({ param: { name, in: "path" } });

export const threadParams = z.object({ threadId: uuidParam("threadId") });
export const confirmationParams = z.object({
  threadId: uuidParam("threadId"),
  confirmationId: uuidParam("confirmationId"),
});

export const messageSchema = z
  .object({
    id: z.string(),
    role: z.enum(["user", "assistant", "tool"]),
    content: z.string(),
    toolName: z.string().optional(),
  })
  .openapi("Message");

/** DESIGN.md section 4 `pendingConfirmation` (validated loosely here: it is produced by the server). */
export const pendingConfirmationSchema = z
  .object({
    id: z.string().uuid(),
    kind: z.enum(["order", "cancel"]),
    order: z.record(z.string(), z.unknown()),
    account: z.record(z.string(), z.unknown()),
    routing: z.record(z.string(), z.unknown()),
    estimate: z.record(z.string(), z.unknown()),
    warnings: z.array(z.string()),
    text: z.string(),
    hash: z.string(),
    expiresAt: z.string(),
  })
  .openapi("PendingConfirmation");

export const threadViewSchema = z
  .object({
    threadId: z.string().uuid(),
    messages: z.array(messageSchema),
    pendingConfirmation: pendingConfirmationSchema.nullable(),
  })
  .openapi("ThreadView");

export const sendMessageBody = z
  .object({
    content: z.string().trim().min(1, "must not be empty").max(4000, "must be at most 4000 characters"),
  })
  .strict();

export const decisionBody = z
  .discriminatedUnion("decision", [
    z.object({ decision: z.literal("approve"), hash: z.string().min(1).max(200).optional() }).strict(),
    z.object({ decision: z.literal("reject") }).strict(),
    z.object({ decision: z.literal("edit"), changes: orderChangesSchema }).strict(),
  ])
  .openapi("ConfirmationDecision");

export const decisionViewSchema = threadViewSchema
  .extend({ order: orderSchema.nullable() })
  .openapi("ConfirmationResult");

export const threadSummarySchema = z
  .object({ threadId: z.string().uuid(), title: z.string(), createdAt: z.string(), updatedAt: z.string() })
  .openapi("ThreadSummary");
