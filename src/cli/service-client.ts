import { type ClientResponse, hc } from "hono/client";
import type {
  Account,
  AppType,
  Decision,
  DecisionView,
  Message,
  PendingConfirmation,
  StreamError,
  ThreadTranscript,
  ThreadView,
  ToolActivity,
} from "../server/api-types.js";
import { ApiError, ServiceUnreachableError } from "./api-error.js";
import { readSseEvents } from "./sse-parser.js";

/** Callbacks for one streamed turn, in the order the service sends them. */
export interface TurnHandlers {
  token?(text: string): void;
  tool?(activity: ToolActivity): void;
  confirmation?(pending: PendingConfirmation): void;
  message?(message: Message): void;
}

export interface ServiceClientOptions {
  /** Abandon a request after this long (ms). Default 120 s: a real model can be slow. */
  timeoutMs?: number;
}

type AnyResponse = ClientResponse<unknown, number, "json" | "text">;
type SuccessBody<R> =
  R extends ClientResponse<infer T, infer S, "json"> ? (S extends 200 | 201 ? T : never) : never;

/**
 * The service's chat API, typed by the server's route tree (`hc<AppType>`), signed in with a
 * bearer token. Messages are sent with `Accept: text/event-stream` so tokens and tool activity
 * arrive as they happen; the terminal chat and the eval runner both talk to the service only
 * through this class.
 */
export class ServiceClient {
  private readonly baseUrl: string;
  private readonly timeoutMs: number;
  private readonly rpc;

  constructor(
    baseUrl: string,
    private readonly token: string,
    options: ServiceClientOptions = {},
  ) {
    this.baseUrl = baseUrl.replace(/\/+$/, "");
    this.timeoutMs = options.timeoutMs ?? 120_000;
    this.rpc = hc<AppType>(this.baseUrl, {
      fetch: (input: RequestInfo | URL, init?: RequestInit) => this.send(input, init),
    });
  }

  async createThread(): Promise<string> {
    return (await this.body(this.rpc.api.threads.$post(), "POST /api/threads")).threadId;
  }

  getThread(threadId: string): Promise<ThreadTranscript> {
    return this.body(
      this.rpc.api.threads[":threadId"].$get({ param: { threadId }, query: {} }),
      "reading the thread",
    );
  }

  async accounts(): Promise<Account[]> {
    return (await this.body(this.rpc.api.accounts.$get(), "reading the accounts")).accounts;
  }

  decide(threadId: string, confirmationId: string, decision: Decision): Promise<DecisionView> {
    const call = this.rpc.api.threads[":threadId"].confirmations[":confirmationId"].$post({
      param: { threadId, confirmationId },
      json: decision,
    });
    return this.body(call, "the decision was not accepted");
  }

  /** Sends one chat message and streams the turn; resolves with the `done` event's view. */
  async sendMessage(threadId: string, content: string, handlers: TurnHandlers = {}): Promise<ThreadView> {
    const response = await this.rpc.api.threads[":threadId"].messages.$post(
      { param: { threadId }, json: { content } },
      { headers: { accept: "text/event-stream" } },
    );
    if (!response.ok) throw await ApiError.from(response, "the message was not accepted");
    if (!(response.headers.get("content-type") ?? "").includes("text/event-stream")) {
      // A server that ignores Accept answers JSON; hand its messages over all the same.
      const view = (await response.json()) as ThreadView;
      for (const message of view.messages) handlers.message?.(message);
      if (view.pendingConfirmation) handlers.confirmation?.(view.pendingConfirmation);
      return view;
    }
    if (!response.body) throw new ApiError(502, "empty_stream", "the service sent an empty stream");
    try {
      return await this.readTurn(response.body, threadId, handlers);
    } catch (error) {
      throw timeoutAsApiError(error, `the answer took longer than ${this.timeoutMs} ms`);
    }
  }

  private async readTurn(
    body: ReadableStream<Uint8Array>,
    threadId: string,
    handlers: TurnHandlers,
  ): Promise<ThreadView> {
    const messages: Message[] = [];
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
          messages.push(data.message as Message);
          handlers.message?.(data.message as Message);
          break;
        case "error": {
          const error = data as Partial<StreamError>;
          throw new ApiError(
            typeof error.status === "number" ? error.status : 500,
            String(error.code ?? "stream_error"),
            String(error.message ?? "the turn failed"),
          );
        }
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

  /** The success body of a typed call; any other answer becomes an ApiError. */
  private async body<R extends AnyResponse>(call: Promise<R>, failure: string): Promise<SuccessBody<R>> {
    const response = await call;
    if (!response.ok) throw await ApiError.from(response as unknown as Response, failure);
    return (await response.json()) as SuccessBody<R>;
  }

  private async send(input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    headers.set("authorization", `Bearer ${this.token}`);
    if (!headers.has("accept")) headers.set("accept", "application/json");
    const what = `${init.method ?? "GET"} ${new URL(String(input)).pathname}`;
    try {
      return await fetch(input, { ...init, headers, signal: AbortSignal.timeout(this.timeoutMs) });
    } catch (error) {
      if (isTimeout(error)) throw timeoutAsApiError(error, `${what} took longer than ${this.timeoutMs} ms`);
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
