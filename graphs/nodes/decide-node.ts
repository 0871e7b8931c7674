import { randomUUID } from "node:crypto";
import { AIMessage, HumanMessage, ToolMessage } from "@langchain/core/messages";
import type { RunnableConfig } from "@langchain/core/runnables";
import { Command, END } from "@langchain/langgraph";
import { AppError, errorRecord } from "../../src/core/errors.js";
import { cardSummary } from "../../src/models/wording/card-summary.js";
import { decisionAnswer } from "../../src/models/wording/decision-wording.js";
import type { Decision, DecisionOutcome, PrepareResult } from "../../src/orders/contract/index.js";
import type { OrdersEngine } from "../../src/orders/engine.js";
import { runContextOf } from "../../tools/run-context.js";
import { approvalResumeSchema } from "../resume.js";
import { type AgentStateType, noPendingProposal, pendingProposalIdOf, withIds } from "../state.js";

/** The name of the synthetic tool call that carries a decision's outcome back to the model. */
export const decisionToolName = "confirmation_result";

/** A tool-call/result pair: the shape every chat model accepts for "here is what happened". */
function report(content: DecisionOutcome | PrepareResult, args: Record<string, unknown>) {
  const id = `decision-${randomUUID()}`;
  return withIds([
    new AIMessage({ content: "", tool_calls: [{ id, name: decisionToolName, args, type: "tool_call" }] }),
    new ToolMessage({ content: JSON.stringify(content), tool_call_id: id, name: decisionToolName }),
  ]);
}

/**
 * Acts on the user's decision through the orders engine's one decision path. Safe to run again
 * (a replay, a retry): approval is an idempotent claim in the database, so a second run sends
 * nothing. A decision the engine refuses (a wrong hash, an expired card) is kept in state for the
 * client that asked; the card stays as it was while it can still be decided.
 *
 * What happened is told to the user from the outcome (the order's row, the broker's real status),
 * not by the model: a model asked to restate it is another round trip and can call an accepted
 * order filled. The outcome pair stays in the transcript for the model's later turns.
 */
export function createDecideNode(orders: OrdersEngine) {
  return async (state: AgentStateType, config: RunnableConfig) => {
    const parsed = approvalResumeSchema.safeParse(state.decision);
    const proposalId = pendingProposalIdOf(state);
    if (!parsed.success || !proposalId)
      return new Command({ goto: proposalId ? "approval" : "agent", update: { decision: null } });
    const resume = parsed.data;
    if (resume.decision === "message") {
      return new Command({
        goto: "agent",
        update: { decision: null, decisionError: null, messages: withIds([new HumanMessage(resume.text)]) },
      });
    }
    if (resume.confirmationId !== proposalId) {
      return new Command({ goto: "approval", update: { decision: null } });
    }
    const { userId, threadId } = runContextOf(config);
    const { confirmationId: _id, channel, text, ...rest } = resume;
    const decision = rest as Decision;
    const said = text ? withIds([new HumanMessage(text)]) : [];
    const args = { confirmationId: proposalId, decision: decision.decision };
    try {
      const answer = await orders.decide({ userId, threadId, channel }, proposalId, decision);
      const edited = answer.decision === "edit";
      const told = edited ? cardSummary(answer.confirmation, true) : decisionAnswer(answer.outcome);
      return new Command({
        // An edit's new card goes before the user; any other decision ends the run.
        goto: edited ? "approval" : END,
        update: {
          decision: null,
          decisionError: null,
          ...noPendingProposal,
          // An edit's new card waits in its place; anything else leaves no card waiting.
          ...(edited ? { pendingProposalId: answer.confirmation.id } : {}),
          messages: [
            ...said,
            ...report(
              edited
                ? { status: "awaiting_confirmation", confirmation: answer.confirmation }
                : answer.outcome,
              args,
            ),
            ...withIds([new AIMessage(told)]),
          ],
        },
      });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      const stillAwaiting = await orders.isAwaiting(userId, proposalId);
      if (stillAwaiting && channel !== "chat") {
        // A button or API decision that was refused (a wrong hash): the card stays exactly as it was.
        return new Command({
          goto: "approval",
          update: { decision: null, decisionError: errorRecord(error) },
        });
      }
      const failed: DecisionOutcome = { outcome: "failed", reason: error.message };
      return new Command({
        goto: stillAwaiting ? "approval" : END,
        update: {
          decision: null,
          decisionError: errorRecord(error),
          ...(stillAwaiting ? {} : noPendingProposal),
          messages: [...said, ...report(failed, args), ...withIds([new AIMessage(decisionAnswer(failed))])],
        },
      });
    }
  };
}
