import type { RunnableConfig } from "@langchain/core/runnables";
import type { CheckpointRow } from "./checkpoint-row.js";

/** The run config's key for a turn's held writes (see HeldTurnWrites). */
export const HELD_WRITES_KEY = "held_turn_writes";

/**
 * A write as the data-modifying statements of one SQL statement: `[name, statement]` pairs (each
 * can be a CTE named `name` of another statement) and their parameters, numbered from the
 * `firstParam` they were built for.
 */
export interface WriteParts {
  ctes: Array<[name: string, sql: string]>;
  params: unknown[];
}

/** A write the saver was asked for and holds. */
export interface HeldWrite {
  /**
   * The rows it stores (its table and key): two writes of the same rows cannot be parts of one
   * statement, which would touch a row twice.
   */
  key: string;
  /** Its statement parts, named with `prefix`, parameters numbered from `firstParam`. */
  parts(firstParam: number, prefix: string): Promise<WriteParts>;
  /** Stores it with a statement of its own. */
  run(): Promise<unknown>;
}

/** The statement of write parts: every part but the last as a CTE, the last one as the statement. */
export function statementOf(parts: WriteParts): string {
  const ctes = parts.ctes.slice(0, -1).map(([name, sql]) => `${name} as (${sql})`);
  return `${ctes.length ? `with ${ctes.join(", ")} ` : ""}${parts.ctes.at(-1)![1]}`;
}

/**
 * A turn's checkpoint writes, held until the turn knows how it ended. A turn that ends at an
 * interrupt (a card) keeps them: stored by the statement that records its messages and frees its
 * thread (`partsFrom`), so the card's checkpoint and the messages that say it waits commit
 * together; the decision resumes from them. A turn that fails stores them on their own
 * (`persist`), for the recovery. What a turn that ended normally wrote is read by nothing the
 * chat does (its next turn starts a new exchange from the message store).
 *
 * `readsCheckpoint` false: a turn that starts a new exchange on a settled thread waiting on
 * nothing. Its input replaces every message and no other channel carries over, so the stored
 * checkpoint is not read either.
 */
export class HeldTurnWrites {
  private held: HeldWrite[] = [];
  private opening: CheckpointRow | null | undefined;

  /**
   * `opening`: the thread's latest checkpoint as the statement that opened the turn read it
   * (the saver's `latestCheckpointSql`), under the lease that statement took; null when there was
   * none. The turn's first read of its latest checkpoint takes it instead of asking the database.
   */
  constructor(
    readonly readsCheckpoint: boolean,
    opening?: CheckpointRow | null,
  ) {
    this.opening = opening;
  }

  /** The opening read, once, for a read of the thread's latest root checkpoint; undefined otherwise. */
  takeOpeningRead(config: RunnableConfig): CheckpointRow | null | undefined {
    const { checkpoint_id, checkpoint_ns = "" } = config.configurable ?? {};
    if (checkpoint_id || checkpoint_ns !== "") return undefined;
    const opening = this.opening;
    this.opening = undefined;
    return opening;
  }

  /** A write the saver was asked for, kept until it is stored or discarded. */
  hold(write: HeldWrite): void {
    this.held.push(write);
  }

  /** Stores what was held, each write with a statement of its own (the graph sends a turn's last writes together, too). */
  async persist(): Promise<void> {
    await Promise.all(this.held.splice(0).map((write) => write.run()));
  }

  /**
   * What was held, as parts of another statement whose own parameters end before `firstParam`
   * (still held until `discard`); null when two of them store the same rows.
   */
  async partsFrom(firstParam: number): Promise<WriteParts | null> {
    if (new Set(this.held.map((write) => write.key)).size < this.held.length) return null;
    const combined: WriteParts = { ctes: [], params: [] };
    for (const [i, write] of this.held.entries()) {
      const parts = await write.parts(firstParam + combined.params.length, `held_${i}_`);
      combined.ctes.push(...parts.ctes);
      combined.params.push(...parts.params);
    }
    return combined;
  }

  discard(): void {
    this.held = [];
  }
}

/** The held writes a run config carries, if any. */
export const heldWritesOf = (config: RunnableConfig): HeldTurnWrites | undefined => {
  const value = config.configurable?.[HELD_WRITES_KEY];
  return value instanceof HeldTurnWrites ? value : undefined;
};
