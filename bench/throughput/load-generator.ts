import { performance } from "node:perf_hooks";
import { READ_QUESTION } from "../benchmarks/turn-overhead.js";
import { assertLoopback } from "../client/http.js";
import { inBatches } from "../client/in-batches.js";
import { SandboxAdmin } from "../client/sandbox-admin.js";
import { type BenchUser, seedAndLinkUser } from "../client/user-linking.js";
import { parseArgs } from "../report/args.js";
import { summarize } from "../report/percentiles.js";
import { type LevelReport, type LoadGeneratorReport, TURNS_PER_THREAD } from "./level-report.js";

/**
 * The throughput benchmark's clients, in a process of their own (started by
 * bench/benchmarks/throughput.ts) so they never share an event loop with the service: seeds and
 * links users through the service's HTTP routes, lets the sandbox's webhook burst drain, then for
 * each level warms up and measures read turns back to back. Prints one `RESULT <json>` line.
 */

/** Every user sends read turns back to back (no think time) until the deadline. */
async function runPhase(users: BenchUser[], seconds: number): Promise<LevelReport> {
  const latencies: number[] = [];
  const errorKinds: Record<string, number> = {};
  const fail = (kind: string) => {
    errorKinds[kind] = (errorKinds[kind] ?? 0) + 1;
  };
  const cpuBefore = process.cpuUsage();
  const eluBefore = performance.eventLoopUtilization();
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    users.map(async (user) => {
      let threadId = "";
      for (let turn = 0; performance.now() < deadline; turn++) {
        try {
          if (turn % TURNS_PER_THREAD === 0) threadId = await user.client.createThread();
          const answer = await user.client.send(threadId, READ_QUESTION);
          if (answer.status === 200) latencies.push(answer.ms);
          else fail(`http ${answer.status}`);
        } catch (error) {
          fail(error instanceof Error ? error.message.slice(0, 80) : "request failed");
        }
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  return {
    users: users.length,
    seconds: elapsed,
    turns: latencies.length,
    turnsPerSecond: latencies.length / elapsed,
    errors: Object.values(errorKinds).reduce((a, b) => a + b, 0),
    errorKinds,
    latency: summarize(latencies),
    clientCpuCores: (cpu.user + cpu.system) / 1e6 / elapsed,
    clientEventLoop: performance.eventLoopUtilization(eluBefore).utilization,
  };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const serviceUrl = args.get("service-url") ?? "";
  const sandboxUrl = args.get("sandbox-url") ?? "";
  assertLoopback(serviceUrl);
  assertLoopback(sandboxUrl);
  const levels = (args.get("levels") ?? "1,10,50").split(",").map(Number);
  const seconds = Number(args.get("seconds") ?? 10);
  const warmupSeconds = Number(args.get("warmup-seconds") ?? 3);
  if (levels.some((n) => !Number.isInteger(n) || n < 1) || !(seconds > 0) || !(warmupSeconds >= 0)) {
    throw new Error("--levels must be whole numbers >= 1, --seconds > 0 and --warmup-seconds >= 0");
  }
  const log = (line: string) => process.stderr.write(`  throughput: ${line}\n`);
  const admin = new SandboxAdmin(sandboxUrl);

  const linkStarted = performance.now();
  const users = await inBatches(
    Array.from({ length: Math.max(...levels) }, (_, i) => i),
    8,
    () => seedAndLinkUser({ admin, serviceUrl }),
  );
  // Linking sets off a burst of SnapTrade webhooks (each a sync); let it drain before measuring.
  await admin.settle(500, 180_000);
  const linkSeconds = (performance.now() - linkStarted) / 1000;
  log(`${users.length} users seeded and linked in ${linkSeconds.toFixed(0)} s`);

  const reports: LevelReport[] = [];
  for (const level of levels) {
    const group = users.slice(0, level);
    // Unmeasured: JIT, pools, every user's portfolio cache fresh, each worker's per-token state.
    log(`${level} users: ${warmupSeconds} s warm-up, then ${seconds} s measured`);
    if (warmupSeconds > 0) await runPhase(group, warmupSeconds);
    // The bench reads the service's CPU at these marks (stdout is synchronous on a pipe).
    process.stdout.write(`MARK start ${level}\n`);
    reports.push(await runPhase(group, seconds));
    process.stdout.write(`MARK end ${level}\n`);
  }
  const report: LoadGeneratorReport = { linkSeconds, warmupSeconds, levels: reports };
  process.stdout.write(`RESULT ${JSON.stringify(report)}\n`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
