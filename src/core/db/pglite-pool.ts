import { PGlite } from "@electric-sql/pglite";
import { PG_INT8, PG_NUMERIC, type PoolClientLike, type PoolLike, type QueryResult } from "./queryable.js";

/**
 * Serializes access to the single PGlite backend. A transaction holds it from connect() to
 * release(), so statements from other callers can't interleave inside it.
 */
class Mutex {
  private tail: Promise<void> = Promise.resolve();

  acquire(): Promise<() => void> {
    let release!: () => void;
    const next = new Promise<void>((resolve) => {
      release = resolve;
    });
    const acquired = this.tail.then(() => release);
    this.tail = this.tail.then(() => next);
    return acquired;
  }
}

async function run<R>(db: PGlite, text: string, params?: unknown[]): Promise<QueryResult<R>> {
  if (params === undefined || params.length === 0) {
    // exec() takes several statements (migrations); the last statement's rows are the answer.
    const results = await db.exec(text);
    const last = results.at(-1);
    const rows = (last?.rows ?? []) as R[];
    return { rows, rowCount: last?.affectedRows || rows.length };
  }
  const result = await db.query<R>(text, params);
  return { rows: result.rows, rowCount: result.affectedRows || result.rows.length };
}

/**
 * PGlite behind the `pg.Pool` shape, in process (no socket server: its multi-connection mode
 * interleaves protocol messages across clients, see reference/langgraph.md 3.2).
 *
 * Callers must not hold a client from connect() and then call pool.query() before releasing it:
 * that waits for the very lock the caller holds.
 */
export class PglitePool implements PoolLike {
  private readonly mutex = new Mutex();
  private ended = false;

  private constructor(readonly db: PGlite) {}

  /**
   * `dataDir` undefined = in memory (tests). `template`, in memory only: a dumped data directory
   * (`dumpDataDir`) to start from instead of an empty cluster, which skips initdb (most of the
   * start-up cost).
   */
  static async open(dataDir?: string, template?: Blob): Promise<PglitePool> {
    const parsers = { [PG_INT8]: Number, [PG_NUMERIC]: Number };
    const db = dataDir
      ? await PGlite.create(dataDir, { parsers })
      : await PGlite.create({ parsers, ...(template ? { loadDataDir: template } : {}) });
    return new PglitePool(db);
  }

  /** The whole cluster as a tarball, to start other in-memory instances from (see `open`). */
  dump(): Promise<Blob> {
    return this.db.dumpDataDir("none");
  }

  async query<R = Record<string, unknown>>(text: string, params?: unknown[]): Promise<QueryResult<R>> {
    const release = await this.mutex.acquire();
    try {
      return await run<R>(this.db, text, params);
    } finally {
      release();
    }
  }

  async connect(): Promise<PoolClientLike> {
    const release = await this.mutex.acquire();
    let released = false;
    return {
      query: <R>(text: string, params?: unknown[]) => run<R>(this.db, text, params),
      release: () => {
        if (released) return;
        released = true;
        release();
      },
    };
  }

  async end(): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    const release = await this.mutex.acquire();
    try {
      await this.db.close();
    } finally {
      release();
    }
  }
}
