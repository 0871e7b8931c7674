import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestPglite, type TestDatabase } from "../../../test/helpers/databases.js";
import { withTransaction } from "../../core/db/database.js";
import { migrate } from "../../core/db/migrate.js";
import { AuditLog } from "./audit-log.js";
import { type AuditEvent, eventHash, genesisHash, verifyChain } from "./chain.js";

/** What an appended event holds, how it is found again, and the verifier's exact verdicts. */
describe("audit events as stored and read back", () => {
  let db: TestDatabase;
  let audit: AuditLog;
  beforeAll(async () => {
    db = await openTestPglite();
    await migrate(db.pool);
    audit = new AuditLog(db.pool);
  });
  afterAll(async () => {
    await db?.close();
  });

  it("an append returns the event exactly as it is stored, chained from the genesis hash", async () => {
    const userId = randomUUID();
    const first = await audit.append({ userId, actor: "system", type: "bare" });
    expect(first).toMatchObject({
      userId,
      seq: 1,
      actor: "system",
      type: "bare",
      threadId: null,
      proposalId: null,
      orderId: null,
      data: {},
      prevHash: genesisHash,
    });
    const { hash, ...rest } = first;
    expect(hash).toBe(eventHash(rest));
    const proposalId = randomUUID();
    const orderId = randomUUID();
    const second = await audit.append({
      userId,
      actor: "reconciler",
      type: "full",
      threadId: "thread-1",
      proposalId,
      orderId,
      data: { from: "unknown", to: "filled", filledQuantity: 2.5, nested: { b: [1, "x"], a: null } },
    });
    expect(second).toMatchObject({ seq: 2, prevHash: first.hash, threadId: "thread-1", proposalId, orderId });
    expect(await audit.list(userId)).toEqual([first, second]);
    expect(await audit.verify(userId)).toEqual({ ok: true, events: 2 });
  });

  it("lists one user's events in order, by card, by order, or both", async () => {
    const userId = randomUUID();
    const [p1, p2, o1] = [randomUUID(), randomUUID(), randomUUID()];
    await audit.append({ userId, actor: "user", type: "a", proposalId: p1 });
    await audit.append({ userId, actor: "user", type: "b", proposalId: p1, orderId: o1 });
    await audit.append({ userId, actor: "user", type: "c", proposalId: p2 });
    await audit.append({ userId, actor: "broker", type: "d", orderId: o1 });
    await audit.append({ userId: randomUUID(), actor: "user", type: "other user", proposalId: p1 });
    const types = (events: AuditEvent[]) => events.map((e) => e.type);
    expect(types(await audit.list(userId))).toEqual(["a", "b", "c", "d"]);
    expect(types(await audit.list(userId, { proposalId: p1 }))).toEqual(["a", "b"]);
    expect(types(await audit.list(userId, { orderId: o1 }))).toEqual(["b", "d"]);
    expect(types(await audit.list(userId, { proposalId: p1, orderId: o1 }))).toEqual(["b"]);
    expect(await audit.list(randomUUID())).toEqual([]);
  });

  it("names every user with events once", async () => {
    const [u1, u2] = [randomUUID(), randomUUID()];
    for (const userId of [u1, u1, u2]) await audit.append({ userId, actor: "system", type: "x" });
    const users = await audit.users();
    expect(users.filter((u) => u === u1)).toHaveLength(1);
    expect(users.filter((u) => u === u2)).toHaveLength(1);
  });

  it("an event appended in a transaction that rolls back leaves no event and no gap", async () => {
    const userId = randomUUID();
    await audit.append({ userId, actor: "system", type: "kept" });
    await expect(
      withTransaction(db.pool, async (tx) => {
        await audit.appendWith(tx, { userId, actor: "user", type: "rolled back" });
        throw new Error("the change it recorded failed");
      }),
    ).rejects.toThrow("the change it recorded failed");
    const next = await audit.append({ userId, actor: "system", type: "after" });
    expect(next.seq).toBe(2);
    expect((await audit.list(userId)).map((e) => e.type)).toEqual(["kept", "after"]);
    expect(await audit.verify(userId)).toEqual({ ok: true, events: 2 });
  });
});

describe("the verifier's verdicts", () => {
  const chain = (length: number): AuditEvent[] => {
    const events: AuditEvent[] = [];
    let prevHash = genesisHash;
    for (let seq = 1; seq <= length; seq++) {
      const body = {
        id: randomUUID(),
        userId: "00000000-0000-4000-8000-0000000000b2",
        seq,
        at: new Date(Date.UTC(2026, 5, 1, 0, 0, seq)).toISOString(),
        actor: "user" as const,
        type: "decision_approve",
        threadId: null,
        proposalId: null,
        orderId: null,
        data: { seq },
        prevHash,
      };
      const event = { ...body, hash: eventHash(body) };
      events.push(event);
      prevHash = event.hash;
    }
    return events;
  };

  it("a chain that does not start at 1 has a sequence gap at its first event", () => {
    expect(verifyChain(chain(3).slice(1))).toEqual({
      ok: false,
      events: 2,
      brokenAt: 2,
      why: "sequence gap",
    });
  });

  it("a chain whose first event does not link to the genesis hash is broken there", () => {
    const events = chain(2);
    const { hash: _h, ...body } = { ...events[0]!, prevHash: "f".repeat(64) };
    events[0] = { ...body, hash: eventHash(body) };
    expect(verifyChain(events)).toEqual({
      ok: false,
      events: 2,
      brokenAt: 1,
      why: "previous-hash link does not match",
    });
  });

  it("an event whose hash is not its content's is named, with the chain's length", () => {
    const events = chain(4);
    events[3] = { ...events[3]!, hash: "0".repeat(64) };
    expect(verifyChain(events)).toEqual({
      ok: false,
      events: 4,
      brokenAt: 4,
      why: "event content does not match its hash",
    });
  });

  it("the hash covers every field but itself, and the link to the previous one", () => {
    const [event] = chain(1);
    const { hash, ...body } = event!;
    for (const changed of [
      { ...body, prevHash: "1".repeat(64) },
      { ...body, seq: 2 },
      { ...body, actor: "system" as const },
      { ...body, data: { seq: 2 } },
    ]) {
      expect(eventHash(changed)).not.toBe(hash);
    }
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
  });
});
