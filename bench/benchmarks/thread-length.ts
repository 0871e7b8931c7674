import type { QueryTally, TallyReport } from "../../src/core/db/query-counter.js";
import { seedAndLinkUser } from "../client/user-linking.js";
import type { BenchService } from "../harness/bench-service.js";
import { fixed } from "../report/percentiles.js";
import { type BenchContext, type BenchmarkResult, measured } from "../report/result.js";
import { READ_QUESTION } from "./turn-overhead.js";

/** Targets of issue 16 this benchmark checks. */
const maxLatencyGrowth = 1.25;

interface TurnSample {
  turn: number;
  ms: number;
  tally: QueryTally;
}

/**
 * One thread, read turns one after another up to turn 50 (quick: 20): the latency of turns 1, 5,
 * 10, 20 and 50, and the bytes each turn sends to the database (statement parameters, the
 * checkpointer's apart). A turn that costs the same at turn 20 as at turn 1 has a flat profile.
 */
export function threadLength(svc: BenchService, ctx: BenchContext): Promise<BenchmarkResult> {
  return measured("thread length", svc.backend, async () => {
    const marks = ctx.quick ? [1, 5, 10, 20] : [1, 5, 10, 20, 50];
    const last = marks.at(-1)!;
    const user = await seedAndLinkUser({ admin: svc.admin, serviceUrl: svc.url });
    await svc.admin.settle();
    // Warm the portfolio cache and the code paths on another thread.
    for (let i = 0; i < 3; i++) await user.client.send(await user.client.createThread(), READ_QUESTION);
    const threadId = await user.client.createThread();
    const samples: TurnSample[] = [];
    for (let turn = 1; turn <= last; turn++) {
      const reports: TallyReport[] = [];
      const stop = svc.service.db.queries.observe((report) => reports.push(report));
      const started = performance.now();
      const answer = await user.client.send(threadId, READ_QUESTION);
      const ms = performance.now() - started;
      stop();
      if (answer.status !== 200) throw new Error(`turn ${turn} answered ${answer.status}`);
      const tally = reports.find((r) => r.label.endsWith("/messages"))?.tally;
      if (tally && marks.includes(turn)) samples.push({ turn, ms, tally });
    }
    const at = (turn: number) => samples.find((s) => s.turn === turn)!;
    const growth = at(20).ms / at(1).ms;
    const bytesGrowth = at(20).tally.bytes.checkpointer / Math.max(1, at(1).tally.bytes.checkpointer);
    return {
      method:
        "One user, one thread, sequential HTTP read turns timed at the client; each mark is one turn (not a " +
        "percentile, so noisy: compare its shape, not a figure). Bytes = parameters of the statements the turn's " +
        "request sent, counted by the pool's statement counter (checkpointer / app).",
      rows: [
        ...samples.map((s) => ({
          metric: `turn ${s.turn}: ms, statements, bytes written`,
          value: `${fixed(s.ms, 0)} ms`,
          note: `${s.tally.app} app + ${s.tally.checkpointer} checkpointer statements; ${s.tally.bytes.checkpointer} B checkpointer + ${s.tally.bytes.app} B app`,
        })),
        {
          metric: "turn 20 / turn 1 latency",
          value: fixed(growth, 2),
          note: `target <= ${maxLatencyGrowth}: ${growth <= maxLatencyGrowth ? "met" : "NOT met"}`,
        },
        {
          metric: "turn 20 / turn 1 checkpoint bytes",
          value: fixed(bytesGrowth, 2),
          note: `target: independent of thread length (about 1): ${bytesGrowth <= 1.25 ? "met" : "NOT met"}`,
        },
      ],
      data: {
        samples: samples.map((s) => ({
          turn: s.turn,
          ms: s.ms,
          app: s.tally.app,
          checkpointer: s.tally.checkpointer,
          bytes: s.tally.bytes,
        })),
      },
    };
  });
}
