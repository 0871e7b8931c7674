import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startSandbox } from "../../sandbox/index.js";
import { SandboxAdmin } from "../client/sandbox-admin.js";
import { type Backend, requireUrl } from "../harness/bench-service.js";
import { createScratchDatabase } from "../harness/postgres-database.js";
import { processTreeCpuSeconds } from "../harness/process-cpu.js";
import {
  freePort,
  liveServiceEnv,
  type ServiceProcess,
  startServiceProcess,
} from "../harness/service-process.js";
import { fixed, latencyText } from "../report/percentiles.js";
import { type BenchContext, type BenchmarkResult, measured, type ResultRow } from "../report/result.js";
import { meets, TARGETS, type TargetFigure } from "../report/targets.js";
import { type LevelReport, type LoadGeneratorReport, TURNS_PER_THREAD } from "../throughput/level-report.js";
import { READ_QUESTION } from "./turn-overhead.js";

const LEVELS = [1, 10, 50];
/** The level issue 16's throughput target is stated for. */
const TARGET_USERS = 50;
const TARGET_CORES = 2;
const loadGeneratorScript = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  "../throughput/load-generator.ts",
);

/** Settings that differ from `npm start`: per-user chat limits the back-to-back clients would meet. */
const RUN_SETTINGS = { CHAT_MESSAGES_PER_MINUTE: "1000000", CHAT_CONFIRMATIONS_PER_MINUTE: "1000000" };

interface ServiceCpu {
  /** The service's processes (primary and workers) over one level's measurement, in cores. */
  cores: number;
  /** Service CPU per successful turn, ms. */
  msPerTurn: number;
}

/** How many server processes are listening, from the service's own log lines. */
function listeningWorkers(service: ServiceProcess): { expected: number; listening: number } {
  let expected = 1;
  let listening = 0;
  for (const line of service.logs().split("\n")) {
    let entry: { msg?: string; workers?: number } | null;
    try {
      entry = JSON.parse(line) as typeof entry;
    } catch {
      continue; // the banner, or a line still being written
    }
    if (typeof entry !== "object" || entry === null) continue;
    if (entry.msg === "starting worker processes" && entry.workers) expected = entry.workers;
    if (entry.msg === "service listening") listening += 1;
  }
  return { expected, listening };
}

/** /health answers as soon as one worker listens: wait for all of them. */
async function allWorkersListening(service: ServiceProcess, timeoutMs = 120_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { expected, listening } = listeningWorkers(service);
    if (listening >= expected) return listening;
    if (Date.now() > deadline)
      throw new Error(`${listening} of ${expected} workers listening after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Runs the load generator as a child process; reads the service's CPU at its MARK lines. */
function runLoadGenerator(
  args: string[],
  servicePid: number,
  timeoutMs: number,
): Promise<{ report: LoadGeneratorReport; cpu: Map<number, number | undefined> }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", loadGeneratorScript, ...args], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    const started = new Map<number, { cpu: number | undefined; at: number }>();
    const cpuSeconds = new Map<number, number | undefined>();
    let pending = "";
    let result: LoadGeneratorReport | undefined;
    child.stdout.on("data", (chunk) => {
      pending += String(chunk);
      const lines = pending.split("\n");
      pending = lines.pop() ?? "";
      for (const line of lines) {
        const mark = /^MARK (start|end) (\d+)$/.exec(line);
        if (mark?.[1] === "start") {
          started.set(Number(mark[2]), { cpu: processTreeCpuSeconds(servicePid), at: performance.now() });
        } else if (mark?.[1] === "end") {
          const from = started.get(Number(mark[2]));
          const now = processTreeCpuSeconds(servicePid);
          cpuSeconds.set(
            Number(mark[2]),
            from?.cpu === undefined || now === undefined ? undefined : now - from.cpu,
          );
        } else if (line.startsWith("RESULT ")) {
          result = JSON.parse(line.slice("RESULT ".length)) as LoadGeneratorReport;
        }
      }
    });
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      if (code === 0 && result) resolve({ report: result, cpu: cpuSeconds });
      else reject(new Error(`the load generator exited with ${code ?? signal} and no result`));
    });
  });
}

/**
 * Read turns per second at 1, 10 and 50 users with the service as its own process(es), started
 * like `npm start` (on Postgres one worker per core through node:cluster), and the clients in
 * another process speaking HTTP on 127.0.0.1. The broker sandbox runs in the bench process.
 */
export function throughput(backend: Backend, databaseUrl: string | undefined, ctx: BenchContext) {
  return measured(
    "throughput",
    backend,
    async (): Promise<Pick<BenchmarkResult, "method" | "rows" | "data" | "targets">> => {
      const seconds = ctx.quick ? 5 : 10;
      const warmupSeconds = ctx.quick ? 2 : 3;
      const sandbox = await startSandbox({ port: 0, priceTickMs: 0 });
      const database =
        backend === "postgres" ? await createScratchDatabase(requireUrl(databaseUrl)) : undefined;
      const dataDir = mkdtempSync(path.join(os.tmpdir(), "bench-throughput-"));
      let service: ServiceProcess | undefined;
      try {
        const port = await freePort();
        service = await startServiceProcess(
          "bench service",
          {
            ...liveServiceEnv(sandbox.url, database?.url, dataDir),
            LOG_LEVEL: "info",
            PORT: String(port),
            PUBLIC_URL: `http://127.0.0.1:${port}`,
            ...RUN_SETTINGS,
          },
          120_000,
        );
        const workers = await allWorkersListening(service);
        ctx.log(`  throughput: service up with ${workers} worker process${workers === 1 ? "" : "es"}`);
        await new SandboxAdmin(sandbox.url).setSnaptradeWebhookUrl(`${service.url}/api/snaptrade/webhook`);
        const { report, cpu } = await runLoadGenerator(
          [
            "--service-url",
            service.url,
            "--sandbox-url",
            sandbox.url,
            "--levels",
            LEVELS.join(","),
            "--seconds",
            String(seconds),
            "--warmup-seconds",
            String(warmupSeconds),
          ],
          service.pid,
          20 * 60_000,
        );
        const serviceCpu = (level: LevelReport): ServiceCpu | undefined => {
          const used = cpu.get(level.users);
          return used === undefined
            ? undefined
            : { cores: used / level.seconds, msPerTurn: (1000 * used) / Math.max(1, level.turns) };
        };
        return summarizeRun({ backend, workers, seconds, warmupSeconds, report, serviceCpu });
      } finally {
        await service?.stop();
        await sandbox.close();
        await database?.drop().catch(() => {});
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
  );
}

