import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestDatabase, testBackends } from "../../../test/helpers/databases.js";
import { defaultMigrationsDir, migrate, readMigrations } from "./migrate.js";

function copyMigrations(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "migrations-"));
  for (const file of readMigrations()) writeFileSync(path.join(dir, file.name), file.sql);
  return dir;
}

describe.each(testBackends)("migrations on $kind", ({ open }) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await open({ empty: true });
  });
  afterAll(async () => {
    await db?.close();
  });

  it("applies every file once, in order, and records it", async () => {
    const dir = copyMigrations();
    const first = await migrate(db.pool, dir);
    expect(first).toEqual(readMigrations(dir).map((f) => f.name));
    const again = await migrate(db.pool, dir);
    expect(again).toEqual([]);
    const ledger = await db.pool.query<{ version: number }>(
      "select version from schema_migrations order by version",
    );
    expect(ledger.rows.map((r) => r.version)).toEqual(readMigrations(dir).map((f) => f.version));
  });

  it("refuses to run when an applied file has changed", async () => {
    const dir = copyMigrations();
    const first = readMigrations(dir)[0]!;
    const file = path.join(dir, first.name);
    writeFileSync(file, `${readFileSync(file, "utf8")}\n-- edited after the fact\n`);
    await expect(migrate(db.pool, dir)).rejects.toThrow(/was changed after it was applied/);
  });

  it("refuses to run when an applied file is missing", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "migrations-empty-"));
    await expect(migrate(db.pool, dir)).rejects.toThrow(/is missing/);
  });

  it("rolls back a failing migration completely", async () => {
    const dir = copyMigrations();
    writeFileSync(
      path.join(dir, "9999_broken.sql"),
      "create table half_done (id int);\nselect no_such_function();\n",
    );
    await expect(migrate(db.pool, dir)).rejects.toThrow();
    const table = await db.pool.query("select to_regclass('half_done') as t");
    expect(table.rows[0]).toEqual({ t: null });
    const ledger = await db.pool.query("select 1 from schema_migrations where version = 9999");
    expect(ledger.rows).toHaveLength(0);
  });

  it("creates the portfolio-mode function", async () => {
    const userId = "00000000-0000-4000-8000-0000000000aa";
    const none = await db.pool.query("select * from get_user_portfolio_mode($1)", [userId]);
    expect(none.rows[0]).toEqual({ mode: "none", has_alpaca: false, has_snaptrade: false, has_plaid: false });
    await db.pool.query(
      `insert into user_investment_accounts (id, user_id, provider, provider_account_id, institution, name)
       values ('alpaca_1', $1, 'alpaca', '1', 'Alpaca', 'Paper'), ('plaid_2', $1, 'plaid', '2', 'Vanguard', 'IRA')`,
      [userId],
    );
    const hybrid = await db.pool.query("select * from get_user_portfolio_mode($1)", [userId]);
    expect(hybrid.rows[0]).toEqual({
      mode: "hybrid",
      has_alpaca: true,
      has_snaptrade: false,
      has_plaid: true,
    });
  });

  it("ships migrations named NNNN_snake.sql", () => {
    expect(readMigrations(defaultMigrationsDir).length).toBeGreaterThan(0);
  });
});
