import { mkdirSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { withNamedStatements } from "./named-statements.js";
import { PglitePool } from "./pglite-pool.js";
import { QueryCounter } from "./query-counter.js";
import { PG_INT8, PG_NUMERIC, type PoolLike } from "./queryable.js";

export interface Database {
  /** One pool for everything; the application's statements are counted as "app". */
  pool: PoolLike;
  /** The same connections for the LangGraph checkpointer, its statements counted as "checkpointer". */
  checkpointPool: PoolLike;
  /** Statements per unit of work (a request, a benchmark step), for tests and the bench. */
  queries: QueryCounter;
  kind: "pglite" | "postgres";
  /** Cheap liveness probe for /health. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** postgres:// URL; unset = PGlite. */
  url?: string | undefined;
  /** PGlite data directory; unset (with no url) = in memory. */
  dataDir?: string | undefined;
  poolMax?: number;
  /** In-memory PGlite only: start from this dumped cluster (see PglitePool.open). */
  template?: Blob | undefined;
}

const numberParser = (value: string) => Number(value);

/** Parse int8 and numeric to numbers on pg as PGlite does, so repositories see one row shape. */
const pgTypes = {
  getTypeParser(oid: number, format?: "text" | "binary") {
    if (oid === PG_INT8 || oid === PG_NUMERIC) return numberParser;
    return pg.types.getTypeParser(oid, format);
  },
};

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  let pool: PoolLike;
  let kind: Database["kind"];
  if (options.url) {
    const pgPool = new pg.Pool({
      connectionString: options.url,
      max: options.poolMax ?? 10,
      idleTimeoutMillis: 30_000,
      connectionTimeoutMillis: 10_000,
      types: pgTypes,
    });
    // An idle client losing its connection must not crash the process; the pool replaces it.
    pgPool.on("error", () => {});
    pool = withNamedStatements(pgPool);
    kind = "postgres";
  } else {
    const dir = options.dataDir ? path.resolve(options.dataDir, "pglite") : undefined;
    if (dir) mkdirSync(dir, { recursive: true });
    pool = await PglitePool.open(dir, dir ? undefined : options.template);
    kind = "pglite";
  }
  const queries = new QueryCounter();
  const checkpointPool = queries.counted(pool, "checkpointer");
  pool = queries.counted(pool, "app");
  return {
    pool,
    checkpointPool,
    queries,
    kind,
    async ping() {
      try {
        await pool.query("select 1 as ok", []);
        return true;
      } catch {
        return false;
      }
    },
    close: () => pool.end(),
  };
}

export interface TransactionOptions {
  /**
   * Names a transaction-level advisory lock taken as the transaction begins, in the same round
   * trip, and held until it ends: transactions naming the same lock run one after the other, and
   * each one's statements see what the previous one committed. The key is `hashtext(name)`, as
   * the lock was taken before this option existed, so replicas of both versions exclude each
   * other. Names are letters, digits, `_`, `:`, `.` and `-` only.
   */
  lock?: string;
}

const lockNamePattern = /^[\w:.-]{1,200}$/;

/** Runs `work` in one transaction on one client, rolling back on any error. */
export async function withTransaction<T>(
  pool: PoolLike,
  work: (client: import("./queryable.js").Queryable) => Promise<T>,
  options: TransactionOptions = {},
): Promise<T> {
  if (options.lock !== undefined && !lockNamePattern.test(options.lock)) {
    throw new Error(`not a transaction lock name: ${JSON.stringify(options.lock.slice(0, 40))}`);
  }
  const client = await pool.connect();
  try {
    // Two commands in one text without parameters (the simple protocol takes several): one round
    // trip. The name's characters need no quoting in a literal, so it is written into the text.
    await client.query(
      options.lock === undefined
        ? "begin"
        : `begin; select pg_advisory_xact_lock(hashtext('${options.lock}'))`,
    );
    const result = await work(client);
    await client.query("commit");
    return result;
  } catch (error) {
    await client.query("rollback").catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
