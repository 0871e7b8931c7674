import { randomUUID } from "node:crypto";
import { AIMessageChunk, type BaseMessage, HumanMessage, RemoveMessage } from "@langchain/core/messages";
import { Command, REMOVE_ALL_MESSAGES } from "@langchain/langgraph";
import type { AgentGraph } from "../../graphs/agent-graph.js";
import type { ApprovalResume } from "../../graphs/resume.js";
import { type RunHistory, withRunHistory } from "../../graphs/run-history.js";
import { withIds } from "../../graphs/state.js";
import { afterAnswer } from "../core/db/query-counter.js";
import { ConflictError, type ErrorRecord, fromErrorRecord, NotFoundError } from "../core/errors.js";
import type { Logger } from "../core/logger.js";
import { parseConfirmationReply } from "../orders/confirmation-reply.js";
import type { Decision, Order, PendingConfirmation } from "../orders/contract/index.js";
import type { OrdersEngine } from "../orders/engine.js";
import { recoverCheckpoint } from "./checkpoint-recovery.js";
import { HELD_WRITES_KEY, HeldTurnWrites } from "./held-turn-writes.js";
import { type ChatMessage, toChatMessages } from "./messages.js";
import { resumeForDecidedCard } from "./stale-card.js";
import { fromStoredMessages, toStoredRows } from "./stored-messages.js";
import type { TurnLease } from "./thread-lease.js";
import type { StoredHistory, ThreadRecord, ThreadsRepository, TurnStart } from "./threads-repository.js";
import type { TurnAdmission } from "./turn-admission.js";
import { collectUpdate, type RunOutput, type TurnListener } from "./turn-updates.js";

export interface ThreadView {
  threadId: string;
  messages: ChatMessage[];
  pendingConfirmation: PendingConfirmation | null;
}

/** GET of a thread: one page of its transcript. */
export interface ThreadTranscript extends ThreadView {
  /** The id to pass as `before` for the page before this one; null at the thread's start. */
  earlierBefore: string | null;
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
      /** Messages in a transcript page when the caller names no limit (default 200). */
      transcriptPageSize?: number;
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

  /** NotFoundError unless the user owns the thread. */
  async assertOwned(userId: string, threadId: string): Promise<void> {
    await this.deps.threads.owned(userId, threadId);
  }

  /**
   * The thread's transcript (its latest `limit` messages, or those before message `before`) and
   * its pending confirmation. A thread whose row does not reflect its checkpoint (stored before
   * the message store, or left by a failed turn) or whose card was decided elsewhere is settled
   * first, when no live turn holds it.
   */
  async getThread(
    userId: string,
    threadId: string,
    page: { limit?: number; before?: string | undefined } = {},
  ): Promise<ThreadTranscript> {
    const wanted = {
      limit: page.limit ?? this.deps.transcriptPageSize ?? defaultPageSize,
      before: page.before,
    };
    let view = await this.deps.threads.ownedWithTranscript(userId, threadId, wanted);
    if (!view.settled || (view.waitingOn && (await this.cardDecidedElsewhere(userId, view.waitingOn)))) {
      const settled = await this.deps.threads
        .withLease(threadId, () => this.settle(userId, threadId))
        .then(() => true)
        .catch((error: unknown) => {
          if (error instanceof ConflictError && error.code === "thread_busy") return false;
          throw error;
        });
      if (settled) view = await this.deps.threads.ownedWithTranscript(userId, threadId, wanted);
      else if (!view.settled && view.messages.length === 0 && !wanted.before) {
        // A live turn holds a thread not yet in the store: its checkpoint, read only.
        const snapshot = await this.deps.graph.getState(this.runConfig(userId, threadId));
        const messages = toChatMessages((snapshot.values as { messages?: BaseMessage[] }).messages ?? []);
        view = { ...view, messages: messages.slice(-wanted.limit), earlierBefore: null };
      }
    }
    return {
      threadId,
      messages: view.messages,
      earlierBefore: view.earlierBefore,
      pendingConfirmation: await this.deps.orders.pendingConfirmation(userId, threadId),
    };
  }

