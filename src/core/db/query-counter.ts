import { AsyncLocalStorage } from "node:async_hooks";
import { afterRequest, outsideRequest } from "../request-scope.js";
import type { PoolClientLike, PoolLike, QueryResult } from "./queryable.js";

/** Who issued a statement: the application's repositories, or the LangGraph checkpointer. */
export type QuerySource = "app" | "checkpointer";

/** Statements one unit of work issued, by source, with their text (first line, trimmed). */
export interface QueryTally {
  app: number;
  checkpointer: number;
  /** Bytes of the statements' parameters sent to the database (what a write carries), by source. */
  bytes: { app: number; checkpointer: number };
  statements: Array<{ source: QuerySource; text: string }>;
}

/** One finished unit of work as a listener sees it (a request: its method and path). */
export interface TallyReport {
  label: string;
  tally: QueryTally;
}

/** One scope store for every counter in the process, so background work can leave it in one place. */
const scope = new AsyncLocalStorage<QueryTally>();

/**
 * Runs work the caller does not wait for (a refresh after a trade) outside the current tally and
 * request: it is not part of the request that started it, and would otherwise land in its count at
 * random (or read rows the request remembered).
 */
export function inBackground<T>(work: () => T): T {
  return scope.exit(() => outsideRequest(work));
}

/**
 * Starts work once the current request has answered (at once outside a request), in the
 * background: outside the request's memo and its statement count. `work` handles its own errors.
 */
export function afterAnswer(work: () => void): void {
  afterRequest(() => inBackground(work));
}

export const emptyTally = (): QueryTally => ({
  app: 0,
  checkpointer: 0,
  bytes: { app: 0, checkpointer: 0 },
  statements: [],
});

function parameterBytes(params: unknown[] | undefined): number {
  let bytes = 0;
  for (const value of params ?? []) {
    if (typeof value === "string") bytes += Buffer.byteLength(value);
    else if (value instanceof Uint8Array) bytes += value.byteLength;
    else if (value !== null && value !== undefined) bytes += Buffer.byteLength(String(value));
  }
  return bytes;
}

/**
 * Counts the statements sent to the database, per unit of work (a request, a benchmark step):
 * `measure()` runs work in an async scope, and every statement issued inside it, on any pooled
 * connection, is added to that scope's tally. Outside a scope nothing is recorded, so the
 * wrapping costs one AsyncLocalStorage lookup per statement. Counts are for tests and the bench.
 */
export class QueryCounter {
  private readonly listeners = new Set<(report: TallyReport) => void>();

  /** Whether anyone listens for reports: callers skip the scope entirely when not. */
  get observed(): boolean {
    return this.listeners.size > 0;
  }

  /** Calls `listener` with each reported unit of work until the returned function is called. */
  observe(listener: (report: TallyReport) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  report(report: TallyReport): void {
    for (const listener of this.listeners) listener(report);
  }

  /** Runs `work` and returns what it returned with the statements it issued. */
  async measure<T>(work: () => Promise<T>): Promise<{ result: T; tally: QueryTally }> {
    const tally = emptyTally();
    const result = await scope.run(tally, work);
    return { result, tally };
  }

  /** Runs `work` adding its statements to `tally` (a scope the caller reads when it chooses). */
  within<T>(tally: QueryTally, work: () => T): T {
    return scope.run(tally, work);
  }

  /** The pool, with each statement counted against `source`. */
  counted(pool: PoolLike, source: QuerySource): PoolLike {
    const record = (text: string, params: unknown[] | undefined) => {
      const tally = scope.getStore();
      if (!tally) return;
      tally[source] += 1;
      tally.bytes[source] += parameterBytes(params);
      tally.statements.push({ source, text: text.trim().replace(/\s+/g, " ").slice(0, 120) });
    };
    const countedClient = (client: PoolClientLike): PoolClientLike => ({
      query<R>(text: string, params?: unknown[]): Promise<QueryResult<R>> {
        record(text, params);
        return client.query<R>(text, params);
      },
      release: (error?: Error | boolean) => client.release(error),
      ...(client.on ? { on: client.on.bind(client) } : {}),
    });
    return {
      query<R>(text: string, params?: unknown[]): Promise<QueryResult<R>> {
        record(text, params);
        return pool.query<R>(text, params);
      },
      connect: async () => countedClient(await pool.connect()),
      end: () => pool.end(),
    };
  }
}
