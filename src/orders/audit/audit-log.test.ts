import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestDatabase, testBackends } from "../../../test/helpers/databases.js";
import { migrate } from "../../core/db/migrate.js";
import { AuditLog } from "./audit-log.js";

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
});
