import { readSse, type SseEvent } from "./sse.js";

/** An API error as the server states it (`{error:{code,message}}`), with the HTTP status. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

export interface ApiClientOptions {
  /** The current access token, or null when signed out. */
  token: () => Promise<string | null>;
  /** Called on a 401: the session is gone. */
  onUnauthorized: () => void;
  /** No answer at all (the service or the network is down). */
  onUnreachable?: () => void;
  /** Any answer from the service, error statuses included: it is reachable. */
  onReached?: () => void;
}

/** The status of an ApiError when no answer came back. */
export const UNREACHABLE = 0;

async function errorFrom(response: Response): Promise<ApiError> {
  const body = (await response.json().catch(() => null)) as {
    error?: { code?: string; message?: string };
  } | null;
  const code = body?.error?.code ?? `http_${response.status}`;
  const message = body?.error?.message ?? `The server answered ${response.status}.`;
  return new ApiError(response.status, code, message);
}

/** fetch for `/api`: bearer token, JSON in and out, errors as ApiError. */
export class ApiClient {
  constructor(private readonly options: ApiClientOptions) {}

  private async send(path: string, init: RequestInit & { json?: unknown }): Promise<Response> {
    const token = await this.options.token();
    const headers = new Headers(init.headers);
    if (token) headers.set("authorization", `Bearer ${token}`);
    if (init.json !== undefined) headers.set("content-type", "application/json");
    let response: Response;
    try {
      response = await fetch(path, {
        ...init,
        headers,
        body: init.json === undefined ? init.body : JSON.stringify(init.json),
      });
    } catch (cause) {
      if (init.signal?.aborted) throw cause;
      this.options.onUnreachable?.();
      throw new ApiError(UNREACHABLE, "unreachable", "The service cannot be reached right now.");
    }
    this.options.onReached?.();
    if (response.status === 401) this.options.onUnauthorized();
    if (!response.ok) throw await errorFrom(response);
    return response;
  }

  async get<T>(path: string, signal?: AbortSignal): Promise<T> {
    return (await (await this.send(path, { method: "GET", signal: signal ?? null })).json()) as T;
  }

  async post<T>(path: string, json: unknown = {}, signal?: AbortSignal): Promise<T> {
    return (await (await this.send(path, { method: "POST", json, signal: signal ?? null })).json()) as T;
  }

  /** A streamed answer: the request is sent, then events are yielded as they arrive. */
  async *stream(
    path: string,
    init: { method: "GET" | "POST"; json?: unknown; signal?: AbortSignal },
  ): AsyncGenerator<SseEvent> {
    const response = await this.send(path, {
      method: init.method,
      json: init.json,
      headers: { accept: "text/event-stream" },
      signal: init.signal ?? null,
    });
    if (!response.body) throw new ApiError(response.status, "no_body", "The server sent no stream.");
    yield* readSse(response.body);
  }
}
