import { randomUUID } from "node:crypto";
import type { RunnableConfig } from "@langchain/core/runnables";
import {
  type ChannelVersions,
  type Checkpoint,
  type CheckpointMetadata,
  type CheckpointTuple,
  type PendingWrite,
  WRITES_IDX_MAP,
} from "@langchain/langgraph-checkpoint";
import { PostgresSaver } from "@langchain/langgraph-checkpoint-postgres";
import type pg from "pg";
import type { PoolLike } from "../core/db/queryable.js";
import { type CheckpointRow, checkpointRowPrefix } from "./checkpoint-row.js";
import { heldWritesOf, statementOf, type WriteParts } from "./held-turn-writes.js";

/**
 * LangGraph's PostgresSaver, its writes each one statement: a checkpoint and its new channel
 * blobs in one insert (a CTE), a task's writes in one multi-row insert, where the library sends
 * BEGIN, a statement per blob or write, and COMMIT. One statement is atomic on its own, so the
 * transaction is kept; the tables, rows and reads are the library's.
 */
export class SingleStatementPostgresSaver extends PostgresSaver {
  private readonly tables: { checkpoints: string; blobs: string; writes: string };

  constructor(
    private readonly db: PoolLike,
    options: { schema: string },
  ) {
    super(db as unknown as pg.Pool, undefined, options);
    const schema = `"${options.schema.replaceAll('"', '""')}"`;
    this.tables = {
      checkpoints: `${schema}.checkpoints`,
      blobs: `${schema}.checkpoint_blobs`,
      writes: `${schema}.checkpoint_writes`,
    };
  }

  /**
   * Channel versions unique to their checkpoint chain. A turn that starts a new exchange reads no
   * checkpoint, so its run begins a new chain in a thread that may hold older ones; with the
   * library's versions (1, 2, 3 …) its blobs would carry versions an older chain already stored,
   * and the blob insert keeps the first row: the next resume would read the older chain's
   * values. A chain begun here numbers its versions like LangGraph's Python saver, a zero-padded
   * count and a random suffix (LangGraph compares string versions as such; the TypeScript type
   * of PostgresSaver says number only). A chain stored with plain numbers goes on with them. The
   * suffix is 64 bits of a v4 UUID (60 of them random): Node draws UUIDs from a cached batch of
   * entropy, where a call for 8 random bytes asks the kernel each time (a run asks for dozens).
   */
  override getNextVersion(current: number | undefined): number {
    if (typeof current === "number") return current + 1;
    const previous = current === undefined ? 0 : Number.parseInt(String(current).split(".")[0]!, 10);
    const version = `${String(previous + 1).padStart(32, "0")}.${randomUUID().replaceAll("-", "").slice(0, 16)}`;
    return version as unknown as number;
  }

  override async getTuple(config: RunnableConfig): Promise<CheckpointTuple | undefined> {
    const held = heldWritesOf(config);
    if (held?.readsCheckpoint === false) return undefined;
    const opening = held?.takeOpeningRead(config);
    if (opening === undefined) return this.readCheckpoint(config);
    // A checkpoint stored before format 4 keeps its pending sends with its parent: the library's
    // read migrates it.
    if (opening !== null && opening.checkpoint.v < 4 && opening.parent_checkpoint_id != null)
      return this.readCheckpoint(config);
    return opening === null ? undefined : this.tupleOf(config, opening);
  }

