import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestDatabase, testBackends } from "../../../test/helpers/databases.js";
import { withTransaction } from "./database.js";

describe.each(testBackends)("a transaction that names a lock, on $kind", ({ kind, open }) => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await open();
    await db.pool.query("create table lock_counter (n int not null)");
    await db.pool.query("insert into lock_counter values (0)");
  });
  afterAll(async () => {
    await db?.close();
  });

  it("runs after another holding the same lock, and sees what that one committed", async () => {
    const readThenWrite = (pauseMs: number) =>
      withTransaction(
        db.pool,
        async (tx) => {
          const { rows } = await tx.query<{ n: number }>("select n from lock_counter");
          await sleep(pauseMs);
          await tx.query("update lock_counter set n = $1", [rows[0]!.n + 1]);
          return rows[0]!.n;
        },
        { lock: "counter" },
      );
    // Without the lock both would read 0 and the counter would end at 1.
    const seen = await Promise.all([readThenWrite(50), readThenWrite(0), readThenWrite(0)]);
    expect([...seen].sort()).toEqual([0, 1, 2]);
    const { rows } = await db.pool.query<{ n: number }>("select n from lock_counter");
    expect(rows[0]!.n).toBe(3);
  });

  it("holds the lock until the transaction ends, also when it rolls back", async () => {
    await expect(
      withTransaction(
        db.pool,
        async (tx) => {
          const held = await tx.query<{ held: boolean }>(
            "select exists (select 1 from pg_locks where locktype = 'advisory' and granted) as held",
          );
          expect(held.rows[0]!.held).toBe(true);
          throw new Error("undo");
        },
        { lock: "counter" },
      ),
    ).rejects.toThrow("undo");
    const after = await db.pool.query<{ held: boolean }>(
      "select exists (select 1 from pg_locks where locktype = 'advisory') as held",
    );
    expect(after.rows[0]!.held).toBe(false);
  });

  it("refuses a lock name that would need quoting, before anything is sent", async () => {
    let ran = false;
    await expect(
      withTransaction(
        db.pool,
        async () => {
          ran = true;
        },
        { lock: "x'); drop table lock_counter; --" },
      ),
    ).rejects.toThrow(/not a transaction lock name/);
    expect(ran).toBe(false);
    expect((await db.pool.query("select n from lock_counter")).rows).toHaveLength(1);
  });

  // Another connection can only ask while the lock is held on real Postgres (PGlite runs one at a time).
  it.skipIf(kind !== "postgres")(
    "is hashtext of its name, the key approvals took before, so replicas of both versions exclude each other",
    async () => {
      const outside = await db.pool.connect();
      try {
        const asked = await withTransaction(
          db.pool,
          async () => {
            const other = await outside.query<{ got: boolean }>(
              "select pg_try_advisory_lock(hashtext('orders:' || $1::text)) as got",
              ["8b7e6c1a-0000-4000-8000-000000000001"],
            );
            return other.rows[0]!.got;
          },
          { lock: "orders:8b7e6c1a-0000-4000-8000-000000000001" },
        );
        expect(asked).toBe(false);
        const after = await outside.query<{ got: boolean }>(
          "select pg_try_advisory_lock(hashtext('orders:8b7e6c1a-0000-4000-8000-000000000001')) as got",
        );
        expect(after.rows[0]!.got).toBe(true);
        await outside.query("select pg_advisory_unlock_all()");
      } finally {
        outside.release();
      }
    },
  );
});
