import type { QueryTally, TallyReport } from "../../src/core/db/query-counter.js";
import { seedAndLinkUser } from "../client/user-linking.js";
import type { BenchService } from "../harness/bench-service.js";
import { fixed, summarize } from "../report/percentiles.js";
import { type BenchContext, type BenchmarkResult, measured, type ResultRow } from "../report/result.js";
import { meets, TARGETS } from "../report/targets.js";
import { READ_QUESTION } from "./turn-overhead.js";

/** The turns whose cost is reported; the targets compare turn 20 with turn 1. */
const MARKS = [1, 5, 10, 20, 50] as const;

interface TurnSample {
  thread: number;
  turn: number;
  ms: number;
  tally: QueryTally;
}

/** Unmeasured threads and turns first: past the history window's fill (its summary is full at turn 18). */
const WARM_UP_THREADS = 2;
const WARM_UP_TURNS = 25;

/** The median of each measure over the threads' samples of one turn. */
interface MarkSummary {
  turn: number;
  threads: number;
  ms: number;
  app: number;
  checkpointer: number;
  bytesApp: number;
  bytesCheckpointer: number;
  bytesTotal: number;
}

const median = (values: number[]) => summarize(values).p50;

/** Medians across threads, turn by turn. */
function summarizeMarks(samples: TurnSample[]): MarkSummary[] {
  return MARKS.map((turn) => {
    const at = samples.filter((s) => s.turn === turn);
    return {
      turn,
      threads: at.length,
      ms: median(at.map((s) => s.ms)),
      app: median(at.map((s) => s.tally.app)),
      checkpointer: median(at.map((s) => s.tally.checkpointer)),
      bytesApp: median(at.map((s) => s.tally.bytes.app)),
      bytesCheckpointer: median(at.map((s) => s.tally.bytes.checkpointer)),
      bytesTotal: median(at.map((s) => s.tally.bytes.app + s.tally.bytes.checkpointer)),
    };
  });
}

/**
 * Several threads of one user, 50 read turns each, one request at a time: the median latency of
 * turns 1, 5, 10, 20 and 50 across the threads, and the bytes each turn sends to the database
 * (statement parameters, the checkpointer's and the app's apart). A turn that costs the same at
 * turn 20 as at turn 1 has a flat profile. The threads start at staggered rounds (each round, every
 * thread under way takes its next turn), so each mark's samples are spread over most of the run: a
 * burst of machine noise lands on a sample or two of a mark, not on all of them, and a drift in
 * load weighs on all marks alike. (Taken in lockstep, turn k of every thread back to back, one
 * mark's samples fell within about 100 ms, and one burst there moved the whole mark.)
 */
export function threadLength(svc: BenchService, ctx: BenchContext): Promise<BenchmarkResult> {
  return measured("thread length", svc.backend, async () => {
    const threads = ctx.quick ? 6 : 12;
    const last = MARKS.at(-1)!;
    // The starts span twice a thread's length: turn 1's samples and turn 20's mostly share a period.
    const stride = Math.ceil((2 * last) / Math.max(1, threads - 1));
    const startRound = (thread: number) => thread * stride;
    const rounds = startRound(threads - 1) + last;
    const user = await seedAndLinkUser({ admin: svc.admin, serviceUrl: svc.url });
    await svc.admin.settle();
    // Warm the portfolio cache and the code paths of short and long threads on threads of their
    // own, so that the early samples (most of them turn 1's) do not pay for the compiler's warm-up.
    for (let i = 0; i < WARM_UP_THREADS; i++) {
      const threadId = await user.client.createThread();
      for (let turn = 0; turn < WARM_UP_TURNS; turn++) await user.client.send(threadId, READ_QUESTION);
    }
    const threadIds: string[] = [];
    for (let i = 0; i < threads; i++) threadIds.push(await user.client.createThread());
    const samples: TurnSample[] = [];
    for (let round = 0; round < rounds; round++) {
      for (const [thread, threadId] of threadIds.entries()) {
        const turn = round - startRound(thread) + 1;
        if (turn < 1 || turn > last) continue;
        const reports: TallyReport[] = [];
        const stop = svc.service.db.queries.observe((report) => reports.push(report));
        const started = performance.now();
        const answer = await user.client.send(threadId, READ_QUESTION);
        const ms = performance.now() - started;
        stop();
        if (answer.status !== 200) throw new Error(`thread ${thread} turn ${turn} answered ${answer.status}`);
        const tally = reports.find((r) => r.label.endsWith("/messages"))?.tally;
        if (!tally) throw new Error(`no statement tally for thread ${thread} turn ${turn}`);
        if ((MARKS as readonly number[]).includes(turn)) samples.push({ thread, turn, ms, tally });
      }
      if ((round + 1) % 40 === 0)
        ctx.log(`  thread length: round ${round + 1} of ${rounds} (${threads} threads)`);
    }
    const marks = summarizeMarks(samples);
    const at = (turn: number) => marks.find((m) => m.turn === turn)!;
    const latency20 = at(20).ms / at(1).ms;
    const latency50 = at(50).ms / at(1).ms;
    const bytes20 = at(20).bytesTotal / Math.max(1, at(1).bytesTotal);
    const bytes50 = at(50).bytesTotal / Math.max(1, at(1).bytesTotal);
    const verdict = (met: boolean) => (met ? "met" : "NOT met");
    const rows: ResultRow[] = [
      ...marks.map((m) => ({
        metric: `turn ${m.turn}: ms, statements, bytes written`,
        value: `${fixed(m.ms, 0)} ms`,
        note: `${m.app} app + ${m.checkpointer} checkpointer statements; ${m.bytesCheckpointer} B checkpointer + ${m.bytesApp} B app = ${m.bytesTotal} B`,
      })),
      {
        metric: "turn 20 / turn 1 latency",
        value: fixed(latency20, 2),
        note: `target <= ${TARGETS.lengthLatency.limit}: ${verdict(meets("lengthLatency", latency20))}; turn 50 / turn 1: ${fixed(latency50, 2)}`,
      },
      {
        metric: "turn 20 / turn 1 bytes written",
        value: fixed(bytes20, 2),
        note: `target: independent of thread length (<= ${TARGETS.lengthBytes.limit}): ${verdict(meets("lengthBytes", bytes20))}; turn 50 / turn 1: ${fixed(bytes50, 2)}`,
      },
    ];
    return {
      method:
        `One user, ${threads} threads of ${last} read turns each, started ${stride} rounds apart (each round, every thread under way ` +
        "takes its next turn), one HTTP request at a time, timed at the client; each mark is the median over the threads, " +
        "its samples spread over most of the run. Bytes written = " +
        "parameters of the statements the turn's request sent (checkpointer / app), counted by the pool's statement " +
        "counter; the bytes ratio is on their sum.",
      rows,
      targets: [
        { target: "lengthLatency", value: latency20 },
        { target: "lengthBytes", value: bytes20 },
      ],
      data: {
        threads,
        marks,
        samples: samples.map((s) => ({
          thread: s.thread,
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
