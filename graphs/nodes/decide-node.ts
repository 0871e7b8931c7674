import { randomUUID } from "node:crypto";
import { AIMessage, HumanMessage, ToolMessage } from "@langchain/core/messages";
import type { RunnableConfig } from "@langchain/core/runnables";
import { Command } from "@langchain/langgraph";
import { AppError } from "../../src/core/errors.js";
import type { DecisionOutcome, PendingConfirmation, PrepareResult } from "../../src/models/tool-contracts.js";
import type { OrdersEngine } from "../../src/orders/engine.js";
import { NeedsClarification, OrderRefused } from "../../src/orders/errors.js";
import type { Order } from "../../src/orders/records.js";
import { runContextOf } from "../../tools/run-context.js";
import { confirmationDecisionSchema } from "../confirmation-decision.js";
import type { AgentStateType } from "../state.js";

/** The name of the synthetic tool call that carries a decision's outcome back to the model. */
export const decisionToolName = "confirmation_result";

/** A tool-call/result pair: the shape every chat model accepts for "here is what happened". */
function report(content: unknown, args: Record<string, unknown>) {
  const id = `decision-${randomUUID()}`;
  return [
    new AIMessage({ content: "", tool_calls: [{ id, name: decisionToolName, args, type: "tool_call" }] }),
    new ToolMessage({ content: JSON.stringify(content), tool_call_id: id, name: decisionToolName }),
  ];
}

export function outcomeOfOrder(order: Order, pending: PendingConfirmation): DecisionOutcome {
  if (pending.kind === "cancel")
    return { outcome: "cancel_submitted", orderId: order.id, status: order.status };
  if (order.status === "rejected")
    return { outcome: "failed", reason: order.statusDetail ?? "the broker rejected the order" };
  if (order.status === "unknown" || order.status === "submitting" || order.status === "needs_review") {
    return {
      outcome: "unknown",
      orderId: order.id,
      message: order.statusDetail ?? "We are confirming the order's status with the broker.",
    };
  }
  return {
    outcome: "submitted",
    order: {
      id: order.id,
      status: order.status,
      symbol: order.symbol,
      side: order.side,
      quantity: order.quantity,
      notional: order.notional,
      filledQuantity: order.filledQuantity,
      filledAvgPrice: order.filledAvgPrice,
      institution: pending.account.institution,
      accountName: pending.account.name,
      isPaper: pending.account.isPaper,
    },
  };
}

function failure(error: unknown): DecisionOutcome {
  if (error instanceof OrderRefused) return { outcome: "failed", reason: error.reason };
  if (error instanceof NeedsClarification) return { outcome: "failed", reason: error.question };
  if (error instanceof AppError) return { outcome: "failed", reason: error.message };
  throw error;
}

/**
 * Acts on the user's decision through the orders engine. Safe to run again (a replay, a retry):
 * approval is an idempotent claim in the database, so a second run sends nothing.
 */
export function createDecideNode(orders: OrdersEngine) {
  return async (state: AgentStateType, config: RunnableConfig) => {
    const parsed = confirmationDecisionSchema.safeParse(state.decision);
    const pending = state.pending;
    if (!parsed.success || !pending)
      return new Command({ goto: pending ? "approval" : "agent", update: { decision: null } });
    const decision = parsed.data;
    const { userId, threadId } = runContextOf(config);
    if (decision.decision === "message") {
      return new Command({
        goto: "agent",
        update: { decision: null, messages: [new HumanMessage(decision.text)] },
      });
    }
    if (decision.confirmationId !== pending.id) {
      return new Command({ goto: "approval", update: { decision: null } });
    }
    const ctx = { userId, threadId, channel: decision.channel };
    if (decision.decision === "edit") {
      let result: PrepareResult;
      let next: PendingConfirmation | null = pending;
      try {
        const proposal = await orders.edit(ctx, pending.id, decision.changes);
        next = orders.pendingConfirmation(proposal);
        result = { status: "awaiting_confirmation", confirmation: next };
      } catch (error) {
        const outcome = failure(error);
        result = {
          status: "refused",
          reason: outcome.outcome === "failed" ? outcome.reason : "the change failed",
        };
        // An expired or already-decided confirmation cannot come back.
        const current = await orders.getProposal(userId, pending.id);
        if (current?.status !== "awaiting") next = null;
      }
      return new Command({
        goto: "agent",
        update: {
          decision: null,
          pending: next,
          messages: report(result, { confirmationId: pending.id, decision: "edit" }),
        },
      });
    }
    const said = decision.text ? [new HumanMessage(decision.text)] : [];
    let outcome: DecisionOutcome;
    try {
      if (decision.decision === "reject") {
        await orders.reject(ctx, pending.id);
        outcome = { outcome: "rejected_by_user" };
      } else {
        const { order } = await orders.approve(ctx, pending.id, decision.hash ?? pending.hash);
        outcome = order ? outcomeOfOrder(order, pending) : { outcome: "failed", reason: "nothing was sent" };
      }
    } catch (error) {
      outcome = failure(error);
    }
    return new Command({
      goto: "agent",
      update: {
        decision: null,
        pending: null,
        messages: [...said, ...report(outcome, { confirmationId: pending.id, decision: decision.decision })],
      },
    });
  };
}
