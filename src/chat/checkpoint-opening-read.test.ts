import { emptyCheckpoint } from "@langchain/langgraph-checkpoint";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import {
  openTestPglite,
  openTestPostgres,
  postgresUrl,
  type TestDatabase,
} from "../../test/helpers/databases.js";
import { migrate } from "../core/db/migrate.js";
import { createCheckpointer } from "../service.js";
import { type CheckpointRow, checkpointRowOf } from "./checkpoint-row.js";
import type { SingleStatementPostgresSaver } from "./checkpoint-saver.js";
import { HELD_WRITES_KEY, HeldTurnWrites } from "./held-turn-writes.js";

const backends = [
  { backend: "pglite", open: () => openTestPglite() },
  ...(postgresUrl ? [{ backend: "postgres", open: () => openTestPostgres() }] : []),
];

/** A turn's checkpoint read by another statement (the one that opens the turn), then used by the saver. */
describe.each(backends)("a checkpoint read with the statement that opens a turn ($backend)", ({ open }) => {
  let db: TestDatabase;
  let saver: SingleStatementPostgresSaver;

  beforeAll(async () => {
    db = await open();
    await migrate(db.pool);
    saver = await createCheckpointer(db.checkpointPool);
  });
  afterAll(async () => {
    await db?.close();
  });

  /** A thread with two checkpoints (the second with a channel value and a pending write). */
  async function threadWithCheckpoints(): Promise<string> {
    const threadId = crypto.randomUUID();
    const at = { configurable: { thread_id: threadId, checkpoint_ns: "" } };
    const first = emptyCheckpoint();
    const firstConfig = await saver.put(at, first, { source: "input", step: -1, parents: {} }, {});
    // "unset" has a version but no value: stored as an empty blob (null), and read as no value.
    const second = {
      ...emptyCheckpoint(),
      channel_values: { answer: "the second one" },
      channel_versions: { answer: saver.getNextVersion(undefined), unset: saver.getNextVersion(undefined) },
    };
    const secondConfig = await saver.put(
      { configurable: { ...firstConfig.configurable } },
      second,
      { source: "loop", step: 0, parents: {} },
      second.channel_versions,
    );
    await saver.putWrites(secondConfig, [["answer", "pending"]], "task-1");
    return threadId;
  }

  /** What the opening statement read: the latest checkpoint of the thread, when `onlyWhen` holds. */
  async function openingRead(threadId: string, onlyWhen = "true"): Promise<CheckpointRow | null> {
    const rows = await db.pool.query<Record<string, unknown>>(
      `select t.id, cp.* from (select $1::uuid as id) t
       left join lateral (${saver.latestCheckpointSql("t.id", onlyWhen)}) cp on true`,
      [threadId],
    );
    return checkpointRowOf(rows.rows[0]!);
  }

  const turnConfig = (threadId: string, writes: HeldTurnWrites) => ({
    configurable: { thread_id: threadId, [HELD_WRITES_KEY]: writes },
  });

  it("gives the tuple the saver's own read gives, and the database is not asked again", async () => {
    const threadId = await threadWithCheckpoints();
    const row = await openingRead(threadId);
    expect(row).not.toBeNull();
    const own = await saver.readCheckpoint({ configurable: { thread_id: threadId } });
    const read = vi.spyOn(saver, "readCheckpoint");
    try {
      const tuple = await saver.getTuple(turnConfig(threadId, new HeldTurnWrites(true, row)));
      expect(read).not.toHaveBeenCalled();
      expect(tuple).toEqual(own);
      expect(tuple?.checkpoint.channel_values).toEqual({ answer: "the second one" });
      expect(tuple?.pendingWrites).toEqual([["task-1", "answer", "pending"]]);
    } finally {
      read.mockRestore();
    }
  });

  it("is taken once, and only for a read of the latest root checkpoint", async () => {
    const threadId = await threadWithCheckpoints();
    const row = await openingRead(threadId);
    const writes = new HeldTurnWrites(true, row);
    const read = vi.spyOn(saver, "readCheckpoint");
    try {
      const pinned = { configurable: { ...turnConfig(threadId, writes).configurable, checkpoint_id: "x" } };
      await saver.getTuple(pinned);
      expect(read).toHaveBeenCalledTimes(1);
      await saver.getTuple(turnConfig(threadId, writes));
      expect(read).toHaveBeenCalledTimes(1);
      // Consumed: a later read of the turn (after its own writes) asks the database.
      await saver.getTuple(turnConfig(threadId, writes));
      expect(read).toHaveBeenCalledTimes(2);
    } finally {
      read.mockRestore();
    }
  });

  it("reads nothing when its condition does not hold, and a thread without checkpoints reads as none", async () => {
    const threadId = await threadWithCheckpoints();
    expect(await openingRead(threadId, "false")).toBeNull();
    const empty = crypto.randomUUID();
    const none = await openingRead(empty);
    expect(none).toBeNull();
    const read = vi.spyOn(saver, "readCheckpoint");
    try {
      expect(await saver.getTuple(turnConfig(empty, new HeldTurnWrites(true, none)))).toBeUndefined();
      expect(read).not.toHaveBeenCalled();
    } finally {
      read.mockRestore();
    }
  });

  it("a checkpoint stored before format 4 (its sends kept with its parent) is read by the library", async () => {
    const threadId = await threadWithCheckpoints();
    const row = await openingRead(threadId);
    const old = { ...row!, checkpoint: { ...row!.checkpoint, v: 1 } };
    const read = vi.spyOn(saver, "readCheckpoint");
    try {
      await saver.getTuple(turnConfig(threadId, new HeldTurnWrites(true, old)));
      expect(read).toHaveBeenCalledTimes(1);
    } finally {
      read.mockRestore();
    }
  });
});
