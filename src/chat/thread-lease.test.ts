import { type ChildProcess, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  openTestPglite,
  openTestPostgres,
  postgresUrl,
  type TestDatabase,
} from "../../test/helpers/databases.js";
import { migrate } from "../core/db/migrate.js";
import { PRESENCE_LOCK_NAMESPACE, ProcessPresence } from "../core/db/process-presence.js";
import { ConflictError } from "../core/errors.js";
import { HeldTurnWrites } from "./held-turn-writes.js";
import { ThreadLeases } from "./thread-lease.js";
import { ThreadsRepository } from "./threads-repository.js";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

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

  it("on a single-process store, a restarted process takes over a dead process's lease at once", async () => {
    const threadId = await newThread();
    await leaseOfDeadProcess(threadId);
    const leases = new ThreadLeases(db.pool, { singleProcess: true });
    expect(await leases.run(threadId, async () => "answered")).toBe("answered");
  });

  it("a turn that fails without recording marks its thread unsettled; a recorded turn settles it; a taken-over lease says so", async () => {
    const threadId = await newThread();
    const leases = new ThreadLeases(db.pool, { singleProcess: true });
    const settled = async () =>
      (
        await db.pool.query<{ settled: boolean }>("select settled from chat_threads where id = $1", [
          threadId,
        ])
      ).rows[0]?.settled;
    expect(await settled()).toBe(true);
    await expect(
      leases.run(threadId, async () => {
        throw new Error("the graph failed");
      }),
    ).rejects.toThrow("the graph failed");
    expect(await settled()).toBe(false);
    await leases.run(threadId, async (lease) => {
      expect(lease.tookOver).toBe(false);
      lease.record({ messages: [], waitingOn: "a-card" });
    });
    expect(await settled()).toBe(true);
    await leaseOfDeadProcess(threadId);
    await leases.run(threadId, async (lease) => {
      expect(lease.tookOver).toBe(true);
    });
  });

  it("a record the database refuses frees the thread at once, unsettled", async () => {
    const threadId = await newThread();
    const leases = new ThreadLeases(db.pool, { singleProcess: false });
    const refused = { id: null, role: "user", content: "x", toolName: null, gist: null, message: {} };
    await expect(
      leases.run(threadId, async (lease) => {
        lease.record({ messages: [refused as never], waitingOn: null });
      }),
    ).rejects.toThrow();
    const row = await db.pool.query<{ settled: boolean }>("select settled from chat_threads where id = $1", [
      threadId,
    ]);
    expect(row.rows[0]?.settled).toBe(false);
    expect(await leases.run(threadId, async () => "free")).toBe("free");
  });

  describe("a record carrying a card's checkpoint writes", () => {
    beforeAll(async () => {
      await db.pool.query("create table if not exists held_probe (k text primary key)");
    });
    /** Held writes that each insert `key` into held_probe: as statement parts, or on their own. */
    const heldInserts = (...keys: string[]) => {
      const writes = new HeldTurnWrites(true);
      for (const key of keys) {
        const sql = (n: number) => `insert into held_probe (k) values ($${n}) on conflict (k) do nothing`;
        writes.hold({
          key,
          parts: async (firstParam, prefix) => ({
            ctes: [[`${prefix}probe`, sql(firstParam)]],
            params: [key],
          }),
          run: () => db.pool.query(sql(1), [key]),
        });
      }
      return writes;
    };
    const stored = async (key: string) =>
      (await db.pool.query("select 1 from held_probe where k = $1", [key])).rows.length === 1;
    const settled = async (threadId: string) =>
      (
        await db.pool.query<{ settled: boolean }>("select settled from chat_threads where id = $1", [
          threadId,
        ])
      ).rows[0]?.settled;

    it("stores them with the record, in the one statement that frees the thread", async () => {
      const threadId = await newThread();
      const leases = new ThreadLeases(db.pool, { singleProcess: true });
      const [a, b] = [randomUUID(), randomUUID()];
      const { tally } = await db.queries.measure(() =>
        leases.run(threadId, async (lease) => {
          lease.record({ messages: [], waitingOn: "a-card", checkpoint: heldInserts(a, b) });
        }),
      );
      // The lease taken, then the record with both writes and the release.
      expect(tally.app, tally.statements.map((st) => st.text).join("\n")).toBe(2);
      expect([await stored(a), await stored(b), await settled(threadId)]).toEqual([true, true, true]);
    });

    it("writes of the same rows are stored on their own first, then the record", async () => {
      const threadId = await newThread();
      const leases = new ThreadLeases(db.pool, { singleProcess: true });
      const key = randomUUID();
      const { tally } = await db.queries.measure(() =>
        leases.run(threadId, async (lease) => {
          lease.record({ messages: [], waitingOn: "a-card", checkpoint: heldInserts(key, key) });
        }),
      );
      expect(tally.app).toBe(4);
      expect([await stored(key), await settled(threadId)]).toEqual([true, true]);
    });

    it("a record the database refuses still stores them on their own, and frees the thread unsettled", async () => {
      const threadId = await newThread();
      const leases = new ThreadLeases(db.pool, { singleProcess: false });
      const refused = { id: null, role: "user", content: "x", toolName: null, gist: null, message: {} };
      const key = randomUUID();
      await expect(
        leases.run(threadId, async (lease) => {
          lease.record({ messages: [refused as never], waitingOn: "a-card", checkpoint: heldInserts(key) });
        }),
      ).rejects.toThrow();
      expect([await stored(key), await settled(threadId)]).toEqual([true, false]);
      expect(await leases.run(threadId, async () => "free")).toBe("free");
    });
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

describe.skipIf(!postgresUrl)("thread run leases on a shared PostgreSQL", () => {
  let db: TestDatabase;
  let threads: ThreadsRepository;
  beforeAll(async () => {
    db = await openTestPostgres();
    await migrate(db.pool);
    threads = new ThreadsRepository(db.pool);
  });
  afterAll(async () => {
    await db?.close();
  });

  const presenceLockHeld = async (key: number) =>
    (
      await db.pool.query<{ held: boolean }>(
        "select exists (select 1 from pg_locks where locktype = 'advisory' and classid = $1 and objid = $2 and objsubid = 2) as held",
        [PRESENCE_LOCK_NAMESPACE, key],
      )
    ).rows[0]?.held === true;

  /** Another process: holds its presence lock and a thread's lease, then waits to be killed. */
  const startLeaseHolder = async (threadId: string, key: number): Promise<ChildProcess> => {
    const script = `
      import pg from "pg";
      const client = new pg.Client({ connectionString: process.env.LEASE_DB_URL });
      await client.connect();
      await client.query("select pg_advisory_lock($1, $2)", [${PRESENCE_LOCK_NAMESPACE}, ${key}]);
      await client.query(
        "insert into thread_run_leases (thread_id, holder, owner, owner_presence, expires_at) values ($1, gen_random_uuid(), 'other-process', $2, now() + interval '15 seconds')",
        [process.env.LEASE_THREAD_ID, ${key}],
      );
      console.log("holding");
      setInterval(() => {}, 1000);
    `;
    const child = spawn(process.execPath, ["--input-type=module", "-e", script], {
      cwd: process.cwd(),
      env: { ...process.env, LEASE_DB_URL: db.url, LEASE_THREAD_ID: threadId },
      stdio: ["ignore", "pipe", "inherit"],
    });
    await new Promise<void>((resolve, reject) => {
      child.stdout!.on("data", (chunk: Buffer) => {
        if (chunk.toString().includes("holding")) resolve();
      });
      child.once("exit", (code) => reject(new Error(`lease holder exited early (${code})`)));
    });
    return child;
  };

  it("a lease of a process killed with kill -9 is taken over at once, long before it lapses", {
    timeout: 30_000,
  }, async () => {
    const threadId = (await threads.create(randomUUID())).id;
    const presence = await ProcessPresence.claim(db.pool);
    const otherKey = presence.key === 1 ? 2 : presence.key - 1;
    const leases = new ThreadLeases(db.pool, { presence });
    try {
      const holder = await startLeaseHolder(threadId, otherKey);
      // While the holder lives, its lease holds the thread, on this process as on any other.
      await expect(leases.run(threadId, async () => "x")).rejects.toMatchObject({ code: "thread_busy" });

      holder.kill("SIGKILL");
      await new Promise((resolve) => holder.once("exit", resolve));
      // Postgres ends the dead process's session and with it the presence lock.
      for (let i = 0; i < 100 && (await presenceLockHeld(otherKey)); i++) await sleep(50);

      expect(await leases.run(threadId, async () => "answered")).toBe("answered");
    } finally {
      await presence.close();
    }
    // The takeover did not wait for the lease's 15 s life: the test ran in far less.
  });

  it("a presence whose connection drops is claimed again under the same key, without a crash", {
    timeout: 30_000,
  }, async () => {
    const presence = await ProcessPresence.claim(db.pool, { reclaimDelayMs: 20 });
    try {
      await db.pool.query(
        "select pg_terminate_backend(pid) from pg_locks where locktype = 'advisory' and classid = $1 and objid = $2 and objsubid = 2",
        [PRESENCE_LOCK_NAMESPACE, presence.key],
      );
      for (let i = 0; i < 100 && (await presenceLockHeld(presence.key)); i++) await sleep(20);
      let held = false;
      for (let i = 0; i < 200 && !held; i++) {
        await sleep(20);
        held = await presenceLockHeld(presence.key);
      }
      expect(held).toBe(true);
    } finally {
      await presence.close();
    }
    expect(await presenceLockHeld(presence.key)).toBe(false);
  });
});
