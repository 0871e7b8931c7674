import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { migrate } from "../../src/core/db/migrate.js";
import { PglitePool } from "../../src/core/db/pglite-pool.js";
import { createCheckpointer } from "../../src/service.js";

declare module "vitest" {
  export interface ProvidedContext {
    /** A migrated PGlite cluster (checkpointer tables included), dumped once per run. */
    pgliteTemplatePath: string;
  }
}

/**
 * Builds the migrated database once for the whole run: a fresh PGlite spends most of its start-up
 * in initdb, and the suite starts well over a hundred of them. Each test database still runs
 * `migrate()` and the checkpointer's `setup()`, which find nothing left to do.
 */
export default async function setup(project: TestProject): Promise<() => void> {
  const dir = mkdtempSync(path.join(tmpdir(), "pglite-template-"));
  const pool = await PglitePool.open();
  try {
    await migrate(pool);
    await createCheckpointer(pool);
    const file = path.join(dir, "cluster.tar");
    writeFileSync(file, Buffer.from(await (await pool.dump()).arrayBuffer()));
    project.provide("pgliteTemplatePath", file);
  } finally {
    await pool.end();
  }
  return () => rmSync(dir, { recursive: true, force: true });
}
