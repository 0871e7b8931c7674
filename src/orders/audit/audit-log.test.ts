import { randomUUID } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestPglite, type TestDatabase, testBackends } from "../../../test/helpers/databases.js";
import { migrate, readMigrations } from "../../core/db/migrate.js";
import { AuditLog } from "./audit-log.js";
import { eventHash, genesisHash } from "./chain.js";

const userId = "00000000-0000-4000-8000-0000000000a1";

describe.each(testBackends)("audit log on $kind", ({ open }) => {
  let db: TestDatabase;
  let audit: AuditLog;
  beforeAll(async () => {
    db = await open();
    await migrate(db.pool);
    audit = new AuditLog(db.pool);
  });
  afterAll(async () => {
    await db?.close();
  });

  it("chains concurrent appends without gaps or forks", async () => {
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        audit.append({ userId, actor: "system", type: "test", data: { i } }),
      ),
    );
    const events = await audit.list(userId);
    expect(events.map((e) => e.seq)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect(await audit.verify(userId)).toEqual({ ok: true, events: 12 });
  });

  it("refuses updates and deletes; a privileged edit is caught by the verifier at its event", async () => {
    await expect(db.pool.query("update audit_events set type = 'x' where seq = 3")).rejects.toThrow(
      /append-only/,
    );
    await expect(db.pool.query("delete from audit_events where seq = 3")).rejects.toThrow(/append-only/);
    // Only someone able to switch the trigger off (a superuser) can edit; the chain still tells.
    await db.pool.query("alter table audit_events disable trigger audit_events_no_update_or_delete");
    await db.pool.query(`update audit_events set data = '{"i": 99}' where user_id = $1 and seq = 5`, [
      userId,
    ]);
    await db.pool.query("alter table audit_events enable trigger audit_events_no_update_or_delete");
    expect(await audit.verify(userId)).toMatchObject({ ok: false, brokenAt: 5 });
  });

  it("writes a change and its event in one statement, and neither when the change touches nothing", async () => {
    const other = "00000000-0000-4000-8000-0000000000a2";
    await db.pool.query("create table if not exists audit_probe (id int primary key, done boolean not null)");
    await db.pool.query(
      "insert into audit_probe values (1, false) on conflict (id) do update set done = false",
    );
    const change = {
      ctes: "flipped as (update audit_probe set done = true where id = $1 and not done returning id, done)",
      params: [1],
      gate: "flipped",
    };
    const first = await audit.appendAfter<{ id: number; done: boolean }>(db.pool, change, {
      userId: other,
      actor: "system",
      type: "probe_flipped",
    });
    expect(first?.row).toEqual({ id: 1, done: true });
    expect(first?.event).toMatchObject({ seq: 1, prevHash: genesisHash, type: "probe_flipped" });
    // Already flipped: the guard matches no row, so no event is written.
    expect(
      await audit.appendAfter(db.pool, change, { userId: other, actor: "system", type: "x" }),
    ).toBeNull();
    await audit.append({ userId: other, actor: "system", type: "after" });
    const events = await audit.list(other);
    expect(events.map((e) => [e.seq, e.type])).toEqual([
      [1, "probe_flipped"],
      [2, "after"],
    ]);
    expect(events[0]!.hash).toBe(first!.event.hash);
    expect(await audit.verify(other)).toEqual({ ok: true, events: 2 });
  });
});

describe("audit chains written before the chain-head table", () => {
  it("continue from their last event after migration 0160", async () => {
    const db = await openTestPglite({ empty: true });
    try {
      const before = mkdtempSync(path.join(tmpdir(), "migrations-before-0160-"));
      for (const file of readMigrations()) {
        if (file.version < 160) writeFileSync(path.join(before, file.name), file.sql);
      }
      await migrate(db.pool, before);
      // Two events chained as the code before 0160 wrote them (hash computed here, rows inserted).
      let prevHash = genesisHash;
      for (const seq of [1, 2]) {
        const body = {
          id: randomUUID(),
          userId,
          seq,
          at: new Date().toISOString(),
          actor: "system" as const,
          type: "old",
          threadId: null,
          proposalId: null,
          orderId: null,
          data: { seq },
          prevHash,
        };
        const hash = eventHash(body);
        await db.pool.query(
          `insert into audit_events (id, user_id, seq, at, actor, type, data, prev_hash, hash)
           values ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
          [body.id, userId, seq, body.at, body.actor, body.type, JSON.stringify(body.data), prevHash, hash],
        );
        prevHash = hash;
      }
      await migrate(db.pool);
      const appended = await new AuditLog(db.pool).append({ userId, actor: "system", type: "new" });
      expect(appended.seq).toBe(3);
      expect(appended.prevHash).toBe(prevHash);
      expect(await new AuditLog(db.pool).verify(userId)).toEqual({ ok: true, events: 3 });
    } finally {
      await db.close();
    }
    // Two migration runs on a fresh PGlite: slow on a busy machine.
  }, 120_000);
});