function summarizeRun(run: {
  backend: Backend;
  workers: number;
  seconds: number;
  warmupSeconds: number;
  report: LoadGeneratorReport;
  serviceCpu: (level: LevelReport) => ServiceCpu | undefined;
}): Pick<BenchmarkResult, "method" | "rows" | "data" | "targets"> {
  const { backend, workers, report } = run;
  const cores = os.availableParallelism();
  const processes =
    backend === "pglite"
      ? "PGlite: the service is one process (its database lives in it), so this is not the 2-core figure"
      : `${workers} worker process${workers === 1 ? "" : "es"} (node:cluster, one per core as npm start) on ${cores} cores`;
  const rows: ResultRow[] = [
    { metric: "service processes", value: String(workers), note: processes },
    ...report.levels.map((level) => {
      const service = run.serviceCpu(level);
      const target =
        level.users === TARGET_USERS
          ? `target >= ${TARGETS.throughput.limit} with 0 errors: ${meets("throughput", level.turnsPerSecond) && meets("throughputErrors", level.errors) ? "met" : "NOT met"}; `
          : "";
      return {
        metric: `${level.users} user${level.users === 1 ? "" : "s"}: turns/s`,
        value: fixed(level.turnsPerSecond),
        note:
          `${target}ms p50/p95/p99 ${latencyText(level.latency)}; errors ${level.errors}` +
          `${level.errors ? ` ${JSON.stringify(level.errorKinds)}` : ""}; ` +
          `service CPU ${service ? `${fixed(service.cores, 2)} cores, ${fixed(service.msPerTurn, 1)} ms/turn` : "unknown (no /proc)"}; ` +
          `client ${fixed(level.clientCpuCores, 2)} cores, event loop ${fixed(100 * level.clientEventLoop, 0)} %`,
      };
    }),
  ];
  const atTarget = report.levels.find((l) => l.users === TARGET_USERS);
  const caveat =
    backend === "pglite"
      ? "PGlite, one process; the target is for Postgres"
      : workers !== TARGET_CORES || cores !== TARGET_CORES
        ? `${workers} workers on ${cores} cores, not 2`
        : undefined;
  const targets: TargetFigure[] = atTarget
    ? [
        { target: "throughput", value: atTarget.turnsPerSecond, caveat },
        { target: "throughputErrors", value: atTarget.errors, caveat },
      ]
    : [];
  return {
    method:
      `The service runs as its own process(es), started like npm start (node --import tsx/esm src/main.ts; ${processes}), ` +
      "in live broker mode against a broker sandbox in the bench process. The clients run in a separate process " +
      "(bench/throughput/load-generator.ts) and speak HTTP on 127.0.0.1: each user is seeded and linked through the " +
      `service's routes, the webhook burst is drained, then per level every user sends "${READ_QUESTION}" back to back ` +
      `(a new thread every ${TURNS_PER_THREAD} turns) for ${run.warmupSeconds} s unmeasured, then ${run.seconds} s measured. ` +
      "Errors = non-200 answers and failed requests. Service CPU = the primary's and workers' CPU time (/proc) over " +
      "the measured seconds; client CPU is the load generator's own.",
    rows,
    targets,
    data: { workers, cores, linkSeconds: report.linkSeconds, levels: report.levels },
  };
}
