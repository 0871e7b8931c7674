import type { ApiClient } from "./http.js";
import type {
  Decision,
  DecisionView,
  Message,
  PendingConfirmation,
  ThreadSummary,
  ThreadView,
} from "./types.js";

/** What a streamed turn reports, in the order the server sends it. */
export interface TurnHandlers {
  token(text: string): void;
  tool(event: { id: string; name: string; status: "started" | "finished" | "failed" }): void;
  confirmation(pending: PendingConfirmation): void;
  message(message: Message): void;
  done(result: { threadId: string; pendingConfirmation: PendingConfirmation | null }): void;
  error(error: { code: string; message: string; status: number }): void;
}

export const chatApi = (api: ApiClient) => ({
  listThreads: async () => (await api.get<{ threads: ThreadSummary[] }>("/api/threads")).threads,
  createThread: async () => (await api.post<{ threadId: string }>("/api/threads")).threadId,
  getThread: (threadId: string) => api.get<ThreadView>(`/api/threads/${encodeURIComponent(threadId)}`),

  /** Sends a message and dispatches the streamed events to the handlers until the stream ends. */
  async sendMessage(threadId: string, content: string, handlers: TurnHandlers, signal?: AbortSignal) {
    const events = api.stream(`/api/threads/${encodeURIComponent(threadId)}/messages`, {
      method: "POST",
      json: { content },
      ...(signal ? { signal } : {}),
    });
    for await (const { event, data } of events) {
      const payload = JSON.parse(data);
      if (event === "token") handlers.token(payload.text);
      else if (event === "tool") handlers.tool(payload);
      else if (event === "confirmation") handlers.confirmation(payload.pendingConfirmation);
      else if (event === "message") handlers.message(payload.message);
      else if (event === "done") handlers.done(payload);
      else if (event === "error") handlers.error(payload);
    }
  },

  decide: (threadId: string, confirmationId: string, decision: Decision) =>
    api.post<DecisionView>(
      `/api/threads/${encodeURIComponent(threadId)}/confirmations/${encodeURIComponent(confirmationId)}`,
      decision,
    ),
});

export type ChatApi = ReturnType<typeof chatApi>;
