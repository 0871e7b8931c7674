import { randomBytes } from "node:crypto";
import pg from "pg";
import { type Database, openDatabase } from "../../src/core/db/database.js";

/** Set by .ci/run (a real PostgreSQL 15); tests that need it skip with a notice when absent. */
export const postgresUrl = process.env.TEST_DATABASE_URL;

export interface TestDatabase extends Database {
  /** postgres:// URL of this test's own database (real Postgres only). */
  url: string | undefined;
}

/** A fresh in-memory PGlite. */
export async function openTestPglite(): Promise<TestDatabase> {
  const db = await openDatabase({});
  return { ...db, url: undefined };
}

/** A fresh database in the TEST_DATABASE_URL cluster, dropped again by close(). */
export async function openTestPostgres(): Promise<TestDatabase> {
  if (!postgresUrl) throw new Error("TEST_DATABASE_URL is not set");
  const name = `test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: postgresUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(postgresUrl);
  url.pathname = `/${name}`;
  const db = await openDatabase({ url: url.toString(), poolMax: 10 });
  return {
    ...db,
    url: url.toString(),
    async close() {
      await db.close();
      const dropper = new pg.Client({ connectionString: postgresUrl });
      await dropper.connect();
      await dropper.query(`drop database if exists ${name} with (force)`);
      await dropper.end();
    },
  };
}

/** The backends a database test runs on: PGlite always, real Postgres when configured. */
export const testBackends: Array<{ kind: "pglite" | "postgres"; open: () => Promise<TestDatabase> }> = [
  { kind: "pglite", open: openTestPglite },
  ...(postgresUrl ? [{ kind: "postgres" as const, open: openTestPostgres }] : []),
];

if (!postgresUrl) {
  console.warn("[tests] TEST_DATABASE_URL is not set: real-PostgreSQL variants are skipped (CI runs them).");
}
