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
 * Several threads of one user, 50 read turns each, taken in turns (turn k of every thread, then
 * turn k + 1), one request at a time: the median latency of turns 1, 5, 10, 20 and 50 across the
 * threads, and the bytes each turn sends to the database (statement parameters, the
 * checkpointer's and the app's apart). A turn that costs the same at turn 20 as at turn 1 has a
 * flat profile. Interleaving puts every thread's turn k close in time, so a change in machine
 * load weighs on all marks alike.
 */
export function threadLength(svc: BenchService, ctx: BenchContext): Promise<BenchmarkResult> {
  return measured("thread length", svc.backend, async () => {
    const threads = ctx.quick ? 5 : 9;
    const last = MARKS.at(-1)!;
    const user = await seedAndLinkUser({ admin: svc.admin, serviceUrl: svc.url });
    await svc.admin.settle();
    // Warm the portfolio cache and the code paths on other threads.
    for (let i = 0; i < 5; i++) await user.client.send(await user.client.createThread(), READ_QUESTION);
    const threadIds: string[] = [];
    for (let i = 0; i < threads; i++) threadIds.push(await user.client.createThread());
    const samples: TurnSample[] = [];
    for (let turn = 1; turn <= last; turn++) {
      for (const [thread, threadId] of threadIds.entries()) {
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
      if (turn % 10 === 0) ctx.log(`  thread length: turn ${turn} of ${last} on ${threads} threads`);
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
        `One user, ${threads} threads of ${last} read turns each, taken in turns (turn k of every thread, then turn k+1), ` +
        "one HTTP request at a time, timed at the client; each mark is the median over the threads. Bytes written = " +
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
