/** A JSON answer with its status; the body is `null` when it was not JSON. */
export interface JsonAnswer<T> {
  status: number;
  body: T;
  ms: number;
}

/** Hosts the benchmarks and the load test may talk to: never anything beyond this machine. */
export function assertLoopback(url: string): void {
  const host = new URL(url).hostname;
  if (!["127.0.0.1", "localhost", "::1", "[::1]"].includes(host)) {
    throw new Error(`refusing ${url}: only loopback addresses are allowed`);
  }
}

/** fetch + JSON, timed; never throws for an HTTP status (callers decide what counts as an error). */
export async function requestJson<T = unknown>(
  url: string,
  init: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<JsonAnswer<T>> {
  const started = performance.now();
  const response = await fetch(url, {
    method: init.method ?? (init.body === undefined ? "GET" : "POST"),
    headers: {
      ...(init.body === undefined ? {} : { "content-type": "application/json" }),
      ...init.headers,
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await response.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  return { status: response.status, body: body as T, ms: performance.now() - started };
}

/** Like requestJson, but a non-2xx answer throws with the body in the message. */
export async function requestOk<T = unknown>(
  url: string,
  init: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<T> {
  const answer = await requestJson<T>(url, init);
  if (answer.status < 200 || answer.status > 299) {
    throw new Error(
      `${init.method ?? "GET"} ${url} answered ${answer.status}: ${JSON.stringify(answer.body)}`,
    );
  }
  return answer.body;
}
