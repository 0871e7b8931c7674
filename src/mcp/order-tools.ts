import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { z } from "zod";
import { prepared as preparedResult } from "../../tools/order-tools.js";
import { toolInputs } from "../models/tool-contracts.js";
import {
  type PendingConfirmation,
  type PrepareResult,
  prepareResultSchema,
} from "../orders/contract/index.js";
import type { OrdersEngine } from "../orders/engine.js";
import { askHuman, humanApprovalSchema } from "./human-approval.js";

/** What prepare_order and prepare_cancel answer: the card (or why not), then the human's decision. */
export const preparedForHumanSchema = z.object({
  prepared: prepareResultSchema,
  /** Null when no card was made (refused, or a question for the user first). */
  approval: humanApprovalSchema.nullable(),
});

export interface OrderToolsOptions {
  orders: OrdersEngine;
  userId: string;
  /** The web app's page for a card. */
  approvalUrl(proposalId: string): string;
}

const annotations = {
  readOnlyHint: false,
  destructiveHint: true,
  idempotentHint: false,
  openWorldHint: true,
};

/**
 * prepare_order and prepare_cancel: the same cards as the chat's tools, through the orders engine.
 * There is deliberately no approve or submit tool: after preparing, the server asks the human.
 */
export function registerOrderTools(server: McpServer, options: OrderToolsOptions): void {
  const { orders, userId } = options;
  const ctx = { userId, threadId: null };

  const answerWith = async (work: () => Promise<PendingConfirmation>): Promise<CallToolResult> => {
    const prepared: PrepareResult = await preparedResult(work);
    const approval =
      prepared.status === "awaiting_confirmation"
        ? await askHuman(server.server, prepared.confirmation, {
            orders,
            userId,
            approvalUrl: options.approvalUrl(prepared.confirmation.id),
          })
        : null;
    const structured = { prepared, approval };
    const lines = [
      prepared.status === "awaiting_confirmation"
        ? prepared.confirmation.text
        : prepared.status === "refused"
          ? `Refused: ${prepared.reason}`
          : prepared.question,
      ...(approval ? [approval.message] : []),
    ];
    return { content: [{ type: "text", text: lines.join("\n\n") }], structuredContent: structured };
  };

  server.registerTool(
    "prepare_order",
    {
      title: "Prepare an order (the user approves it)",
      description: `${toolInputs.prepare_order.description} The user is then asked to approve or reject it, outside the model's reach.`,
      inputSchema: toolInputs.prepare_order,
      outputSchema: preparedForHumanSchema,
      annotations: { title: "Prepare an order", ...annotations },
    },
    async (request) => answerWith(() => orders.prepare(ctx, request)),
  );

  server.registerTool(
    "prepare_cancel",
    {
      title: "Prepare the cancellation of an open order (the user approves it)",
      description: `${toolInputs.prepare_cancel.description} The user is then asked to approve or reject it.`,
      inputSchema: toolInputs.prepare_cancel,
      outputSchema: preparedForHumanSchema,
      annotations: { title: "Prepare a cancellation", ...annotations },
    },
    async ({ orderId }) => answerWith(() => orders.prepareCancel(ctx, orderId)),
  );
}
