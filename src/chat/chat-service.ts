import {
  type AIMessage,
  AIMessageChunk,
  type BaseMessage,
  HumanMessage,
  type ToolMessage,
} from "@langchain/core/messages";
import { Command } from "@langchain/langgraph";
import type { AgentGraph } from "../../graphs/agent-graph.js";
import type { ConfirmationDecision, OrderChangesInput } from "../../graphs/confirmation-decision.js";
import { ConflictError, NotFoundError } from "../core/errors.js";
import type { Logger } from "../core/logger.js";
import { parseConfirmationReply } from "../models/offline/confirmation-reply.js";
import type { PendingConfirmation } from "../models/tool-contracts.js";
import type { OrdersEngine } from "../orders/engine.js";
import type { Order } from "../orders/records.js";
import { publicOrder } from "../orders/repository.js";
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

export type CardDecision =
  | { decision: "approve"; hash?: string | undefined }
  | { decision: "reject" }
  | { decision: "edit"; changes: OrderChangesInput };

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
    return { threadId, messages: toChatMessages(state.messages), pendingConfirmation: state.pending };
  }

  async sendMessage(
    userId: string,
    threadId: string,
    content: string,
    listener: TurnListener = {},
  ): Promise<ThreadView> {
    await this.deps.threads.owned(userId, threadId);
    return this.deps.threads.withLease(threadId, async () => {
      const before = await this.settledState(userId, threadId);
      await this.deps.threads.touch(threadId, content.slice(0, 80));
      let input: unknown;
      if (before.pending) {
        const reply = parseConfirmationReply(content);
        const decision: ConfirmationDecision =
          reply === "approve"
            ? { decision: "approve", confirmationId: before.pending.id, channel: "chat", text: content }
            : reply === "reject"
              ? { decision: "reject", confirmationId: before.pending.id, channel: "chat", text: content }
              : { decision: "message", text: content };
        input = new Command({ resume: decision });
      } else {
        input = { messages: [new HumanMessage(content)] };
      }
      return this.runTurn(userId, threadId, before.messages, input, listener);
    });
  }

  /** A decision made on the card. When nothing is pending any more, an approval is answered idempotently. */
  async decide(
    userId: string,
    threadId: string,
    confirmationId: string,
    decision: CardDecision,
    listener: TurnListener = {},
  ): Promise<DecisionView> {
    await this.deps.threads.owned(userId, threadId);
    const proposal = await this.deps.orders.getProposal(userId, confirmationId);
    if (!proposal || proposal.threadId !== threadId) throw new NotFoundError("Confirmation");
    return this.deps.threads.withLease(threadId, async () => {
      const before = await this.settledState(userId, threadId);
      let view: ThreadView;
      if (before.pending?.id === confirmationId) {
        const resume: ConfirmationDecision =
          decision.decision === "edit"
            ? { decision: "edit", confirmationId, changes: decision.changes, channel: "button" }
            : decision.decision === "approve"
              ? {
                  decision: "approve",
                  confirmationId,
                  channel: "button",
                  ...(decision.hash ? { hash: decision.hash } : {}),
                }
              : { decision: "reject", confirmationId, channel: "button" };
        view = await this.runTurn(userId, threadId, before.messages, new Command({ resume }), listener);
      } else if (decision.decision === "approve") {
        // Already decided (a double click, a retry): the engine returns the first outcome and sends nothing.
        await this.deps.orders.approve(
          { userId, threadId, channel: "button" },
          confirmationId,
          decision.hash,
        );
        view = { threadId, messages: [], pendingConfirmation: before.pending };
      } else {
        throw new ConflictError("This confirmation is no longer waiting for a decision.", "not_pending");
      }
      const order = await this.deps.orders.repo.getOrderByProposal(userId, confirmationId);
      return { ...view, order: order ? publicOrder(order) : null };
    });
  }

  private async runTurn(
    userId: string,
    threadId: string,
    previous: BaseMessage[],
    input: unknown,
    listener: TurnListener,
  ): Promise<ThreadView> {
    // Checkpoints are written when the turn ends or interrupts, not after every step: a third of a
    // turn's time on PGlite. A crash mid-turn loses only that turn's progress; nothing it sent can
    // be sent twice, because approval is a claim in the database, not a graph step.
    const config = {
      ...this.runConfig(userId, threadId),
      streamMode: ["messages", "updates"],
      durability: "exit",
    };
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
      } else if (mode === "updates") this.emitUpdates(payload as Record<string, unknown>, listener);
    }
    const after = await this.settledState(userId, threadId);
    const seen = new Set(previous.map((m) => m.id));
    const fresh = toChatMessages(after.messages.filter((m) => !seen.has(m.id)));
    for (const message of fresh) listener.message?.(message);
    return { threadId, messages: fresh, pendingConfirmation: after.pending };
  }

  private emitUpdates(update: Record<string, unknown>, listener: TurnListener): void {
    for (const [node, value] of Object.entries(update)) {
      if (node === "__interrupt__") {
        const first = (value as Array<{ value: PendingConfirmation }>)[0];
        if (first?.value) listener.confirmation?.(first.value);
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
   * The thread's messages and pending confirmation. A thread left with a failed step (a crash, a
   * bad resume that slipped through) is re-armed: a pending confirmation is asked again.
   */
  private async settledState(
    userId: string,
    threadId: string,
    options: { readOnly?: boolean } = {},
  ): Promise<{ messages: BaseMessage[]; pending: PendingConfirmation | null }> {
    const config = this.runConfig(userId, threadId);
    let snapshot = await this.deps.graph.getState(config);
    if (snapshot.tasks.some((task) => task.error)) {
      this.deps.logger.warn({ threadId }, "recovering a thread left with a failed step");
      const values = snapshot.values as { pending?: PendingConfirmation | null };
      await this.deps.graph.invoke(
        new Command({ goto: values.pending ? "approval" : "agent", update: { decision: null } }) as never,
        config,
      );
      snapshot = await this.deps.graph.getState(config);
    }
    const values = snapshot.values as { messages?: BaseMessage[] };
    const interrupt = snapshot.tasks.flatMap((task) => task.interrupts ?? [])[0];
    const pending = (interrupt?.value as PendingConfirmation | undefined) ?? null;
    const resume = pending ? await resumeForDecidedCard(this.deps.orders, userId, pending) : null;
    if (resume) {
      // A decided card is never shown as pending; when we may write, the turn is finished with the order's real state.
      if (options.readOnly) return { messages: values.messages ?? [], pending: null };
      await this.deps.graph.invoke(new Command({ resume }) as never, config);
      return this.settledState(userId, threadId, options);
    }
    return { messages: values.messages ?? [], pending };
  }
}