  /**
   * A chat message, answered. `admission` (the server's message budget) is checked in the
   * statement that opens the turn.
   */
  async sendMessage(
    userId: string,
    threadId: string,
    content: string,
    listener: TurnListener = {},
    admission?: TurnAdmission,
  ): Promise<ThreadView> {
    const reply = parseConfirmationReply(content);
    // The admission, ownership, the thread's last activity, what its graph waits on, the model's
    // history and the lease in one statement.
    return this.deps.threads.openTurn(
      userId,
      threadId,
      content.slice(0, 80),
      async (thread, lease) => {
        const { waitingOn, history, writes } = await this.graphStateAtStart(userId, threadId, thread, lease);
        let input: unknown;
        const said: BaseMessage[] = [];
        if (waitingOn) {
          // The one rule for chat replies to a card: a clear yes approves, a clear no rejects.
          const resume: ApprovalResume =
            reply === null
              ? { decision: "message", text: content }
              : { decision: reply, confirmationId: waitingOn, channel: "chat", text: content };
          input = new Command({ resume });
        } else {
          // A new exchange: its input replaces every message (earlier turns are in the message
          // store), so it reads no checkpoint and keeps one only if it ends at a card or fails.
          said.push(new HumanMessage({ content, id: randomUUID() }));
          input = { messages: [new RemoveMessage({ id: REMOVE_ALL_MESSAGES }), ...said] };
        }
        return this.runTurn(userId, threadId, input, listener, lease, {
          history,
          said,
          writes,
          cardBefore: thread.awaitingCards > 0 || waitingOn !== null,
        });
      },
      // A clear yes or no is most likely a reply to a card: its checkpoint is read as the turn opens.
      { admission, resumeLikely: reply !== null },
    );
  }

