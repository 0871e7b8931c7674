import { z } from "@hono/zod-openapi";
import { pendingConfirmationSchema as card, decisionSchema } from "../../../orders/contract/index.js";
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

/** DESIGN.md section 4 `pendingConfirmation`: the orders contract's card, every field typed. */
// Re-wrapped here: contract schemas are created before the OpenAPI extension is loaded.
export const pendingConfirmationSchema = z.object(card.shape).openapi("PendingConfirmation");

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
  .discriminatedUnion("decision", decisionSchema.options)
  .openapi("ConfirmationDecision");

export const decisionViewSchema = threadViewSchema
  .extend({ order: orderSchema.nullable() })
  .openapi("ConfirmationResult");

export const threadSummarySchema = z
  .object({ threadId: z.string().uuid(), title: z.string(), createdAt: z.string(), updatedAt: z.string() })
  .openapi("ThreadSummary");
