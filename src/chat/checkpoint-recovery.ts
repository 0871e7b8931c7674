import type { BaseMessage } from "@langchain/core/messages";
import type { RunnableConfig } from "@langchain/core/runnables";
import { Command } from "@langchain/langgraph";
import type { AgentGraph } from "../../graphs/agent-graph.js";
import { proposalIdOfInterrupt } from "../../graphs/resume.js";
import { pendingProposalIdOf } from "../../graphs/state.js";
import type { Logger } from "../core/logger.js";
import type { OrdersEngine } from "../orders/engine.js";
import { resumeForDecidedCard } from "./stale-card.js";

/**
 * A thread's checkpoint made whole, read back: a thread left with a failed step (a crash, a bad
 * resume that slipped through) is re-armed, a pending confirmation asked again; a card decided
 * elsewhere finishes its turn with what really happened. The checkpoint's messages (the turn in
 * progress, or the whole history of a thread from before the message store) and the proposal the
 * graph then waits on. Called under the thread's lease, and only when its row may lag.
 */
export async function recoverCheckpoint(
  graph: AgentGraph,
  orders: OrdersEngine,
  logger: Logger,
  userId: string,
  config: RunnableConfig,
): Promise<{ messages: BaseMessage[]; waitingOn: string | null }> {
  let snapshot = await graph.getState(config);
  if (snapshot.tasks.some((task) => task.error)) {
    logger.warn({ threadId: config.configurable?.thread_id }, "recovering a thread left with a failed step");
    const waiting = pendingProposalIdOf(
      snapshot.values as { pendingProposalId: string | null; pending: { id: string } | null },
    );
    await graph.invoke(
      new Command({ goto: waiting ? "approval" : "agent", update: { decision: null } }) as never,
      config,
    );
    snapshot = await graph.getState(config);
  }
  const values = snapshot.values as { messages?: BaseMessage[] };
  const interrupt = snapshot.tasks.flatMap((task) => task.interrupts ?? [])[0];
  const waitingOn = interrupt ? proposalIdOfInterrupt(interrupt.value) : null;
  const resume = waitingOn ? await resumeForDecidedCard(orders, userId, waitingOn) : null;
  if (resume) {
    // A decided card is never shown as pending: the turn is finished with the order's real state.
    await graph.invoke(new Command({ resume }) as never, config);
    return recoverCheckpoint(graph, orders, logger, userId, config);
  }
  return { messages: values.messages ?? [], waitingOn };
}
