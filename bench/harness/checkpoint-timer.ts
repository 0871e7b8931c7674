import type { BaseCheckpointSaver } from "@langchain/langgraph";

type Timed = "put" | "putWrites" | "getTuple";
const TIMED: Timed[] = ["put", "putWrites", "getTuple"];

export interface CheckpointTotals {
  /** Writes: `put` (a new checkpoint) plus `putWrites` (pending writes of a step). */
  writeMs: number;
  writes: number;
  /** Reads: `getTuple` (graph start, getState). */
  readMs: number;
  reads: number;
}

/**
 * Times the PostgresSaver the graph was compiled with by wrapping its `put`, `putWrites` and
 * `getTuple` methods on that very instance (the graph calls them through the instance, so this
 * is equivalent to a timing subclass without touching the wiring). Each duration runs from the
 * call to its promise settling: pool wait, BEGIN...COMMIT and serialization included.
 */
export class CheckpointTimer {
  private totals: Record<Timed, { ms: number; count: number }> = this.empty();

  constructor(saver: BaseCheckpointSaver) {
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
    return { put: { ms: 0, count: 0 }, putWrites: { ms: 0, count: 0 }, getTuple: { ms: 0, count: 0 } };
  }

  reset(): void {
    this.totals = this.empty();
  }

  snapshot(): CheckpointTotals {
    const { put, putWrites, getTuple } = this.totals;
    return {
      writeMs: put.ms + putWrites.ms,
      writes: put.count + putWrites.count,
      readMs: getTuple.ms,
      reads: getTuple.count,
    };
  }

  /** Graphs keep their saver on `checkpointer`; a missing one is a wiring change the bench must hear of. */
  static of(graph: { checkpointer?: unknown }): CheckpointTimer {
    const saver = graph.checkpointer;
    if (!saver || typeof saver !== "object" || !("put" in saver)) {
      throw new Error("the compiled graph has no checkpointer to time");
    }
    return new CheckpointTimer(saver as BaseCheckpointSaver);
  }
}
