import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { useAnnounce } from "../announcer.js";
import type { ChatApi } from "../api/chat-api.js";
import { ApiError, UNREACHABLE } from "../api/http.js";
import type { Decision, Order, PendingConfirmation, ThreadSummary } from "../api/types.js";
import { cardSummary } from "./card-summary.js";
import { orderSummary } from "./order-summary.js";
import { entriesOf, type ThreadEntry } from "./thread-entries.js";
import { type EarlierMessages, useEarlierMessages } from "./use-earlier-messages.js";

const CURRENT_THREAD_KEY = "trading-agent.current-thread";

export interface ToolActivity {
  id: string;
  name: string;
  status: "started" | "finished" | "failed";
}

/** The answer being streamed: its text so far and the tools it ran. */
export interface StreamingTurn {
  /** The list key the finished answer will take, so its bubble stays the same element. */
  key: string;
  text: string;
  tools: ToolActivity[];
}

/** What a card decision led to, so the panel can move focus there. */
export type DecisionOutcome =
  | { kind: "card" }
  | { kind: "order"; orderId: string }
  | { kind: "closed" }
  | { kind: "failed" };

export type DecisionKind = Decision["decision"];

export interface Conversation {
  threads: ThreadSummary[];
  threadId: string | null;
  messages: ThreadEntry[];
  /** The thread's messages before the first one shown, loaded on request. */
  earlier: EarlierMessages;
  pending: PendingConfirmation | null;
  streaming: StreamingTurn | null;
  /** The card decision in flight (buttons stay disabled until it answers). */
  deciding: DecisionKind | null;
  error: string | null;
  loading: boolean;
  /** Orders returned by card decisions, so the thread shows them without another request. */
  knownOrders: ReadonlyMap<string, Order>;
  send(content: string): Promise<void>;
  /** Sends a message that failed again, in the same place in the thread. */
  retry(key: string): Promise<void>;
  decide(decision: Decision): Promise<DecisionOutcome>;
  reconnected(): void;
  openThread(threadId: string): Promise<void>;
  startNewThread(): void;
  dismissError(): void;
}

const rememberThread = (threadId: string | null) => {
  if (threadId) localStorage.setItem(CURRENT_THREAD_KEY, threadId);
  else localStorage.removeItem(CURRENT_THREAD_KEY);
};

export const forgetCurrentThread = () => rememberThread(null);

function decisionFailure(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 410)
      return "This confirmation expired, so nothing was sent. Ask again for a fresh quote.";
    if (error.status === 409) return `This confirmation was already decided or changed: ${error.message}`;
    return error.message;
  }
  return "The decision could not be sent. Check your connection; nothing is sent twice if you retry.";
}

const withoutDelivery = ({ delivery: _, ...entry }: ThreadEntry): ThreadEntry => entry;

