import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { AppError } from "../errors.js";
import { withTransaction } from "./database.js";
import type { PoolLike } from "./queryable.js";

export const defaultMigrationsDir = path.resolve(fileURLToPath(import.meta.url), "../../../../migrations");

export class MigrationError extends AppError {
  override readonly name = "MigrationError";
  constructor(message: string) {
    super("migration_failed", message);
  }
}

interface MigrationFile {
  version: number;
  name: string;
  sql: string;
  checksum: string;
}

const fileNamePattern = /^(\d{4})_[a-z0-9_]+\.sql$/;

export function readMigrations(dir: string = defaultMigrationsDir): MigrationFile[] {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(".sql"))
    .sort();
  const seen = new Set<number>();
  return files.map((name) => {
    const match = fileNamePattern.exec(name);
    if (!match) throw new MigrationError(`migration file ${name} is not named NNNN_lower_snake.sql`);
    const version = Number(match[1]);
    if (seen.has(version)) throw new MigrationError(`two migration files have version ${match[1]}`);
    seen.add(version);
    const sql = readFileSync(path.join(dir, name), "utf8");
    return { version, name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
  });
}

const ledgerSql = `
create table if not exists schema_migrations (
  version integer primary key,
  name text not null,
  checksum text not null,
  applied_at timestamptz not null default now()
)`;

/** Serializes migration runs of several replicas starting at once (a no-op cost on PGlite). */
const migrationLockKey = 7_204_551;

/**
 * Applies every pending migration once, in order, each in its own transaction, and refuses to
 * run when an applied file was changed or removed (edit by adding a new migration instead).
 */
export async function migrate(pool: PoolLike, dir: string = defaultMigrationsDir): Promise<string[]> {
  const files = readMigrations(dir);
  // Under the lock too: replicas starting together on an empty database race on the catalog.
  await withTransaction(pool, async (tx) => {
    await tx.query("select pg_advisory_xact_lock($1)", [migrationLockKey]);
    await tx.query(ledgerSql);
  });
  const applied: string[] = [];
  for (const file of files) {
    const didApply = await withTransaction(pool, async (tx) => {
      await tx.query("select pg_advisory_xact_lock($1)", [migrationLockKey]);
      const existing = await tx.query<{ checksum: string }>(
        "select checksum from schema_migrations where version = $1",
        [file.version],
      );
      if (existing.rows[0]) {
        if (existing.rows[0].checksum !== file.checksum) {
          throw new MigrationError(
            `migration ${file.name} was changed after it was applied; add a new migration instead`,
          );
        }
        return false;
      }
      await tx.query(file.sql);
      await tx.query("insert into schema_migrations (version, name, checksum) values ($1, $2, $3)", [
        file.version,
        file.name,
        file.checksum,
      ]);
      return true;
    });
    if (didApply) applied.push(file.name);
  }
  const known = new Set(files.map((f) => f.version));
  const ledger = await pool.query<{ version: number; name: string }>(
    "select version, name from schema_migrations order by version",
  );
  const missing = ledger.rows.find((row) => !known.has(Number(row.version)));
  if (missing) throw new MigrationError(`applied migration ${missing.name} is missing from ${dir}`);
  return applied;
}
