import { type ApiClient, streamed } from "./http.js";
import type {
  Decision,
  Message,
  PendingConfirmation,
  StreamError,
  ThreadView,
  ToolActivity,
} from "./types.js";

/** What a streamed turn reports, in the order the server sends it. */
export interface TurnHandlers {
  token(text: string): void;
  tool(event: ToolActivity): void;
  confirmation(pending: PendingConfirmation): void;
  message(message: Message): void;
  done(result: Omit<ThreadView, "messages">): void;
  error(error: StreamError): void;
}

export const chatApi = (api: ApiClient) => {
  const threads = api.rpc.api.threads;
  return {
    listThreads: async () => (await api.body(threads.$get())).threads,
    createThread: async () => (await api.body(threads.$post())).threadId,
    /** The thread's latest page of messages, or with `before` (an `earlierBefore`) the page before it. */
    getThread: (threadId: string, before?: string) =>
      api.body(threads[":threadId"].$get({ param: { threadId }, query: before ? { before } : {} })),

    /** Sends a message and dispatches the streamed events to the handlers until the stream ends. */
    async sendMessage(threadId: string, content: string, handlers: TurnHandlers, signal?: AbortSignal) {
      const call = threads[":threadId"].messages.$post(
        { param: { threadId }, json: { content } },
        { ...streamed, init: signal ? { signal } : {} },
      );
      for await (const { event, data } of api.events(call)) {
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
      api.body(
        threads[":threadId"].confirmations[":confirmationId"].$post({
          param: { threadId, confirmationId },
          json: decision,
        }),
      ),
  };
};

export type ChatApi = ReturnType<typeof chatApi>;