  /**
   * A decision made on a card (a button, the API). It goes through the graph when the thread
   * waits on that card, so the agent tells what happened; otherwise (a double click, a retry) the
   * engine answers it directly, idempotently. Either way it is the engine's one decision path,
   * and a refusal (wrong hash, expired, decided) reaches the caller as the engine's error.
   *
   * `gates` (the request's own checks: the auth server's word on the session, the budget) are
   * awaited before anything is written or decided; the card is read meanwhile, and a gate's
   * refusal is what the caller gets.
   */
  async decide(
    userId: string,
    threadId: string,
    confirmationId: string,
    decision: Decision,
    options: { listener?: TurnListener; gates?: Promise<void> } = {},
  ): Promise<DecisionView> {
    const { listener = {}, gates } = options;
    const belongs = this.deps.orders.belongsToThread(userId, confirmationId, threadId);
    if (gates) {
      // Awaited below; when a gate refuses first, the read's outcome is no longer wanted.
      belongs.catch(() => {});
      await gates;
    }
    if (!(await belongs)) {
      // A thread the user does not own answers as such, whatever the card.
      await this.deps.threads.owned(userId, threadId);
      throw new NotFoundError("Confirmation");
    }
    return this.deps.threads.openTurn(
      userId,
      threadId,
      "",
      async (thread, lease) => {
        const { waitingOn, history, writes } = await this.graphStateAtStart(userId, threadId, thread, lease);
        let view: ThreadView;
        if (waitingOn === confirmationId) {
          const resume = { ...decision, confirmationId, channel: "button" } as ApprovalResume;
          const turn = await this.runTurn(userId, threadId, new Command({ resume }), listener, lease, {
            history,
            said: [],
            writes,
            // This card is decided by the turn (a refusal is thrown below), so a card awaiting after
            // it is another one that awaited before, or one this turn made (an interrupt).
            cardBefore: thread.awaitingCards > 1,
          });
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
      },
      { resumeLikely: true },
    );
  }

  private async runTurn(
    userId: string,
    threadId: string,
    input: unknown,
    listener: TurnListener,
    lease: TurnLease,
    context: {
      /** The conversation before this turn, from the message store. */
      history: StoredHistory;
      /** The user's message this turn starts with (not a node's output), if any. */
      said: BaseMessage[];
      /** The turn's checkpoint writes, held until it ends (a new exchange also reads none). */
      writes: HeldTurnWrites;
      /** Whether a card of the thread awaited a decision when the turn began (from its rows). */
      cardBefore: boolean;
    },
  ): Promise<ThreadView & { decisionError: ErrorRecord | null }> {
    // Checkpoints are written when the turn ends or interrupts, not after every step: a third of a
    // turn's time on PGlite. A crash mid-turn loses only that turn's progress; nothing it sent can
    // be sent twice, because approval is a claim in the database, not a graph step.
    // Model tokens are streamed only to a listener that takes them (SSE): without the "messages"
    // mode no per-token callback is attached, and the model answers in one piece.
    const history: RunHistory = {
      recent: fromStoredMessages(context.history.recent),
      earlier: context.history.earlier,
      earlierOmitted: context.history.earlierOmitted,
    };
    const config = {
      configurable: {
        ...this.runConfig(userId, threadId).configurable,
        ...withRunHistory(history),
        [HELD_WRITES_KEY]: context.writes,
      },
      streamMode: listener.token ? ["messages", "updates"] : ["updates"],
      durability: "exit",
    };
    // What the server needs after the turn comes from the run's own output, not a checkpoint read.
    const run: RunOutput = { messages: [...context.said], interrupts: [], decisionError: null };
    try {
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
        } else if (mode === "updates") collectUpdate(payload as Record<string, unknown>, listener, run);
      }
    } catch (error) {
      // A failed turn leaves its thread unsettled, to be recovered from what its checkpoint holds.
      await context.writes.persist().catch(() => {});
      throw error;
    }
    // A turn that ended at a card keeps its checkpoint, stored by the statement that records its
    // messages (the decision resumes from it). One that ended normally is whole in the message
    // store. A resumed turn's last checkpoint is stored after the answer all the same, so that
    // LangGraph's own views of the thread (Studio, the API) do not show the card it decided as
    // still waiting.
    const endedAtCard = run.interrupts.length > 0;
    if (!endedAtCard) {
      if (context.writes.readsCheckpoint) this.persistAfterAnswer(context.writes, threadId);
      else context.writes.discard();
    }
    // The graph waits on the card of the interrupt it ended at, if any.
    const waitingOn = run.interrupts.at(-1) ?? null;
    lease.record({
      messages: toStoredRows(run.messages),
      waitingOn,
      ...(endedAtCard ? { checkpoint: context.writes } : {}),
    });
    const fresh = toChatMessages(run.messages);
    for (const message of fresh) listener.message?.(message);
    // The card is rendered from its row, never from what the graph carried. A thread's cards are
    // made only by its own turns (under the lease) and each one interrupts the run, so a turn that
    // began with no card awaiting and did not interrupt leaves none: no read is needed to know it.
    // A turn that ended at a card waits on the newest card of its thread, whose row this request
    // wrote or read already.
    const awaitingAtEnd = waitingOn ? await this.deps.orders.awaitingConfirmation(userId, waitingOn) : null;
    const pendingConfirmation =
      awaitingAtEnd ??
      (context.cardBefore ? await this.deps.orders.pendingConfirmation(userId, threadId) : null);
    if (pendingConfirmation && run.interrupts.includes(pendingConfirmation.id))
      listener.confirmation?.(pendingConfirmation);
    return { threadId, messages: fresh, pendingConfirmation, decisionError: run.decisionError };
  }

  /** Stores held checkpoint writes once the request has answered, outside its statement count. */
  private persistAfterAnswer(writes: HeldTurnWrites, threadId: string): void {
    afterAnswer(() => {
      writes.persist().catch((error: unknown) => {
        this.deps.logger.warn({ err: error, threadId }, "a finished turn's checkpoint was not stored");
      });
    });
  }

  /**
   * What the thread's graph waits on and the model's history as a turn begins, and the turn's
   * held writes: a reply to a card resumes from its checkpoint (the one the opening statement
   * read, when it did), a new exchange reads none. From the statement that opened the turn,
   * unless the row may lag the checkpoint (a thread from before the store, a failed or dead turn)
   * or the card it waits on was decided elsewhere; then the thread is settled first, and the turn
   * reads its checkpoint itself.
   */
  private async graphStateAtStart(
    userId: string,
    threadId: string,
    thread: TurnStart,
    lease: TurnLease,
  ): Promise<{ waitingOn: string | null; history: StoredHistory; writes: HeldTurnWrites }> {
    const { waitingOn, history, checkpoint } = thread;
    if (
      thread.settled &&
      !lease.tookOver &&
      !(waitingOn && (await this.cardDecidedElsewhere(userId, waitingOn)))
    )
      return { waitingOn, history, writes: new HeldTurnWrites(waitingOn !== null, checkpoint) };
    const settled = await this.settle(userId, threadId);
    return {
      waitingOn: settled.waitingOn,
      history: await this.deps.threads.history(threadId),
      writes: new HeldTurnWrites(settled.waitingOn !== null),
    };
  }

  /** Whether the card the thread's graph waits on was decided elsewhere (another channel, a crash mid-turn). */
  private async cardDecidedElsewhere(userId: string, proposalId: string): Promise<boolean> {
    return (await resumeForDecidedCard(this.deps.orders, userId, proposalId)) !== null;
  }

  /**
   * Brings a thread's row and message store in line with its checkpoint (the one place a request
   * reads the checkpoint): a thread from before the message store, a turn that failed or died, a
   * card decided elsewhere. Holds the lease.
   */
  private async settle(userId: string, threadId: string): Promise<{ waitingOn: string | null }> {
    const history = await this.deps.threads.history(threadId);
    const config = {
      configurable: {
        ...this.runConfig(userId, threadId).configurable,
        ...withRunHistory({ ...history, recent: fromStoredMessages(history.recent) }),
      },
    };
    const state = await recoverCheckpoint(
      this.deps.graph,
      this.deps.orders,
      this.deps.logger,
      userId,
      config,
    );
    await this.deps.threads.settleFromCheckpoint(
      threadId,
      toStoredRows(withIds(state.messages)),
      state.waitingOn,
    );
    return { waitingOn: state.waitingOn };
  }
}

/** Pages of a thread's transcript: the latest messages by default. */
const defaultPageSize = 200;
