import { type ClientResponse, hc } from "hono/client";
// Types only: the server's route tree never reaches the bundle (esbuild drops type imports).
import type { AppType } from "../../../src/server/api-types.js";
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
  /** Where the API is; default this page's origin. */
  baseUrl?: string;
}

/** The status of an ApiError when no answer came back. */
export const UNREACHABLE = 0;

async function errorFrom(response: { status: number; json(): Promise<unknown> }): Promise<ApiError> {
  const body = (await response.json().catch(() => null)) as {
    error?: { code?: string; message?: string };
  } | null;
  const code = body?.error?.code ?? `http_${response.status}`;
  const message = body?.error?.message ?? `The server answered ${response.status}.`;
  return new ApiError(response.status, code, message);
}

type AnyResponse = ClientResponse<unknown, number, "json" | "text">;
/** The body of a typed call's successful answer. */
export type SuccessBody<R> =
  R extends ClientResponse<infer T, infer S, "json"> ? (S extends 200 | 201 ? T : never) : never;

/**
 * The API as typed by the server's route tree (`hc<AppType>`): bearer token on every call, a
 * 401 signs the user out. `body()` unwraps an answer or throws an ApiError; `events()` reads a stream.
 */
export class ApiClient {
  readonly rpc;

  constructor(private readonly options: ApiClientOptions) {
    this.rpc = hc<AppType>(options.baseUrl ?? window.location.origin, {
      fetch: (input: RequestInfo | URL, init?: RequestInit) => this.send(input, init),
    });
  }

  private async send(input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> {
    const token = await this.options.token();
    const headers = new Headers(init.headers);
    if (token) headers.set("authorization", `Bearer ${token}`);
    let response: Response;
    try {
      response = await fetch(input, { ...init, headers });
    } catch (cause) {
      if (init.signal?.aborted) throw cause;
      this.options.onUnreachable?.();
      throw new ApiError(UNREACHABLE, "unreachable", "The service cannot be reached right now.");
    }
    this.options.onReached?.();
    if (response.status === 401) this.options.onUnauthorized();
    return response;
  }

  /** The success body of a call, typed from the route's schema; any other answer throws. */
  async body<R extends AnyResponse>(call: Promise<R>): Promise<SuccessBody<R>> {
    const response = await call;
    if (!response.ok) throw await errorFrom(response);
    return (await response.json()) as SuccessBody<R>;
  }

  /** A streamed answer: events are yielded as they arrive; an error answer throws. */
  async *events(call: Promise<AnyResponse>): AsyncGenerator<SseEvent> {
    const response = await call;
    if (!response.ok) throw await errorFrom(response);
    if (!response.body) throw new ApiError(response.status, "no_body", "The server sent no stream.");
    yield* readSse(response.body);
  }

  /** A POST outside the typed API (the sandbox's helpers). */
  async postUntyped(path: string): Promise<unknown> {
    const response = await this.send(path, { method: "POST" });
    if (!response.ok) throw await errorFrom(response);
    return response.json();
  }
}

/** Ask for a stream rather than JSON. */
export const streamed = { headers: { accept: "text/event-stream" } };
