import type { OpenApiContract } from "../test/helpers/openapi-contract.js";

export type Category = "order-safety" | "broker-faults" | "kill-9" | "cross-user" | "webhooks" | "api-fuzz";

export const CATEGORIES: Category[] = [
  "order-safety",
  "broker-faults",
  "kill-9",
  "cross-user",
  "webhooks",
  "api-fuzz",
];

/** One request to the service and its answer, as recorded for the invariant checks. */
export interface Exchange {
  category: Category;
  /** "POST /api/threads/{threadId}/messages": the documented operation, or the raw path. */
  operation: string;
  status: number;
  /** Method, path and the start of the body sent. */
  request: string;
  /** Headers and body of the answer, as text (for the secret scan). */
  answer: string;
  /** Why the answer breaks the published document (undocumented status or body), if it does. */
  contractProblem: string | null;
  /** Set when a broker fault was armed: documented 502/503 answers are then the truth. */
  duringFault: boolean;
}

export interface CallOptions {
  token?: string | undefined;
  body?: unknown;
  /** Sent as is (not JSON-encoded). */
  rawBody?: string;
  headers?: Record<string, string>;
  /** Do not follow redirects (default), or the template when the path is not documented. */
  operation?: string;
}

export interface CallResult {
  status: number;
  headers: Headers;
  text: string;
  json: unknown;
}

/** No answer within this is a finding of its own (the request is recorded as status 0). */
const REQUEST_TIMEOUT_MS = 30_000;
/** Requests slower than this are named as the run goes. */
const SLOW_MS = 8_000;

/** A stream (Server-Sent Events) is read this long, then left. */
const STREAM_READ_MS = 1_500;

/** The body as text; a stream only for `ms`. */
async function readBounded(response: Response, ms: number): Promise<string> {
  if (!response.body) return "";
  if (!(response.headers.get("content-type") ?? "").includes("text/event-stream")) {
    return response.text().catch(() => "");
  }
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let text = "";
  const stop = setTimeout(() => void reader.cancel().catch(() => {}), ms);
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
  } catch {
    // cancelled
  } finally {
    clearTimeout(stop);
  }
  return text;
}

/** Every answer of the run, kept for the invariant checks and the secret scan. */
export class ExchangeLog {
  readonly exchanges: Exchange[] = [];
  /** Attempts per category (an attempt may make several requests). */
  readonly attempts = new Map<Category, number>();
  /** Violations found by a category's own checks, by invariant. */
  readonly findings: Array<{ category: Category; invariant: string; detail: string }> = [];
  faultArmed = false;
  /** Requests sent again because the connection they went out on had been closed. */
  retriedAfterClosedSocket = 0;

  constructor(
    private readonly baseUrl: () => string,
    private readonly contract: OpenApiContract,
  ) {}

  attempt(category: Category, count = 1): void {
    this.attempts.set(category, (this.attempts.get(category) ?? 0) + count);
  }

  find(category: Category, invariant: string, detail: string): void {
    this.findings.push({ category, invariant, detail });
  }

  /** The documented path template that `path` instantiates, if any. */
  private template(method: string, path: string): string | undefined {
    const bare = path.split("?")[0]!;
    for (const [template, methods] of Object.entries(this.contract.document.paths)) {
      if (!methods[method.toLowerCase()]) continue;
      const pattern = new RegExp(`^${template.replace(/\{\w+\}/g, "[^/]+")}$`);
      if (pattern.test(bare)) return template;
    }
    return undefined;
  }

  /** One request to the service, recorded; the answer's body is read whole. */
  async call(
    category: Category,
    method: string,
    path: string,
    options: CallOptions = {},
  ): Promise<CallResult> {
    const headers: Record<string, string> = { accept: "application/json", ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: string | undefined = options.rawBody;
    if (options.body !== undefined) body = JSON.stringify(options.body);
    if (body !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === "content-type")) {
      headers["content-type"] = "application/json";
    }
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), REQUEST_TIMEOUT_MS);
    const started = Date.now();
    try {
      const send = () =>
        fetch(`${this.baseUrl()}${path}`, {
          method,
          headers,
          body,
          redirect: "manual",
          signal: controller.signal,
        });
      // A socket the server closed after refusing an oversized body may be reused once: retry then.
      const response = await send().catch((error: unknown) => {
        if (controller.signal.aborted) throw error;
        this.retriedAfterClosedSocket += 1;
        return send();
      });
      return await this.record(category, method, path, response, options.operation, body);
    } catch (error) {
      if (!controller.signal.aborted) throw error;
      const operation = `${method} ${this.template(method, path) ?? path.split("?")[0]}`;
      this.find(category, "wrongAnswer", `${operation}: no answer within ${REQUEST_TIMEOUT_MS / 1000} s`);
      return { status: 0, headers: new Headers(), text: "", json: undefined };
    } finally {
      clearTimeout(timer);
      const took = Date.now() - started;
      if (took > SLOW_MS) process.stdout.write(`    slow: ${method} ${path.slice(0, 80)} took ${took} ms\n`);
    }
  }

  /** Records an answer obtained some other way (a stream read by the caller, an MCP call). */
  async record(
    category: Category,
    method: string,
    path: string,
    response: Response,
    operation?: string,
    sent?: string,
  ): Promise<CallResult> {
    const template = this.template(method, path);
    const text = await readBounded(response, STREAM_READ_MS);
    const copy = new Response(response.status === 204 || response.status === 304 ? null : text, {
      status: response.status,
      headers: response.headers,
    });
    const contractProblem = template ? await this.contract.check(template, method, copy) : null;
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    const headerLines: string[] = [];
    response.headers.forEach((value, name) => {
      headerLines.push(`${name}: ${value}`);
    });
    const headerText = headerLines.join("\n");
    this.exchanges.push({
      category,
      operation: `${method} ${template ?? operation ?? path.split("?")[0]}`,
      status: response.status,
      request: `${method} ${path.slice(0, 200)} ${(sent ?? "").slice(0, 300)}`,
      answer: `${headerText}\n\n${text}`,
      contractProblem,
      duringFault: this.faultArmed,
    });
    return { status: response.status, headers: response.headers, text, json };
  }

  /** Text seen outside HTTP answers (MCP tool results), for the secret scan. */
  note(category: Category, operation: string, text: string): void {
    this.exchanges.push({
      category,
      operation,
      status: 200,
      request: operation,
      answer: text,
      contractProblem: null,
      duringFault: this.faultArmed,
    });
  }
}