/** One conversation with the agent: threads, streamed turns, and decisions on the confirmation card. */
export function useConversation(chat: ChatApi, onOrdersChanged: () => void): Conversation {
  const announce = useAnnounce();
  const [threads, setThreads] = useState<ThreadSummary[]>([]);
  const [threadId, setThreadId] = useState<string | null>(null);
  const [messages, setMessages] = useState<ThreadEntry[]>([]);
  const [pending, setPending] = useState<PendingConfirmation | null>(null);
  const [streaming, setStreaming] = useState<StreamingTurn | null>(null);
  const [deciding, setDeciding] = useState<DecisionKind | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [knownOrders, setKnownOrders] = useState<ReadonlyMap<string, Order>>(new Map());
  // The thread a late answer belongs to: a switch of thread must not receive it.
  const shownThread = useRef<string | null>(null);
  const earlier = useEarlierMessages(chat, shownThread, setMessages);
  const resetEarlier = earlier.reset;
  // State updates land after a render; a ref stops a second click in the same frame.
  const decisionInFlight = useRef(false);
  // A thread whose streamed answer was cut off by a lost connection.
  const interrupted = useRef<string | null>(null);
  const localKeys = useRef(0);
  // The card last shown, so a new one is announced once and a re-read of the same one is not.
  const shownCard = useRef<string | null>(null);
  const showCard = useCallback(
    (next: PendingConfirmation | null, say: boolean) => {
      if (next && say && shownCard.current !== next.id) announce(cardSummary(next));
      shownCard.current = next?.id ?? null;
      setPending(next);
    },
    [announce],
  );

  const refreshThreads = useCallback(() => {
    chat
      .listThreads()
      .then(setThreads)
      .catch(() => {});
  }, [chat]);

  const openThread = useCallback(
    async (id: string) => {
      shownThread.current = id;
      setThreadId(id);
      rememberThread(id);
      setError(null);
      setLoading(true);
      resetEarlier(null);
      try {
        const view = await chat.getThread(id);
        if (shownThread.current !== id) return;
        setMessages(entriesOf(view.messages));
        resetEarlier(view.earlierBefore);
        showCard(view.pendingConfirmation, false);
      } catch (cause) {
        if (shownThread.current !== id) return;
        if (cause instanceof ApiError && cause.status === 404) {
          rememberThread(null);
          setThreadId(null);
          shownThread.current = null;
        } else setError(cause instanceof Error ? cause.message : "The conversation could not be loaded.");
        setMessages([]);
        showCard(null, false);
      } finally {
        if (shownThread.current === id || shownThread.current === null) setLoading(false);
      }
    },
    [chat, showCard, resetEarlier],
  );

  useEffect(() => {
    refreshThreads();
    const saved = localStorage.getItem(CURRENT_THREAD_KEY);
    if (saved) void openThread(saved);
    else setLoading(false);
  }, [openThread, refreshThreads]);

  const startNewThread = useCallback(() => {
    shownThread.current = null;
    setThreadId(null);
    rememberThread(null);
    setMessages([]);
    resetEarlier(null);
    showCard(null, false);
    setError(null);
  }, [showCard, resetEarlier]);

  const deliver = useCallback(
    async (content: string, key: string) => {
      setError(null);
      const mark = (delivery: ThreadEntry["delivery"]) =>
        setMessages((list) => list.map((m) => (m.key === key ? { ...m, delivery } : m)));
      let id = threadId;
      try {
        if (!id) {
          id = await chat.createThread();
          shownThread.current = id;
          setThreadId(id);
          rememberThread(id);
        }
      } catch (cause) {
        mark("failed");
        if (!(cause instanceof ApiError && cause.status === UNREACHABLE))
          setError(cause instanceof Error ? cause.message : "Could not start a conversation.");
        return;
      }
      let answers = 0;
      const answerKey = () => `${key}-answer-${answers}`;
      setStreaming({ key: answerKey(), text: "", tools: [] });
      const thread = id;
      const stillShown = () => shownThread.current === thread;
      // Whether the server has begun answering: until then a failure means the message was not taken.
      let heard = false;
      const hear = () => {
        heard = true;
        return stillShown();
      };
      try {
        await chat.sendMessage(thread, content, {
          token: (text) => hear() && setStreaming((s) => (s ? { ...s, text: s.text + text } : s)),
          tool: (event) =>
            hear() &&
            setStreaming((s) =>
              s ? { ...s, tools: [...s.tools.filter((t) => t.id !== event.id), event] } : s,
            ),
          confirmation: (p) => hear() && showCard(p, true),
          message: (message) => {
            if (!hear()) return;
            if (message.role === "user") {
              // The server's copy replaces the one shown while sending, in place.
              setMessages((list) => list.map((m) => (m.key === key ? { ...message, key } : m)));
              return;
            }
            if (message.role === "assistant") {
              // The finished answer takes over the streamed bubble's key: the same element, not a new one.
              const entry = { ...message, key: answerKey() };
              answers += 1;
              setMessages((list) => [...list.filter((m) => m.id !== message.id), entry]);
              setStreaming((s) => (s ? { ...s, key: answerKey(), text: "" } : s));
              announce(message.content);
              return;
            }
            setMessages((list) => [
              ...list.filter((m) => m.id !== message.id),
              { ...message, key: message.id },
            ]);
          },
          done: (result) => hear() && showCard(result.pendingConfirmation, true),
          error: (failure) => hear() && setError(failure.message),
        });
        setMessages((list) => list.map((m) => (m.key === key ? withoutDelivery(m) : m)));
      } catch (cause) {
        if (!stillShown()) return;
        if (!heard) {
          mark("failed");
          if (!(cause instanceof ApiError && cause.status === UNREACHABLE))
            setError(cause instanceof Error ? cause.message : "The message could not be sent.");
        } else {
          setError(
            "The connection dropped during the answer. The conversation reloads when the service is back.",
          );
          interrupted.current = thread;
        }
      } finally {
        if (stillShown()) setStreaming(null);
        refreshThreads();
      }
    },
    [chat, threadId, refreshThreads, showCard, announce],
  );

  const send = useCallback(
    async (content: string) => {
      localKeys.current += 1;
      const key = `local-${localKeys.current}`;
      setMessages((list) => [...list, { id: key, key, role: "user", content, delivery: "sending" }]);
      await deliver(content, key);
    },
    [deliver],
  );

  const retry = useCallback(
    async (key: string) => {
      const entry = messages.find((m) => m.key === key && m.delivery === "failed");
      if (!entry) return;
      setMessages((list) => list.map((m) => (m.key === key ? { ...m, delivery: "sending" } : m)));
      await deliver(entry.content, key);
    },
    [messages, deliver],
  );

  /** After the service comes back: re-read a thread whose answer was cut off, and drop the banner. */
  const reconnected = useCallback(() => {
    setError((current) => (current && interrupted.current === null ? current : null));
    const thread = interrupted.current;
    interrupted.current = null;
    if (thread && shownThread.current === thread) void openThread(thread);
  }, [openThread]);

  const decide = useCallback(
    async (decision: Decision): Promise<DecisionOutcome> => {
      if (!threadId || !pending || decisionInFlight.current) return { kind: "failed" };
      decisionInFlight.current = true;
      setDeciding(decision.decision);
      setError(null);
      try {
        const view = await chat.decide(threadId, pending.id, decision);
        setMessages((list) => [
          ...list,
          ...entriesOf(view.messages.filter((m) => !list.some((known) => known.id === m.id))),
        ]);
        showCard(view.pendingConfirmation, true);
        const order = view.order;
        if (order) setKnownOrders((known) => new Map(known).set(order.id, order));
        onOrdersChanged();
        if (order) {
          announce(orderSummary(order));
          return { kind: "order", orderId: order.id };
        }
        if (view.pendingConfirmation) return { kind: "card" };
        if (decision.decision === "reject") announce("Order rejected. Nothing was sent.");
        return { kind: "closed" };
      } catch (cause) {
        setError(decisionFailure(cause));
        // The server knows best what is still pending (expired, decided elsewhere).
        if (cause instanceof ApiError && (cause.status === 409 || cause.status === 410))
          await openThread(threadId);
        return { kind: "failed" };
      } finally {
        decisionInFlight.current = false;
        setDeciding(null);
      }
    },
    [chat, threadId, pending, onOrdersChanged, openThread, showCard, announce],
  );

  return {
    threads,
    threadId,
    messages,
    earlier,
    pending,
    streaming,
    deciding,
    error,
    loading,
    knownOrders,
    send,
    retry,
    reconnected,
    decide,
    openThread,
    startNewThread,
    dismissError: () => setError(null),
  };
}
