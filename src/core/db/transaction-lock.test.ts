import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestDatabase, testBackends } from "../../../test/helpers/databases.js";
import { advisoryLockKey, withTransaction } from "./database.js";

describe.each(testBackends)("a transaction that names a lock, on $kind", ({ open }) => {
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

  it("names a lock by a stable 64-bit key", () => {
    expect(advisoryLockKey("orders:a")).toBe(advisoryLockKey("orders:a"));
    expect(advisoryLockKey("orders:a")).not.toBe(advisoryLockKey("orders:b"));
    expect(BigInt.asIntN(64, advisoryLockKey("orders:a"))).toBe(advisoryLockKey("orders:a"));
  });
});
