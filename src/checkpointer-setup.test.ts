import { afterAll, describe, expect, it } from "vitest";
import { createTestPostgresDatabase, postgresUrl } from "../test/helpers/databases.js";
import { type Database, openDatabase } from "./core/db/database.js";
import { createCheckpointer } from "./service.js";

// `npm start` on Postgres starts one worker per core, and several replicas may start together:
// each sets the checkpointer's tables up on a database that may still be empty.
describe.runIf(postgresUrl)("the checkpointer's set-up, by several processes at once", () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it("succeeds in every one of them on an empty database, and applies each migration once", async () => {
    for (let round = 0; round < 6; round++) {
      const created = await createTestPostgresDatabase();
      cleanups.push(created.drop);
      // One database handle (its own pool) per process that starts.
      const processes: Database[] = [];
      for (let i = 0; i < 6; i++) processes.push(await openDatabase({ url: created.url, poolMax: 2 }));
      cleanups.push(async () => {
        await Promise.all(processes.map((db) => db.close()));
      });
      const outcomes = await Promise.allSettled(processes.map((db) => createCheckpointer(db.checkpointPool)));
      expect(outcomes.filter((o) => o.status === "rejected")).toEqual([]);
      const applied = await processes[0]!.pool.query<{ v: number; times: string }>(
        `select v, count(*) as times from "langgraph".checkpoint_migrations group by v order by v`,
      );
      expect(applied.rows.length).toBeGreaterThan(0);
      expect(applied.rows.every((row) => Number(row.times) === 1)).toBe(true);
    }
  }, 60_000);
});
