import { ToolMessage } from "@langchain/core/messages";
import type { RunnableConfig } from "@langchain/core/runnables";
import { tool } from "@langchain/core/tools";
import { Command } from "@langchain/langgraph";
import { AppError } from "../src/core/errors.js";
import { toolInputs } from "../src/models/tool-contracts.js";
import { unsupportedReply, unsupportedSymbol } from "../src/models/unsupported-requests.js";
import type { PendingConfirmation, PrepareResult } from "../src/orders/contract/index.js";
import { cardWaitingReason, NeedsClarification, OrderRefused } from "../src/orders/errors.js";
import type { ToolServices } from "./read-tools.js";
import { runContextOf } from "./run-context.js";

const decideFirst: PrepareResult = { status: "refused", reason: cardWaitingReason };

/**
 * The tool's answer to the model, and (when a card was made) the graph's pending proposal: a
 * Command sets the id in state, so the card is never copied through the transcript into state.
 */
function answer(config: RunnableConfig, result: PrepareResult): string | Command {
  const content = JSON.stringify(result);
  const callId = (config as { toolCall?: { id?: string } }).toolCall?.id;
  if (result.status !== "awaiting_confirmation" || !callId) return content;
  return new Command({
    update: {
      pendingProposalId: result.confirmation.id,
      pending: null,
      messages: [
        new ToolMessage({
          content,
          tool_call_id: callId,
          name: (config as { toolCall?: { name?: string } }).toolCall?.name ?? "prepare_order",
        }),
      ],
    },
  });
}

/** Turns the engine's card (or its refusal) into the result the model reads. */
export async function prepared(work: () => Promise<PendingConfirmation>): Promise<PrepareResult> {
  try {
    return { status: "awaiting_confirmation", confirmation: await work() };
  } catch (error) {
    if (error instanceof NeedsClarification)
      return { status: "needs_clarification", question: error.question };
    if (error instanceof OrderRefused) {
      return {
        status: "refused",
        reason: error.reason,
        ...(error.reconnectUrl ? { reconnectUrl: error.reconnectUrl } : {}),
      };
    }
    if (error instanceof AppError) return { status: "refused", reason: error.message };
    throw error;
  }
}

/**
 * Tools that prepare orders. None of them sends anything: a prepared order waits for the user's
 * decision on its confirmation card, and the model has no tool to approve it. Whether a card is
 * waiting is read from the proposal rows, never from the conversation.
 */
export function createOrderTools({ orders }: ToolServices) {
  const prepareOrder = tool(
    async (input, config) => {
      const { userId, threadId } = runContextOf(config);
      // Whatever model filled the symbol, a crypto pair or an option contract is not a stock.
      const unsupported = unsupportedSymbol(input.symbol);
      if (unsupported) return answer(config, { status: "refused", reason: unsupportedReply(unsupported) });
      // The engine refuses while a card of this thread waits (read with today's usage, one statement).
      return answer(
        config,
        await prepared(() => orders.prepare({ userId, threadId }, input, { refuseWhileCardWaits: true })),
      );
    },
    {
      name: "prepare_order",
      description: toolInputs.prepare_order.description!,
      schema: toolInputs.prepare_order,
    },
  );

  const prepareCancel = tool(
    async (input, config) => {
      const { userId, threadId } = runContextOf(config);
      const waiting = await orders.pendingConfirmation(userId, threadId);
      if (waiting) {
        if (input.orderId) return answer(config, decideFirst);
        // "Cancel my last order" with a card on screen most likely means that card.
        return answer(config, {
          status: "needs_clarification",
          question: `Nothing has been sent for the card waiting for you (${waiting.text.split("\n")[0]}). Do you want to drop it? Say "no" to reject it, or name the placed order you want cancelled.`,
        });
      }
      return answer(config, await prepared(() => orders.prepareCancel({ userId, threadId }, input.orderId)));
    },
    {
      name: "prepare_cancel",
      description: toolInputs.prepare_cancel.description!,
      schema: toolInputs.prepare_cancel,
    },
  );

  const revisePendingOrder = tool(
    async (input, config) => {
      const { userId, threadId } = runContextOf(config);
      const waiting = await orders.pendingConfirmation(userId, threadId);
      if (!waiting) {
        return answer(config, {
          status: "refused",
          reason: "There is no order waiting for your confirmation to change.",
        });
      }
      return answer(
        config,
        await prepared(async () => {
          const edited = await orders.decide({ userId, threadId, channel: "chat" }, waiting.id, {
            decision: "edit",
            changes: input,
          });
          if (edited.decision !== "edit") throw new Error("an edit answers with a card");
          return edited.confirmation;
        }),
      );
    },
    {
      name: "revise_pending_order",
      description: toolInputs.revise_pending_order.description!,
      schema: toolInputs.revise_pending_order,
    },
  );

  return [prepareOrder, prepareCancel, revisePendingOrder];
}
