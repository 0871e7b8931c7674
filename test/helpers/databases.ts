import { randomBytes } from "node:crypto";
import pg from "pg";
import { type Database, openDatabase } from "../../src/core/db/database.js";
import { pgliteTemplate } from "./pglite-template.js";

/** Set by .ci/run (a real PostgreSQL 15); tests that need it skip with a notice when absent. */
export const postgresUrl = process.env.TEST_DATABASE_URL;

export interface TestDatabase extends Database {
  /** postgres:// URL of this test's own database (real Postgres only). */
  url: string | undefined;
}

export interface OpenTestDatabaseOptions {
  /**
   * An empty cluster, for tests of migrations themselves. By default PGlite starts from the run's
   * migrated template (test/setup/pglite-template.global.ts); a real Postgres database is always new.
   */
  empty?: boolean;
}

/** A fresh in-memory PGlite. */
export async function openTestPglite(options: OpenTestDatabaseOptions = {}): Promise<TestDatabase> {
  const db = await openDatabase({ template: options.empty ? undefined : pgliteTemplate() });
  return { ...db, url: undefined };
}

/** Creates an empty database in the TEST_DATABASE_URL cluster; `drop()` removes it again. */
export async function createTestPostgresDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  if (!postgresUrl) throw new Error("TEST_DATABASE_URL is not set");
  const name = `test_${randomBytes(6).toString("hex")}`;
  const run = async (sql: string) => {
    const admin = new pg.Client({ connectionString: postgresUrl });
    await admin.connect();
    try {
      await admin.query(sql);
    } finally {
      await admin.end();
    }
  };
  await run(`create database ${name}`);
  const url = new URL(postgresUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => run(`drop database if exists ${name} with (force)`) };
}

/** A fresh database in the TEST_DATABASE_URL cluster, dropped again by close(). */
export async function openTestPostgres(): Promise<TestDatabase> {
  const created = await createTestPostgresDatabase();
  const db = await openDatabase({ url: created.url, poolMax: 10 });
  return {
    ...db,
    url: created.url,
    async close() {
      await db.close();
      await created.drop();
    },
  };
}

/** The backends a database test runs on: PGlite always, real Postgres when configured. */
export const testBackends: Array<{
  kind: "pglite" | "postgres";
  open: (options?: OpenTestDatabaseOptions) => Promise<TestDatabase>;
}> = [
  { kind: "pglite", open: openTestPglite },
  ...(postgresUrl ? [{ kind: "postgres" as const, open: openTestPostgres }] : []),
];

if (!postgresUrl) {
  console.warn("[tests] TEST_DATABASE_URL is not set: real-PostgreSQL variants are skipped (CI runs them).");
}
