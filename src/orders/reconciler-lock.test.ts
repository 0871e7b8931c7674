import { describe, expect, it } from "vitest";
import type { Database } from "../core/db/database.js";
import type { PoolClientLike, PoolLike, QueryResult } from "../core/db/queryable.js";
import { createLogger } from "../core/logger.js";
import { Reconciler } from "./reconciler.js";
import type { OrderRecord } from "./records.js";

/**
 * Session-level advisory locks as Postgres keeps them: a lock belongs to the connection that took
 * it until that connection unlocks it (giving a pooled connection back does not). Each `connect()`
 * is a connection of its own, as on a pool shared by several replicas.
 */
class AdvisoryLockServer {
  private readonly held = new Map<unknown, { session: number; count: number }>();
  private sessions = 0;
  connected = 0;
  released = 0;

  database(): Database {
    const pool = { connect: async () => this.connect() } as unknown as PoolLike;
    return { kind: "postgres", pool } as unknown as Database;
  }

  private connect(): PoolClientLike {
    const session = ++this.sessions;
    this.connected++;
    const rows = <R>(row: R): QueryResult<R> => ({ rows: [row], rowCount: 1 });
    return {
      query: async <R>(text: string, params: unknown[] = []): Promise<QueryResult<R>> => {
        const key = params[0];
        const holder = this.held.get(key);
        if (text === "select pg_try_advisory_lock($1) as locked") {
          if (holder && holder.session !== session) return rows({ locked: false } as R);
          this.held.set(key, { session, count: (holder?.count ?? 0) + 1 });
          return rows({ locked: true } as R);
        }
        if (text === "select pg_advisory_unlock($1)") {
          if (holder?.session !== session) return rows({ pg_advisory_unlock: false } as R);
          if (holder.count > 1) holder.count--;
          else this.held.delete(key);
          return rows({ pg_advisory_unlock: true } as R);
        }
        throw new Error(`unexpected statement: ${text}`);
      },
      release: () => {
        this.released++;
      },
    };
  }
}

/** A replica's reconciler on the shared database; its pass reads due orders from `ordersToReconcile`. */
function replica(db: Database, ordersToReconcile: () => Promise<OrderRecord[]>) {
  const deps = { db, repo: { ordersToReconcile }, logger: createLogger({ level: "silent" }) };
  return new Reconciler(deps as unknown as ConstructorParameters<typeof Reconciler>[0]);
}

describe("the reconciler lock on Postgres (one pass at a time across replicas)", () => {
  it("a replica skips its pass while another holds the lock, and takes its turn once it is given back", async () => {
    const server = new AdvisoryLockServer();
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let entered!: () => void;
    const inside = new Promise<void>((resolve) => {
      entered = resolve;
    });
    const first = replica(server.database(), async () => {
      entered();
      await held;
      return [];
    });
    let secondPasses = 0;
    const second = replica(server.database(), async () => {
      secondPasses++;
      return [];
    });

    const firstPass = first.runOnce();
    await inside;
    expect(await second.runOnce()).toEqual({ ran: false, checked: 0, changed: 0 });
    expect(secondPasses).toBe(0);
    release();
    expect(await firstPass).toEqual({ ran: true, checked: 0, changed: 0 });
    expect(await second.runOnce()).toEqual({ ran: true, checked: 0, changed: 0 });
    expect(secondPasses).toBe(1);
    // Every connection taken went back to the pool.
    expect(server.released).toBe(server.connected);
    expect(server.connected).toBe(3);
  });

  it("a pass that fails still gives the lock and its connection back", async () => {
    const server = new AdvisoryLockServer();
    const failing = replica(server.database(), async () => {
      throw new Error("database went away");
    });
    await expect(failing.runOnce()).rejects.toThrow("database went away");
    const next = replica(server.database(), async () => []);
    expect(await next.runOnce()).toEqual({ ran: true, checked: 0, changed: 0 });
    expect(server.released).toBe(server.connected);
  });
});
