import {
  type AIMessage,
  AIMessageChunk,
  type BaseMessage,
  HumanMessage,
  type ToolMessage,
} from "@langchain/core/messages";
import { Command } from "@langchain/langgraph";
import type { AgentGraph } from "../../graphs/agent-graph.js";
import type { ApprovalResume } from "../../graphs/resume.js";
import { proposalIdOfInterrupt } from "../../graphs/resume.js";
import { pendingProposalIdOf } from "../../graphs/state.js";
import { ConflictError, type ErrorRecord, fromErrorRecord, NotFoundError } from "../core/errors.js";
import type { Logger } from "../core/logger.js";
import { parseConfirmationReply } from "../orders/confirmation-reply.js";
import type { Decision, Order, PendingConfirmation } from "../orders/contract/index.js";
import type { OrdersEngine } from "../orders/engine.js";
import { type ChatMessage, toChatMessages } from "./messages.js";
import { resumeForDecidedCard } from "./stale-card.js";
import type { ThreadRecord, ThreadsRepository } from "./threads-repository.js";

/** Listeners for a streamed turn (SSE). All optional: a plain JSON request passes none. */
export interface TurnListener {
  token?(text: string): void;
  tool?(event: { id: string; name: string; status: "started" | "finished" | "failed" }): void;
  confirmation?(pending: PendingConfirmation): void;
  message?(message: ChatMessage): void;
}

export interface ThreadView {
  threadId: string;
  messages: ChatMessage[];
  pendingConfirmation: PendingConfirmation | null;
}

export interface DecisionView extends ThreadView {
  order: Order | null;
}

/**
 * Conversations: thread ownership, one turn at a time per thread, chat replies to a pending
 * confirmation (a clear yes approves, a clear no rejects, anything else goes to the agent), and
 * streaming of a turn's tokens, tool activity and confirmation.
 */
export class ChatService {
  constructor(
    private readonly deps: {
      graph: AgentGraph;
      threads: ThreadsRepository;
      orders: OrdersEngine;
      logger: Logger;
    },
  ) {}

  private runConfig(userId: string, threadId: string) {
    return { configurable: { thread_id: threadId, userId } };
  }

  createThread(userId: string): Promise<ThreadRecord> {
    return this.deps.threads.create(userId);
  }

  listThreads(userId: string): Promise<ThreadRecord[]> {
    return this.deps.threads.list(userId);
  }

  async getThread(userId: string, threadId: string): Promise<ThreadView> {
    await this.deps.threads.owned(userId, threadId);
    // Finishing a turn a crash left open writes the thread: only while no live turn holds it.
    const state = await this.deps.threads
      .withLease(threadId, () => this.settledState(userId, threadId))
      .catch((error: unknown) => {
        if (error instanceof ConflictError && error.code === "thread_busy")
          return this.settledState(userId, threadId, { readOnly: true });
        throw error;
      });
    return {
      threadId,
      messages: toChatMessages(state.messages),
      pendingConfirmation: await this.deps.orders.pendingConfirmation(userId, threadId),
    };
  }

  async sendMessage(
    userId: string,
    threadId: string,
    content: string,
    listener: TurnListener = {},
  ): Promise<ThreadView> {
    // Ownership and the thread's last activity in one statement, before the lease is taken.
    const thread = await this.deps.threads.ownedAndTouched(userId, threadId, content.slice(0, 80));
    return this.deps.threads.withLease(threadId, async () => {
      const before = await this.settledState(userId, threadId);
      let input: unknown;
      if (before.waitingOn) {
        // The one rule for chat replies to a card: a clear yes approves, a clear no rejects.
        const reply = parseConfirmationReply(content);
        const resume: ApprovalResume =
          reply === null
            ? { decision: "message", text: content }
            : { decision: reply, confirmationId: before.waitingOn, channel: "chat", text: content };
        input = new Command({ resume });
      } else {
        input = { messages: [new HumanMessage(content)] };
      }
      return this.runTurn(userId, threadId, before.messages, input, listener, {
        cardBefore: thread.hasAwaitingCard || before.waitingOn !== null,
      });
    });
  }

  /**
   * A decision made on a card (a button, the API). It goes through the graph when the thread
   * waits on that card, so the agent tells what happened; otherwise (a double click, a retry) the
   * engine answers it directly, idempotently. Either way it is the engine's one decision path,
   * and a refusal (wrong hash, expired, decided) reaches the caller as the engine's error.
   */
  async decide(
    userId: string,
    threadId: string,
    confirmationId: string,
    decision: Decision,
    listener: TurnListener = {},
  ): Promise<DecisionView> {
    // Ownership and the lease in one statement; then the card must be one of this thread's.
    return this.deps.threads.withOwnedLease(userId, threadId, async () => {
      if (!(await this.deps.orders.belongsToThread(userId, confirmationId, threadId))) {
        throw new NotFoundError("Confirmation");
      }
      const before = await this.settledState(userId, threadId);
      let view: ThreadView;
      if (before.waitingOn === confirmationId) {
        const resume = { ...decision, confirmationId, channel: "button" } as ApprovalResume;
        const turn = await this.runTurn(
          userId,
          threadId,
          before.messages,
          new Command({ resume }),
          listener,
          {
            cardBefore: true,
          },
        );
        if (turn.decisionError) throw fromErrorRecord(turn.decisionError);
        view = turn;
      } else {
        await this.deps.orders.decide({ userId, threadId, channel: "button" }, confirmationId, decision);
        view = {
          threadId,
          messages: [],
          pendingConfirmation: await this.deps.orders.pendingConfirmation(userId, threadId),
        };
      }
      const order =
        decision.decision === "approve"
          ? await this.deps.orders.orderForConfirmation(userId, confirmationId)
          : null;
      return { ...view, order };
    });
  }

