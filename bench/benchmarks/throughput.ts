import { inBatches } from "../client/in-batches.js";
import { type BenchUser, seedAndLinkUser } from "../client/user-linking.js";
import type { BenchService } from "../harness/bench-service.js";
import { fixed, latencyText, summarize } from "../report/percentiles.js";
import { type BenchContext, type BenchmarkResult, measured, type ResultRow } from "../report/result.js";
import { READ_QUESTION } from "./turn-overhead.js";

/** A conversation of this many turns, then a new thread (threads stay short, as in real use). */
const TURNS_PER_THREAD = 5;

interface LevelResult {
  users: number;
  seconds: number;
  turns: number;
  errors: number;
  errorKinds: Record<string, number>;
  turnsPerSecond: number;
  latency: ReturnType<typeof summarize>;
  checkpointWriteMsPerTurn: number;
}

/** Every user chats back to back (no think time) for `seconds`; a turn is one POST .../messages. */
async function runLevel(svc: BenchService, users: BenchUser[], seconds: number): Promise<LevelResult> {
  // One unmeasured turn each first, so every user's portfolio cache is fresh.
  await Promise.all(users.map(async (u) => u.client.send(await u.client.createThread(), READ_QUESTION)));
  svc.checkpoints.reset();
  const latencies: number[] = [];
  const errorKinds: Record<string, number> = {};
  const deadline = performance.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(
    users.map(async (user) => {
      let threadId = "";
      for (let turn = 0; performance.now() < deadline; turn++) {
        try {
          if (turn % TURNS_PER_THREAD === 0) threadId = await user.client.createThread();
          const answer = await user.client.send(threadId, READ_QUESTION);
          if (answer.status === 200) latencies.push(answer.ms);
          else errorKinds[`http ${answer.status}`] = (errorKinds[`http ${answer.status}`] ?? 0) + 1;
        } catch (error) {
          const kind = error instanceof Error ? error.message.slice(0, 60) : "error";
          errorKinds[kind] = (errorKinds[kind] ?? 0) + 1;
        }
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  const totals = svc.checkpoints.snapshot();
  return {
    users: users.length,
    seconds: elapsed,
    turns: latencies.length,
    errors: Object.values(errorKinds).reduce((a, b) => a + b, 0),
    errorKinds,
    turnsPerSecond: latencies.length / elapsed,
    latency: summarize(latencies),
    checkpointWriteMsPerTurn: totals.writeMs / Math.max(1, latencies.length),
  };
}

/** Read turns per second at 1, 10 and 50 concurrent users, each a distinct seeded and linked user. */
export function throughput(svc: BenchService, ctx: BenchContext): Promise<BenchmarkResult> {
  return measured("throughput", svc.backend, async () => {
    const levels = ctx.quick ? [1, 5, 20] : [1, 10, 50];
    const seconds = ctx.quick ? 3 : 6;
    const users = await inBatches(
      Array.from({ length: Math.max(...levels) }, (_, i) => i),
      8,
      () => seedAndLinkUser({ admin: svc.admin, serviceUrl: svc.url }),
    );
    // Linking sets off a burst of SnapTrade webhooks (each a sync); let it drain before measuring.
    await svc.admin.settle(500, 180_000);
    const results: LevelResult[] = [];
    for (const level of levels) {
      ctx.log(`  throughput: ${level} users for ${seconds} s`);
      results.push(await runLevel(svc, users.slice(0, level), seconds));
    }
    const rows: ResultRow[] = results.map((r) => ({
      metric: `${r.users} user${r.users === 1 ? "" : "s"}: turns/s`,
      value: fixed(r.turnsPerSecond),
      note: `ms p50/p95/p99 ${latencyText(r.latency)}; errors ${r.errors}${r.errors ? ` ${JSON.stringify(r.errorKinds)}` : ""}; checkpoint writes ${fixed(r.checkpointWriteMsPerTurn, 0)} ms summed per turn`,
    }));
    return {
      method: `Each user sends "${READ_QUESTION}" back to back for ${seconds} s (a new thread every ${TURNS_PER_THREAD} turns), after one unmeasured turn that warms its portfolio cache. Errors = non-200 answers and failed requests.`,
      rows,
      data: { levels: results },
    };
  });
}
