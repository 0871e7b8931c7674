import { ApiError, ServiceUnreachableError } from "./api-error.js";
import type {
  Account,
  CardDecision,
  ChatMessage,
  DecisionView,
  PendingConfirmation,
  ThreadView,
  ToolActivity,
} from "./api-types.js";
import { readSseEvents } from "./sse-parser.js";

/** Callbacks for one streamed turn, in the order the service sends them. */
export interface TurnHandlers {
  token?(text: string): void;
  tool?(activity: ToolActivity): void;
  confirmation?(pending: PendingConfirmation): void;
  message?(message: ChatMessage): void;
}

export interface ServiceClientOptions {
  /** Abandon a request after this long (ms). Default 120 s: a real model can be slow. */
  timeoutMs?: number;
}

/**
 * The service's chat API over fetch, signed in with a bearer token. Messages are sent with
 * `Accept: text/event-stream` so tokens and tool activity arrive as they happen; the terminal
 * chat and the eval runner both talk to the service only through this class.
 */
export class ServiceClient {
  private readonly baseUrl: string;
  private readonly timeoutMs: number;

  constructor(
    baseUrl: string,
    private readonly token: string,
    options: ServiceClientOptions = {},
  ) {
    this.baseUrl = baseUrl.replace(/\/+$/, "");
    this.timeoutMs = options.timeoutMs ?? 120_000;
  }

  async createThread(): Promise<string> {
    const body = await this.json<{ threadId: string }>("POST", "/api/threads");
    return body.threadId;
  }

  getThread(threadId: string): Promise<ThreadView> {
    return this.json("GET", `/api/threads/${encodeURIComponent(threadId)}`);
  }

  async accounts(): Promise<Account[]> {
    return (await this.json<{ accounts: Account[] }>("GET", "/api/accounts")).accounts;
  }

  decide(threadId: string, confirmationId: string, decision: CardDecision): Promise<DecisionView> {
    const path = `/api/threads/${encodeURIComponent(threadId)}/confirmations/${encodeURIComponent(confirmationId)}`;
    return this.json("POST", path, decision);
  }

  /** Sends one chat message and streams the turn; resolves with the `done` event's view. */
  async sendMessage(threadId: string, content: string, handlers: TurnHandlers = {}): Promise<ThreadView> {
    const path = `/api/threads/${encodeURIComponent(threadId)}/messages`;
    const response = await this.request("POST", path, { content }, "text/event-stream");
    if (!response.ok) throw await ApiError.from(response, "the message was not accepted");
    if (!(response.headers.get("content-type") ?? "").includes("text/event-stream")) {
      // A server that ignores Accept answers JSON; hand its messages over all the same.
      const view = (await response.json()) as ThreadView;
      for (const message of view.messages) handlers.message?.(message);
      if (view.pendingConfirmation) handlers.confirmation?.(view.pendingConfirmation);
      return view;
    }
    if (!response.body) throw new ApiError(502, "empty_stream", "the service sent an empty stream");
    const messages: ChatMessage[] = [];
    try {
      return await this.readTurn(response.body, threadId, handlers, messages);
    } catch (error) {
      throw timeoutAsApiError(error, `the answer took longer than ${this.timeoutMs} ms`);
    }
  }

  private async readTurn(
    body: ReadableStream<Uint8Array>,
    threadId: string,
    handlers: TurnHandlers,
    messages: ChatMessage[],
  ): Promise<ThreadView> {
    for await (const event of readSseEvents(body)) {
      const data = parseData(event.data);
      switch (event.event) {
        case "token":
          handlers.token?.(String(data.text ?? ""));
          break;
        case "tool":
          handlers.tool?.(data as unknown as ToolActivity);
          break;
        case "confirmation":
          handlers.confirmation?.(data.pendingConfirmation as PendingConfirmation);
          break;
        case "message":
          messages.push(data.message as ChatMessage);
          handlers.message?.(data.message as ChatMessage);
          break;
        case "error":
          throw new ApiError(
            typeof data.status === "number" ? data.status : 500,
            String(data.code ?? "stream_error"),
            String(data.message ?? "the turn failed"),
          );
        case "done":
          // Returning ends the iteration, which cancels the rest of the body.
          return {
            threadId: String(data.threadId ?? threadId),
            messages,
            pendingConfirmation: (data.pendingConfirmation as PendingConfirmation | null) ?? null,
          };
      }
    }
    throw new ApiError(502, "stream_ended", "the answer stream ended before the turn finished");
  }

  private async json<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await this.request(method, path, body, "application/json");
    if (!response.ok) throw await ApiError.from(response, `${method} ${path} failed`);
    return (await response.json()) as T;
  }

  private async request(method: string, path: string, body: unknown, accept: string): Promise<Response> {
    const url = `${this.baseUrl}${path}`;
    try {
      return await fetch(url, {
        method,
        headers: {
          authorization: `Bearer ${this.token}`,
          accept,
          ...(body === undefined ? {} : { "content-type": "application/json" }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      if (isTimeout(error))
        throw timeoutAsApiError(error, `${method} ${path} took longer than ${this.timeoutMs} ms`);
      throw new ServiceUnreachableError(this.baseUrl, error);
    }
  }
}

function isTimeout(error: unknown): boolean {
  return error instanceof DOMException && (error.name === "TimeoutError" || error.name === "AbortError");
}

function timeoutAsApiError(error: unknown, message: string): unknown {
  return isTimeout(error) ? new ApiError(504, "timeout", message) : error;
}

function parseData(data: string): Record<string, unknown> {
  try {
    const value = JSON.parse(data) as unknown;
    return value && typeof value === "object" ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
