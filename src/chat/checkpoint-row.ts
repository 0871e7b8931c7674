import type { Checkpoint } from "@langchain/langgraph-checkpoint";

/**
 * A checkpoint as the library's read returns it: the checkpoint, its metadata, the blobs of its
 * channel versions (`[channel, type, blob]`, the blob null for a channel stored empty) and its
 * pending writes (`[task id, channel, type, blob]`), as byte arrays.
 */
export interface CheckpointRow {
  checkpoint_id: string;
  parent_checkpoint_id: string | null;
  checkpoint: Omit<Checkpoint, "pending_sends" | "channel_values"> & { v: number };
  metadata: Record<string, unknown>;
  channel_values: [Uint8Array, Uint8Array, Uint8Array | null][];
  pending_writes: [Uint8Array, Uint8Array, Uint8Array, Uint8Array | null][];
}

/** The columns `latestCheckpointSql` names, each prefixed so that another statement can carry them. */
export const checkpointRowPrefix = "checkpoint_row_";

/** Text as bytes, and a blob from the base64 the read sends it in (null stays null: an "empty" value). */
const bytes = (text: string) => Buffer.from(text, "utf8");
const blob = (base64: string | null) => (base64 === null ? null : Buffer.from(base64, "base64"));

/** The CheckpointRow among a statement's columns (prefixed), or null when its checkpoint_id is null. */
export function checkpointRowOf(row: Record<string, unknown>): CheckpointRow | null {
  const column = (name: string) => row[`${checkpointRowPrefix}${name}`];
  if (column("checkpoint_id") == null) return null;
  const values = (column("channel_values") ?? []) as Array<[string, string, string | null]>;
  const writes = (column("pending_writes") ?? []) as Array<[string, string, string, string | null]>;
  return {
    checkpoint_id: column("checkpoint_id") as string,
    parent_checkpoint_id: (column("parent_checkpoint_id") as string | null) ?? null,
    checkpoint: column("checkpoint") as CheckpointRow["checkpoint"],
    metadata: column("metadata") as Record<string, unknown>,
    channel_values: values.map(([channel, type, value]) => [bytes(channel), bytes(type), blob(value)]),
    pending_writes: writes.map(([task, channel, type, value]) => [
      bytes(task),
      bytes(channel),
      bytes(type),
      blob(value),
    ]),
  };
}
