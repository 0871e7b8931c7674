import { createHash } from "node:crypto";
import type pg from "pg";
import type { PoolClientLike, PoolLike, QueryResult } from "./queryable.js";

export interface NamedStatementsOptions {
  /**
   * Distinct statement texts that get a name; later ones run unnamed, so no connection holds
   * more prepared statements than this. Default 200 (the service sends fewer than 100 kinds).
   */
  maxStatements?: number;
}

/** Names for statement texts: stable per text, at most `max` of them. */
class StatementNames {
  private readonly names = new Map<string, string>();

  constructor(private readonly max: number) {}

  of(text: string): string | undefined {
    const known = this.names.get(text);
    if (known !== undefined || this.names.size >= this.max) return known;
    const name = `s_${createHash("sha256").update(text).digest("base64url").slice(0, 24)}`;
    this.names.set(text, name);
    return name;
  }
}

/**
 * A statement prepared on a connection whose plan no longer fits the tables: a newer replica's
 * migration added a column under `select *` ("cached plan must not change result type"), or
 * the statement is gone from the connection.
 */
function isStalePrepared(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  const routine = (error as { routine?: unknown } | null)?.routine;
  return code === "26000" || (code === "0A000" && routine === "RevalidateCachedQuery");
}

type Target = Pick<pg.Pool, "query"> | Pick<pg.PoolClient, "query">;

/**
 * The pool with every statement that has parameters sent as a named statement, which
 * node-postgres prepares once per connection and then only binds: Postgres parses and plans
 * the text once per connection instead of on every call (for the chat's larger statements that
 * was most of their time on the server). Statements without parameters (`begin`, migrations of
 * several commands) go as plain text. This needs one server connection per client, as the
 * service already does (README: no transaction-mode pooler).
 *
 * A stale prepared statement is retried once as plain text outside a transaction (the pool
 * has dropped the connection that failed); inside one it fails the transaction, and its
 * connection is closed on release so the next one prepares afresh.
 */
export function withNamedStatements(pool: pg.Pool, options: NamedStatementsOptions = {}): PoolLike {
  const names = new StatementNames(options.maxStatements ?? 200);
  const send = <R>(target: Target, text: string, params: unknown[] | undefined, name: string | undefined) =>
    (name === undefined
      ? target.query(text, params)
      : target.query({ name, text, values: params })) as unknown as Promise<QueryResult<R>>;
  /** Sends the statement named when it has parameters; a stale prepared one goes to `onStale`. */
  const run = async <R>(
    target: Target,
    text: string,
    params: unknown[] | undefined,
    onStale: (error: Error) => Promise<QueryResult<R>>,
  ): Promise<QueryResult<R>> => {
    const name = params === undefined ? undefined : names.of(text);
    try {
      return await send<R>(target, text, params, name);
    } catch (error) {
      if (name === undefined || !isStalePrepared(error)) throw error;
      return onStale(error as Error);
    }
  };

  return {
    query: <R>(text: string, params?: unknown[]) =>
      run<R>(pool, text, params, () => send<R>(pool, text, params, undefined)),
    async connect(): Promise<PoolClientLike> {
      const client = await pool.connect();
      let stale: Error | undefined;
      return {
        query: <R>(text: string, params?: unknown[]) =>
          run<R>(client, text, params, (error) => {
            stale = error;
            throw error;
          }),
        release: (error?: Error | boolean) => client.release(error || stale),
        on: client.on.bind(client),
      };
    },
    end: () => pool.end(),
  };
}
