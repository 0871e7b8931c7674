import { tool } from "@langchain/core/tools";
import { AppError } from "../src/core/errors.js";
import { type PrepareResult, toolInputs } from "../src/models/tool-contracts.js";
import { NeedsClarification, OrderRefused } from "../src/orders/errors.js";
import type { ProposalRecord } from "../src/orders/records.js";
import type { ToolServices } from "./read-tools.js";
import { runContextOf } from "./run-context.js";

/** Turns the engine's answer (or its refusal) into the result the model reads. */
async function asPrepareResult(services: ToolServices, work: () => Promise<ProposalRecord>): Promise<string> {
  let result: PrepareResult;
  try {
    const proposal = await work();
    result = { status: "awaiting_confirmation", confirmation: services.orders.pendingConfirmation(proposal) };
  } catch (error) {
    if (error instanceof NeedsClarification)
      result = { status: "needs_clarification", question: error.question };
    else if (error instanceof OrderRefused) {
      result = {
        status: "refused",
        reason: error.reason,
        ...(error.reconnectUrl ? { reconnectUrl: error.reconnectUrl } : {}),
      };
    } else if (error instanceof AppError) result = { status: "refused", reason: error.message };
    else throw error;
  }
  return JSON.stringify(result);
}

/**
 * Tools that prepare orders. None of them sends anything: a prepared order waits for the user's
 * decision on its confirmation card, and the model has no tool to approve it.
 */
export function createOrderTools(services: ToolServices) {
  const prepareOrder = tool(
    async (input, config) => {
      const ctx = runContextOf(config);
      return asPrepareResult(services, () =>
        services.orders.prepare(
          { userId: ctx.userId, threadId: ctx.threadId },
          {
            symbol: input.symbol,
            side: input.side,
            quantity: input.quantity,
            notional: input.notional,
            sellAll: input.sellAll,
            fraction: input.fraction === 1 ? undefined : input.fraction,
            ...(input.fraction === 1 ? { sellAll: true } : {}),
            orderType: input.orderType,
            limitPrice: input.limitPrice,
            stopPrice: input.stopPrice,
            timeInForce: input.timeInForce,
            account: input.account,
          },
        ),
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
      const ctx = runContextOf(config);
      return asPrepareResult(services, () =>
        services.orders.prepareCancel({ userId: ctx.userId, threadId: ctx.threadId }, input.orderId),
      );
    },
    {
      name: "prepare_cancel",
      description: toolInputs.prepare_cancel.description!,
      schema: toolInputs.prepare_cancel,
    },
  );

  const revisePendingOrder = tool(
    async (input, config) => {
      const ctx = runContextOf(config);
      if (!ctx.pendingProposalId) {
        return JSON.stringify({
          status: "refused",
          reason: "There is no order waiting for your confirmation to change.",
        });
      }
      return asPrepareResult(services, () =>
        services.orders.edit(
          { userId: ctx.userId, threadId: ctx.threadId, channel: "chat" },
          ctx.pendingProposalId!,
          {
            quantity: input.quantity,
            notional: input.notional,
            limitPrice: input.limitPrice,
            stopPrice: input.stopPrice,
            orderType: input.orderType,
            timeInForce: input.timeInForce,
            account: input.account,
          },
        ),
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
