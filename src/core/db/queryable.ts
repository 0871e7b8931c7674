/**
 * The slice of `pg.Pool` the application (and the LangGraph checkpointer) uses. Both the real
 * `pg.Pool` and the in-process PGlite adapter satisfy it.
 */
export interface QueryResult<R = Record<string, unknown>> {
  rows: R[];
  rowCount: number | null;
}

export interface Queryable {
  query<R = Record<string, unknown>>(text: string, params?: unknown[]): Promise<QueryResult<R>>;
}

export interface PoolClientLike extends Queryable {
  release(error?: Error | boolean): void;
  /**
   * pg's clients report a lost connection here; one held for long (a session lock) must listen,
   * or the error is unhandled and ends the process. PGlite's clients have no connection to lose.
   */
  on?(event: "error", listener: (error: Error) => void): unknown;
}

export interface PoolLike extends Queryable {
  connect(): Promise<PoolClientLike>;
  end(): Promise<void>;
}

/** Type ids whose text form we parse to JS numbers on every backend, so rows look the same. */
export const PG_INT8 = 20;
export const PG_NUMERIC = 1700;
