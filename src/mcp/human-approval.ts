import type { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { z } from "zod";
import { AppError } from "../core/errors.js";
import { decisionOutcomeSchema, type PendingConfirmation } from "../orders/contract/index.js";
import type { OrdersEngine } from "../orders/engine.js";

/** How the human was asked, and what they decided; the model reads it, it cannot produce it. */
export const humanApprovalSchema = z.object({
  /** `form`/`url`: MCP elicitation; `link`: the client cannot ask, the user decides on the page. */
  askedBy: z.enum(["form", "url", "link"]),
  state: z.enum(["approved", "rejected", "awaiting", "failed"]),
  /** The web app's page for this card, where the signed-in user can approve or reject it. */
  approvalUrl: z.string(),
  /** What the approval did, when it was decided here. */
  outcome: decisionOutcomeSchema.nullable(),
  message: z.string(),
});

export type HumanApproval = z.infer<typeof humanApprovalSchema>;

export interface HumanApprovalOptions {
  orders: OrdersEngine;
  userId: string;
  approvalUrl: string;
}

const decisionForm = {
  type: "object" as const,
  properties: {
    decision: {
      type: "string" as const,
      title: "Your decision",
      enum: ["approve", "reject"],
      enumNames: ["Approve: send this order", "Reject: send nothing"],
    },
  },
  required: ["decision"],
};

/**
 * Puts the card before the human through the MCP client and acts on their answer through the
 * orders engine's one decision path (channel "mcp", audited there). URL mode sends them to the
 * web app, where they are signed in; form mode asks in the client; a client that cannot ask gets
 * the link. Nothing here can be reached by a tool argument: the model only starts the asking.
 */
export async function askHuman(
  server: Server,
  card: PendingConfirmation,
  options: HumanApprovalOptions,
): Promise<HumanApproval> {
  const { approvalUrl } = options;
  const elicitation = server.getClientCapabilities()?.elicitation;
  const base = { approvalUrl, outcome: null };
  if (!elicitation) {
    return {
      askedBy: "link",
      state: "awaiting",
      ...base,
      message: `Nothing is sent yet. The user approves or rejects this card at ${approvalUrl} (signed in to the web app).`,
    };
  }
  if (elicitation.url) {
    const answer = await server.elicitInput({
      mode: "url",
      message: `Review and approve or reject this order in the trading app:\n\n${card.text}`,
      url: approvalUrl,
      elicitationId: card.id,
    });
    if (answer.action === "decline") return decide(card, "reject", "url", options);
    return {
      askedBy: "url",
      state: "awaiting",
      ...base,
      message:
        answer.action === "accept"
          ? "The user is deciding on the web app's page; nothing is sent until they approve there."
          : `The user closed the request; nothing is sent. The card stays at ${approvalUrl} until it expires.`,
    };
  }
  const answer = await server.elicitInput({
    mode: "form",
    message: `${card.text}\n\nApprove to send this order to the broker, or reject it.`,
    requestedSchema: decisionForm,
  });
  if (answer.action === "cancel") {
    return {
      askedBy: "form",
      state: "awaiting",
      ...base,
      message: `The user dismissed the question; nothing is sent. The card stays at ${approvalUrl} until it expires.`,
    };
  }
  const approved = answer.action === "accept" && answer.content?.decision === "approve";
  return decide(card, approved ? "approve" : "reject", "form", options);
}

async function decide(
  card: PendingConfirmation,
  decision: "approve" | "reject",
  askedBy: HumanApproval["askedBy"],
  { orders, userId, approvalUrl }: HumanApprovalOptions,
): Promise<HumanApproval> {
  try {
    const answer = await orders.decide(
      { userId, threadId: null, channel: "mcp" },
      card.id,
      decision === "approve" ? { decision: "approve", hash: card.hash } : { decision: "reject" },
    );
    const outcome = answer.decision === "edit" ? null : answer.outcome;
    const failed = outcome?.outcome === "failed";
    return {
      askedBy,
      state: failed ? "failed" : decision === "approve" ? "approved" : "rejected",
      approvalUrl,
      outcome,
      message:
        decision === "approve"
          ? failed
            ? "The order was approved but not sent; see the outcome."
            : "The user approved the card; the outcome says what the broker did."
          : "The user rejected the card; nothing was sent.",
    };
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return { askedBy, state: "failed", approvalUrl, outcome: null, message: error.message };
  }
}