  private async runTurn(
    userId: string,
    threadId: string,
    previous: BaseMessage[],
    input: unknown,
    listener: TurnListener,
    context: {
      /** Whether a card of the thread awaited a decision when the turn began (from its rows). */
      cardBefore: boolean;
    },
  ): Promise<ThreadView & { decisionError: ErrorRecord | null }> {
    // Checkpoints are written when the turn ends or interrupts, not after every step: a third of a
    // turn's time on PGlite. A crash mid-turn loses only that turn's progress; nothing it sent can
    // be sent twice, because approval is a claim in the database, not a graph step.
    // Model tokens are streamed only to a listener that takes them (SSE): without the "messages"
    // mode no per-token callback is attached, and the model answers in one piece.
    const config = {
      ...this.runConfig(userId, threadId),
      streamMode: listener.token ? ["messages", "updates"] : ["updates"],
      durability: "exit",
    };
    const interrupts: string[] = [];
    const stream = await this.deps.graph.stream(input as never, config as never);
    for await (const [mode, payload] of stream as AsyncIterable<[string, unknown]>) {
      if (mode === "messages") {
        const [chunk, meta] = payload as [BaseMessage, { langgraph_node?: string }];
        if (
          meta.langgraph_node === "agent" &&
          chunk instanceof AIMessageChunk &&
          typeof chunk.content === "string" &&
          chunk.content
        ) {
          listener.token?.(chunk.content);
        }
      } else if (mode === "updates")
        this.emitUpdates(payload as Record<string, unknown>, listener, interrupts);
    }
    const after = await this.settledState(userId, threadId);
    const seen = new Set(previous.map((m) => m.id));
    const fresh = toChatMessages(after.messages.filter((m) => !seen.has(m.id)));
    for (const message of fresh) listener.message?.(message);
    // The card is rendered from its row, never from what the graph carried. A thread's cards are
    // made only by its own turns (under the lease) and each one interrupts the run, so a turn that
    // began with no card awaiting and did not interrupt leaves none: no read is needed to know it.
    const mayHaveCard = context.cardBefore || interrupts.length > 0;
    const pendingConfirmation = mayHaveCard
      ? await this.deps.orders.pendingConfirmation(userId, threadId)
      : null;
    if (pendingConfirmation && interrupts.includes(pendingConfirmation.id))
      listener.confirmation?.(pendingConfirmation);
    return { threadId, messages: fresh, pendingConfirmation, decisionError: after.decisionError };
  }

  private emitUpdates(update: Record<string, unknown>, listener: TurnListener, interrupts: string[]): void {
    for (const [node, value] of Object.entries(update)) {
      if (node === "__interrupt__") {
        const proposalId = proposalIdOfInterrupt((value as Array<{ value: unknown }>)[0]?.value);
        if (proposalId) interrupts.push(proposalId);
        continue;
      }
      const messages = ((value as { messages?: BaseMessage[] } | null)?.messages ?? []) as BaseMessage[];
      for (const message of messages) {
        if (node === "agent") {
          for (const call of (message as AIMessage).tool_calls ?? []) {
            listener.tool?.({ id: call.id ?? "", name: call.name, status: "started" });
          }
        } else if (node === "tools" && message.getType() === "tool") {
          const tool = message as ToolMessage;
          listener.tool?.({
            id: tool.tool_call_id,
            name: tool.name ?? "tool",
            status: tool.status === "error" ? "failed" : "finished",
          });
        }
      }
    }
  }

  /**
   * The thread's messages, the proposal its graph waits on, and the last decision's refusal. A
   * thread left with a failed step (a crash, a bad resume that slipped through) is re-armed: a
   * pending confirmation is asked again.
   */
  private async settledState(
    userId: string,
    threadId: string,
    options: { readOnly?: boolean } = {},
  ): Promise<{ messages: BaseMessage[]; waitingOn: string | null; decisionError: ErrorRecord | null }> {
    const config = this.runConfig(userId, threadId);
    let snapshot = await this.deps.graph.getState(config);
    if (snapshot.tasks.some((task) => task.error)) {
      this.deps.logger.warn({ threadId }, "recovering a thread left with a failed step");
      const waiting = pendingProposalIdOf(
        snapshot.values as { pendingProposalId: string | null; pending: { id: string } | null },
      );
      await this.deps.graph.invoke(
        new Command({ goto: waiting ? "approval" : "agent", update: { decision: null } }) as never,
        config,
      );
      snapshot = await this.deps.graph.getState(config);
    }
    const values = snapshot.values as { messages?: BaseMessage[]; decisionError?: ErrorRecord | null };
    const interrupt = snapshot.tasks.flatMap((task) => task.interrupts ?? [])[0];
    const waitingOn = interrupt ? proposalIdOfInterrupt(interrupt.value) : null;
    const resume = waitingOn ? await resumeForDecidedCard(this.deps.orders, userId, waitingOn) : null;
    if (resume) {
      // A decided card is never shown as pending; when we may write, the turn is finished with the order's real state.
      if (options.readOnly) return { messages: values.messages ?? [], waitingOn: null, decisionError: null };
      await this.deps.graph.invoke(new Command({ resume }) as never, config);
      return this.settledState(userId, threadId, options);
    }
    return { messages: values.messages ?? [], waitingOn, decisionError: values.decisionError ?? null };
  }
}
