import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestPglite, type TestDatabase } from "../../test/helpers/databases.js";
import { migrate } from "../core/db/migrate.js";
import { ConflictError } from "../core/errors.js";
import { ThreadLeases } from "./thread-lease.js";
import { ThreadsRepository } from "./threads-repository.js";

describe("thread run leases", () => {
  let db: TestDatabase;
  let threads: ThreadsRepository;
  beforeAll(async () => {
    db = await openTestPglite();
    await migrate(db.pool);
    threads = new ThreadsRepository(db.pool);
  });
  afterAll(async () => {
    await db?.close();
  });

  /** What a process killed mid-turn leaves behind: its lease, with the old 120 s life. */
  const leaseOfDeadProcess = async (threadId: string, expiresInSeconds = 120) => {
    await db.pool.query(
      "insert into thread_run_leases (thread_id, holder, expires_at) values ($1, $2, now() + make_interval(secs => $3))",
      [threadId, randomUUID(), expiresInSeconds],
    );
  };
  const newThread = async () => (await threads.create(randomUUID())).id;
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it("on a single-process store, a restarted process takes over a dead process's lease at once", async () => {
    const threadId = await newThread();
    await leaseOfDeadProcess(threadId);
    const leases = new ThreadLeases(db.pool, { singleProcess: true });
    expect(await leases.run(threadId, async () => "answered")).toBe("answered");
  });

  it("with replicas, a lease no heartbeat renews lapses after its short life, not 120 s", async () => {
    const threadId = await newThread();
    await leaseOfDeadProcess(threadId, 1);
    const leases = new ThreadLeases(db.pool, { singleProcess: false, ttlSeconds: 1 });
    await expect(leases.run(threadId, async () => "x")).rejects.toBeInstanceOf(ConflictError);
    await sleep(1100);
    expect(await leases.run(threadId, async () => "answered")).toBe("answered");
  });

  it("a live turn keeps its lease past the lease life by its heartbeat; one turn at a time", async () => {
    const threadId = await newThread();
    const leases = new ThreadLeases(db.pool, { singleProcess: true, ttlSeconds: 1, heartbeatSeconds: 0.2 });
    const other = new ThreadLeases(db.pool, { singleProcess: false, ttlSeconds: 1 });
    const long = leases.run(threadId, () => sleep(1800).then(() => "long"));
    await sleep(1400);
    await expect(leases.run(threadId, async () => "second")).rejects.toMatchObject({ code: "thread_busy" });
    await expect(other.run(threadId, async () => "replica")).rejects.toMatchObject({ code: "thread_busy" });
    expect(await long).toBe("long");
    expect(await other.run(threadId, async () => "after")).toBe("after");
  });
});
