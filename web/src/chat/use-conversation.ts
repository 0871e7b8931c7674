import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import type { ChatApi } from "../api/chat-api.js";
import { ApiError } from "../api/http.js";
import type { Decision, Message, Order, PendingConfirmation, ThreadSummary } from "../api/types.js";

const CURRENT_THREAD_KEY = "trading-agent.current-thread";

export interface ToolActivity {
  id: string;
  name: string;
  status: "started" | "finished" | "failed";
}

/** The answer being streamed: its text so far and the tools it ran. */
export interface StreamingTurn {
  text: string;
  tools: ToolActivity[];
}

export type DecisionKind = Decision["decision"];

export interface Conversation {
  threads: ThreadSummary[];
  threadId: string | null;
  messages: Message[];
  pending: PendingConfirmation | null;
  streaming: StreamingTurn | null;
  /** The card decision in flight (buttons stay disabled until it answers). */
  deciding: DecisionKind | null;
  error: string | null;
  loading: boolean;
  /** Orders returned by card decisions, so the thread shows them without another request. */
  knownOrders: ReadonlyMap<string, Order>;
  send(content: string): Promise<void>;
  decide(decision: Decision): Promise<void>;
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

/** One conversation with the agent: threads, streamed turns, and decisions on the confirmation card. */
export function useConversation(chat: ChatApi, onOrdersChanged: () => void): Conversation {
  const [threads, setThreads] = useState<ThreadSummary[]>([]);
  const [threadId, setThreadId] = useState<string | null>(null);
  const [messages, setMessages] = useState<Message[]>([]);
  const [pending, setPending] = useState<PendingConfirmation | null>(null);
  const [streaming, setStreaming] = useState<StreamingTurn | null>(null);
  const [deciding, setDeciding] = useState<DecisionKind | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [knownOrders, setKnownOrders] = useState<ReadonlyMap<string, Order>>(new Map());
  // The thread a late answer belongs to: a switch of thread must not receive it.
  const shownThread = useRef<string | null>(null);
  // State updates land after a render; a ref stops a second click in the same frame.
  const decisionInFlight = useRef(false);

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
      try {
        const view = await chat.getThread(id);
        if (shownThread.current !== id) return;
        setMessages(view.messages);
        setPending(view.pendingConfirmation);
      } catch (cause) {
        if (shownThread.current !== id) return;
        if (cause instanceof ApiError && cause.status === 404) {
          rememberThread(null);
          setThreadId(null);
          shownThread.current = null;
        } else setError(cause instanceof Error ? cause.message : "The conversation could not be loaded.");
        setMessages([]);
        setPending(null);
      } finally {
        if (shownThread.current === id || shownThread.current === null) setLoading(false);
      }
    },
    [chat],
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
    setPending(null);
    setError(null);
  }, []);

  const send = useCallback(
    async (content: string) => {
      setError(null);
      let id = threadId;
      try {
        if (!id) {
          id = await chat.createThread();
          shownThread.current = id;
          setThreadId(id);
          rememberThread(id);
        }
      } catch (cause) {
        setError(cause instanceof Error ? cause.message : "Could not start a conversation.");
        return;
      }
      const localId = `local-${Date.now()}`;
      setMessages((list) => [...list, { id: localId, role: "user", content }]);
      setStreaming({ text: "", tools: [] });
      const thread = id;
      const stillShown = () => shownThread.current === thread;
      try {
        await chat.sendMessage(thread, content, {
          token: (text) => stillShown() && setStreaming((s) => (s ? { ...s, text: s.text + text } : s)),
          tool: (event) =>
            stillShown() &&
            setStreaming((s) =>
              s ? { ...s, tools: [...s.tools.filter((t) => t.id !== event.id), event] } : s,
            ),
          confirmation: (p) => stillShown() && setPending(p),
          message: (message) => {
            if (!stillShown()) return;
            // The server's copy of the user's message replaces the one shown while sending.
            setMessages((list) =>
              message.role === "user"
                ? [...list.filter((m) => m.id !== localId), message]
                : [...list.filter((m) => m.id !== message.id), message],
            );
            if (message.role === "assistant") setStreaming((s) => (s ? { ...s, text: "" } : s));
          },
          done: (result) => stillShown() && setPending(result.pendingConfirmation),
          error: (failure) => stillShown() && setError(failure.message),
        });
      } catch (cause) {
        if (stillShown()) setError(cause instanceof Error ? cause.message : "The message could not be sent.");
      } finally {
        if (stillShown()) setStreaming(null);
        refreshThreads();
      }
    },
    [chat, threadId, refreshThreads],
  );

  const decide = useCallback(
    async (decision: Decision) => {
      if (!threadId || !pending || decisionInFlight.current) return;
      decisionInFlight.current = true;
      setDeciding(decision.decision);
      setError(null);
      try {
        const view = await chat.decide(threadId, pending.id, decision);
        setMessages((list) => [
          ...list,
          ...view.messages.filter((m) => !list.some((known) => known.id === m.id)),
        ]);
        setPending(view.pendingConfirmation);
        const order = view.order;
        if (order) setKnownOrders((known) => new Map(known).set(order.id, order));
        onOrdersChanged();
      } catch (cause) {
        setError(decisionFailure(cause));
        // The server knows best what is still pending (expired, decided elsewhere).
        if (cause instanceof ApiError && (cause.status === 409 || cause.status === 410))
          await openThread(threadId);
      } finally {
        decisionInFlight.current = false;
        setDeciding(null);
      }
    },
    [chat, threadId, pending, onOrdersChanged, openThread],
  );

  return {
    threads,
    threadId,
    messages,
    pending,
    streaming,
    deciding,
    error,
    loading,
    knownOrders,
    send,
    decide,
    openThread,
    startNewThread,
    dismissError: () => setError(null),
  };
}