  /**
   * The select of thread `thread`'s (an SQL expression) latest root checkpoint, in the row shape of
   * the library's read, its columns prefixed with `checkpointRowPrefix`: for a statement that reads
   * it with other things (the one that opens a turn). `onlyWhen`, a condition on that statement's
   * values, keeps the tables unread when it does not hold.
   */
  latestCheckpointSql(thread: string, onlyWhen = "true"): string {
    const { checkpoints, blobs, writes } = this.tables;
    const p = checkpointRowPrefix;
    // Blobs travel as base64 in JSON: the driver parses JSON natively, where an array of bytea
    // (the library's read) is parsed character by character.
    return `select c.checkpoint_id as ${p}checkpoint_id, c.parent_checkpoint_id as ${p}parent_checkpoint_id,
        c.checkpoint as ${p}checkpoint, c.metadata as ${p}metadata,
        (select json_agg(json_build_array(b.channel, b.type, encode(b.blob, 'base64')))
          from jsonb_each_text(c.checkpoint -> 'channel_versions') v
          join ${blobs} b on b.thread_id = c.thread_id and b.checkpoint_ns = c.checkpoint_ns
            and b.channel = v.key and b.version = v.value) as ${p}channel_values,
        (select json_agg(json_build_array(w.task_id, w.channel, w.type, encode(w.blob, 'base64'))
            order by w.task_id, w.idx)
          from ${writes} w
          where w.thread_id = c.thread_id and w.checkpoint_ns = c.checkpoint_ns
            and w.checkpoint_id = c.checkpoint_id) as ${p}pending_writes
      from ${checkpoints} c
      where (${onlyWhen}) and c.thread_id = (${thread})::text and c.checkpoint_ns = ''
      order by c.checkpoint_id desc limit 1`;
  }

  /** The tuple of a checkpoint read with another statement, as the library's read builds it. */
  private async tupleOf(config: RunnableConfig, row: CheckpointRow): Promise<CheckpointTuple> {
    const thread_id = config.configurable?.thread_id;
    const at = (checkpoint_id: string) => ({ configurable: { thread_id, checkpoint_ns: "", checkpoint_id } });
    // The library's loaders take its own rows, where a blob may be null (a channel stored empty,
    // which its loader skips); their types say otherwise.
    type Blobs = Parameters<typeof this._loadCheckpoint>[1];
    type Writes = Parameters<typeof this._loadWrites>[0];
    return {
      config: at(row.checkpoint_id),
      checkpoint: await this._loadCheckpoint(row.checkpoint, row.channel_values as Blobs),
      metadata: await this._loadMetadata(row.metadata),
      parentConfig: row.parent_checkpoint_id ? at(row.parent_checkpoint_id) : undefined,
      pendingWrites: await this._loadWrites(row.pending_writes as Writes),
    };
  }

  /** The library's read of a thread's checkpoint (the statement every read goes through). */
  readCheckpoint(config: RunnableConfig): Promise<CheckpointTuple | undefined> {
    return super.getTuple(config);
  }

  override async put(
    config: RunnableConfig,
    checkpoint: Checkpoint,
    metadata: CheckpointMetadata,
    newVersions: ChannelVersions,
  ): Promise<RunnableConfig> {
    if (config.configurable === undefined) throw new Error(`Missing "configurable" field in "config" param`);
    const { thread_id, checkpoint_ns = "" } = config.configurable;
    const written = { configurable: { thread_id, checkpoint_ns, checkpoint_id: checkpoint.id } };
    const held = heldWritesOf(config);
    if (held) {
      held.hold({
        // Two checkpoints of a run can share blob rows: only one goes into a combined statement.
        key: "checkpoint",
        parts: (firstParam, prefix) =>
          this.checkpointParts(config, checkpoint, metadata, newVersions, firstParam, prefix),
        run: () => this.writeCheckpoint(config, checkpoint, metadata, newVersions),
      });
    } else await this.writeCheckpoint(config, checkpoint, metadata, newVersions);
    return written;
  }

  /** The statement that stores a checkpoint and its new blobs. */
  async writeCheckpoint(
    config: RunnableConfig,
    checkpoint: Checkpoint,
    metadata: CheckpointMetadata,
    newVersions: ChannelVersions,
  ): Promise<void> {
    const parts = await this.checkpointParts(config, checkpoint, metadata, newVersions, 1, "");
    await this.db.query(statementOf(parts), parts.params);
  }

