import type { SingleStatementPostgresSaver } from "../../src/chat/checkpoint-saver.js";

type Timed = "writeCheckpoint" | "writePendingWrites" | "readCheckpoint";
const TIMED: Timed[] = ["writeCheckpoint", "writePendingWrites", "readCheckpoint"];

export interface CheckpointTotals {
  /** Writes: a new checkpoint plus the pending writes of a step, as stored. */
  writeMs: number;
  writes: number;
  /** Reads: a thread's checkpoint read from the database (graph start, getState). */
  readMs: number;
  reads: number;
}

/**
 * Times the saver the graph was compiled with by wrapping, on that very instance, the methods
 * that reach the database with statements of their own: `writeCheckpoint`, `writePendingWrites`
 * and `readCheckpoint` (a turn's `put` only holds its write; a card's writes go with the statement
 * that records the turn, a reply's read with the one that opens it). The saver calls them
 * through the instance, so this is equivalent to a timing subclass without touching the wiring.
 * Each duration runs from the call to its promise settling: pool wait and serialization included.
 */
export class CheckpointTimer {
  private totals: Record<Timed, { ms: number; count: number }> = this.empty();

  constructor(saver: SingleStatementPostgresSaver) {
    for (const name of TIMED) {
      const original = (saver[name] as (...args: unknown[]) => Promise<unknown>).bind(saver);
      (saver as unknown as Record<string, unknown>)[name] = async (...args: unknown[]) => {
        const started = performance.now();
        try {
          return await original(...args);
        } finally {
          const slot = this.totals[name];
          slot.ms += performance.now() - started;
          slot.count += 1;
        }
      };
    }
  }

  private empty(): Record<Timed, { ms: number; count: number }> {
    return {
      writeCheckpoint: { ms: 0, count: 0 },
      writePendingWrites: { ms: 0, count: 0 },
      readCheckpoint: { ms: 0, count: 0 },
    };
  }

  reset(): void {
    this.totals = this.empty();
  }

  snapshot(): CheckpointTotals {
    const { writeCheckpoint, writePendingWrites, readCheckpoint } = this.totals;
    return {
      writeMs: writeCheckpoint.ms + writePendingWrites.ms,
      writes: writeCheckpoint.count + writePendingWrites.count,
      readMs: readCheckpoint.ms,
      reads: readCheckpoint.count,
    };
  }

  /** Graphs keep their saver on `checkpointer`; a missing one is a wiring change the bench must hear of. */
  static of(graph: { checkpointer?: unknown }): CheckpointTimer {
    const saver = graph.checkpointer;
    if (!saver || typeof saver !== "object" || !TIMED.every((name) => name in saver)) {
      throw new Error("the compiled graph has no SingleStatementPostgresSaver to time");
    }
    return new CheckpointTimer(saver as SingleStatementPostgresSaver);
  }
}
