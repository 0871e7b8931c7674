import type { JsonAnswer } from "../client/http.js";
import type { BenchService } from "./bench-service.js";

/** One timed request: the client's time, and the saver's own checkpoint statements in it. */
export interface TimedSample {
  ms: number;
  checkpointWriteMs: number;
  checkpointReadMs: number;
  writes: number;
}

/** Times a request, with the checkpoint statements the saver ran while it was under way. */
export async function timedRequest<T>(
  svc: BenchService,
  work: () => Promise<JsonAnswer<T>>,
): Promise<{ value: JsonAnswer<T> } & TimedSample> {
  svc.checkpoints.reset();
  const value = await work();
  const totals = svc.checkpoints.snapshot();
  return {
    value,
    ms: value.ms,
    checkpointWriteMs: totals.writeMs,
    checkpointReadMs: totals.readMs,
    writes: totals.writes,
  };
}