  /** A checkpoint and its new blobs as statement parts (an insert of each). */
  private async checkpointParts(
    config: RunnableConfig,
    checkpoint: Checkpoint,
    metadata: CheckpointMetadata,
    newVersions: ChannelVersions,
    firstParam: number,
    prefix: string,
  ): Promise<WriteParts> {
    const { thread_id, checkpoint_ns = "", checkpoint_id } = config.configurable!;
    const [blobs, serializedMetadata] = await Promise.all([
      this._dumpBlobs(thread_id, checkpoint_ns, checkpoint.channel_values, newVersions),
      this._dumpMetadata(metadata),
    ]);
    const params: unknown[] = [
      thread_id,
      checkpoint_ns,
      checkpoint.id,
      checkpoint_id,
      this._dumpCheckpoint(checkpoint),
      serializedMetadata,
    ];
    const $ = (n: number) => `$${firstParam + n - 1}`;
    const rows = blobs.map(([, , channel, version, type, blob]) => {
      params.push(channel, version, type, blob ?? null);
      const n = params.length;
      return `(${$(1)}, ${$(2)}, ${$(n - 3)}, ${$(n - 2)}, ${$(n - 1)}, ${$(n)})`;
    });
    const ctes: WriteParts["ctes"] = [];
    if (rows.length) {
      ctes.push([
        `${prefix}blobs`,
        `insert into ${this.tables.blobs} (thread_id, checkpoint_ns, channel, version, type, blob)
         values ${rows.join(", ")}
         on conflict (thread_id, checkpoint_ns, channel, version) do nothing`,
      ]);
    }
    ctes.push([
      `${prefix}checkpoint`,
      `insert into ${this.tables.checkpoints}
         (thread_id, checkpoint_ns, checkpoint_id, parent_checkpoint_id, checkpoint, metadata)
       values (${$(1)}, ${$(2)}, ${$(3)}, ${$(4)}, ${$(5)}, ${$(6)})
       on conflict (thread_id, checkpoint_ns, checkpoint_id)
       do update set checkpoint = excluded.checkpoint, metadata = excluded.metadata`,
    ]);
    return { ctes, params };
  }

  override async putWrites(config: RunnableConfig, writes: PendingWrite[], taskId: string): Promise<void> {
    if (writes.length === 0) return;
    const held = heldWritesOf(config);
    if (held) {
      held.hold({
        key: `writes:${config.configurable?.checkpoint_id}:${taskId}`,
        parts: (firstParam, prefix) => this.pendingWritesParts(config, writes, taskId, firstParam, prefix),
        run: () => this.writePendingWrites(config, writes, taskId),
      });
    } else await this.writePendingWrites(config, writes, taskId);
  }

  /** The statement that stores a task's pending writes. */
  async writePendingWrites(config: RunnableConfig, writes: PendingWrite[], taskId: string): Promise<void> {
    const parts = await this.pendingWritesParts(config, writes, taskId, 1, "");
    await this.db.query(statementOf(parts), parts.params);
  }

  /** A task's pending writes as a statement part (one multi-row insert). */
  private async pendingWritesParts(
    config: RunnableConfig,
    writes: PendingWrite[],
    taskId: string,
    firstParam: number,
    prefix: string,
  ): Promise<WriteParts> {
    // Writes to the special channels (errors, interrupts, resumes) replace the task's earlier ones.
    const upsert = writes.every(([channel]) => channel in WRITES_IDX_MAP);
    const dumped = await this._dumpWrites(
      config.configurable?.thread_id,
      config.configurable?.checkpoint_ns,
      config.configurable?.checkpoint_id,
      taskId,
      writes,
    );
    // One statement cannot touch a row twice: of writes to the same slot, the last one wins, as in
    // the library's statement-per-write transaction.
    const bySlot = new Map(dumped.map((row) => [row[4], row]));
    const params: unknown[] = [];
    const rows = [...bySlot.values()].map((row) => {
      const at = firstParam + params.length;
      params.push(...row);
      return `(${row.map((_, i) => `$${at + i}`).join(", ")})`;
    });
    const sql = `insert into ${this.tables.writes} (thread_id, checkpoint_ns, checkpoint_id, task_id, idx, channel, type, blob)
       values ${rows.join(", ")}
       on conflict (thread_id, checkpoint_ns, checkpoint_id, task_id, idx) do ${
         upsert
           ? "update set channel = excluded.channel, type = excluded.type, blob = excluded.blob"
           : "nothing"
       }`;
    return { ctes: [[`${prefix}writes`, sql]], params };
  }
}
