import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestPostgresDatabase, postgresUrl } from "../../../test/helpers/databases.js";
import { withTransaction } from "./database.js";
import { withNamedStatements } from "./named-statements.js";
import type { PoolLike, Queryable } from "./queryable.js";

const preparedOn = async (client: Queryable) =>
  (await client.query<{ statement: string }>("select statement from pg_prepared_statements", [])).rows.map(
    (r) => r.statement,
  );

describe.runIf(postgresUrl)("statements with parameters, named so each connection prepares them once", () => {
  let database: { url: string; drop(): Promise<void> };
  let raw: pg.Pool;
  let pool: PoolLike;
  beforeAll(async () => {
    database = await createTestPostgresDatabase();
    // One connection, so every statement meets what the earlier ones prepared.
    raw = new pg.Pool({ connectionString: database.url, max: 1 });
    pool = withNamedStatements(raw, { maxStatements: 3 });
    await pool.query("create table notes (id int primary key, body text)");
    await pool.query("insert into notes values (1, 'first'), (2, 'second')");
  });
  /**
   * A pool of one connection that, like the service's, takes its idle clients' errors: a client
   * closed for a stale statement may still be ending when the database is dropped.
   */
  const quietPool = () => {
    const raw = new pg.Pool({ connectionString: database.url, max: 1 });
    raw.on("error", () => {});
    return raw;
  };

  afterAll(async () => {
    await pool?.end();
    await database?.drop();
  });

  it("prepares a statement with parameters once and answers every call; one without goes as text", async () => {
    const text = "select body from notes where id = $1";
    expect((await pool.query(text, [1])).rows).toEqual([{ body: "first" }]);
    expect((await pool.query(text, [2])).rows).toEqual([{ body: "second" }]);
    // Several commands in one text, as migrations send them, cannot be prepared.
    await pool.query("select 1; select 2");
    const client = await pool.connect();
    try {
      const prepared = await preparedOn(client);
      expect(prepared.filter((s) => s === text)).toHaveLength(1);
      expect(prepared.some((s) => s.includes("select 1; select 2"))).toBe(false);
    } finally {
      client.release();
    }
  });

  it("prepares no more than the cap of distinct texts; the rest still answer", async () => {
    for (let id = 0; id < 6; id++) {
      const rows = await pool.query(`select body from notes where id = $1 and ${id} = ${id}`, [1]);
      expect(rows.rows).toEqual([{ body: "first" }]);
    }
    const client = await pool.connect();
    try {
      expect((await preparedOn(client)).length).toBeLessThanOrEqual(3);
    } finally {
      client.release();
    }
  });

  it("answers a prepared `select *` after a column was added under it, and prepares afresh", async () => {
    const text = "select * from notes where id = $1";
    // The shared pool's cap is reached by now: a pool of its own, with room.
    const roomy = withNamedStatements(quietPool());
    try {
      expect((await roomy.query(text, [1])).rows).toEqual([{ id: 1, body: "first" }]);
      // Another replica's migration.
      await pool.query("alter table notes add column tag text default 'new'");
      expect((await roomy.query(text, [1])).rows).toEqual([{ id: 1, body: "first", tag: "new" }]);
      expect((await roomy.query(text, [2])).rows).toEqual([{ id: 2, body: "second", tag: "new" }]);
    } finally {
      await roomy.end();
    }
  });

  it("in a transaction the stale statement fails it once; its connection is not reused", async () => {
    const roomy = withNamedStatements(quietPool());
    const text = "select * from notes where id = $1";
    try {
      await withTransaction(roomy, (tx) => tx.query(text, [1]));
      await pool.query("alter table notes add column mood text default 'calm'");
      await expect(withTransaction(roomy, (tx) => tx.query(text, [1]))).rejects.toThrow(
        /cached plan must not change result type/,
      );
      const rows = await withTransaction(roomy, (tx) => tx.query(text, [1]));
      expect(rows.rows).toEqual([{ id: 1, body: "first", tag: "new", mood: "calm" }]);
    } finally {
      await roomy.end();
    }
  });
});
