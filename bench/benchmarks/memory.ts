import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Backend } from "../harness/bench-service.js";
import { fixed } from "../report/percentiles.js";
import { type BenchContext, type BenchmarkResult, measured } from "../report/result.js";

interface MemoryReport {
  threads: number;
  requested: number;
  errors: number;
  seconds: number;
  gc: boolean;
  before: { rssMb: number; heapUsedMb: number; externalMb: number };
  after: { rssMb: number; heapUsedMb: number; externalMb: number };
}

const childScript = path.join(path.dirname(fileURLToPath(import.meta.url)), "../memory/child.ts");

/** Runs memory/child.ts in a fresh `node --expose-gc --import tsx` and reads its RESULT line. */
function runChild(backend: Backend, threads: number, maxSeconds: number, databaseUrl?: string) {
  return new Promise<MemoryReport>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        "--expose-gc",
        "--import",
        "tsx",
        childScript,
        "--backend",
        backend,
        "--threads",
        String(threads),
        "--max-seconds",
        String(maxSeconds),
      ],
      {
        env: { ...process.env, ...(databaseUrl ? { BENCH_DATABASE_URL: databaseUrl } : {}) },
        stdio: ["ignore", "pipe", "inherit"],
      },
    );
    let out = "";
    child.stdout.on("data", (chunk) => {
      out += String(chunk);
    });
    child.on("error", reject);
    child.on("exit", (code) => {
      const line = out.split("\n").find((l) => l.startsWith("RESULT "));
      if (code !== 0 || !line) reject(new Error(`the memory child exited with ${code}: ${out.slice(-500)}`));
      else resolve(JSON.parse(line.slice("RESULT ".length)) as MemoryReport);
    });
  });
}

/** RSS and heap after N threads were created and used once, in a process that did nothing else. */
export function memory(
  backend: Backend,
  databaseUrl: string | undefined,
  ctx: BenchContext,
  options: { threads?: number; maxSeconds?: number } = {},
) {
  return measured("memory", backend, async (): Promise<Pick<BenchmarkResult, "method" | "rows" | "data">> => {
    const threads = options.threads ?? (ctx.quick ? 500 : 10_000);
    const maxSeconds = options.maxSeconds ?? (ctx.quick ? 30 : 60);
    const r = await runChild(backend, threads, maxSeconds, databaseUrl);
    const perThreadKb = (1024 * (r.after.rssMb - r.before.rssMb)) / Math.max(1, r.threads);
    const projectedMb = r.before.rssMb + (perThreadKb * threads) / 1024;
    return {
      method: `A separate process creates threads and sends one short read turn ("what's my buying power?") on each, 10 at a time over HTTP, for 5 linked users; measured after two forced GCs (${r.gc ? "--expose-gc" : "no gc available"}). Capped at ${maxSeconds} s (--memory-max-seconds): when the cap is hit, the row says how many threads were reached and a linear projection to ${threads} follows.`,
      rows: [
        {
          metric: `RSS after ${r.threads} threads, MB`,
          value: fixed(r.after.rssMb, 0),
          note: `before ${fixed(r.before.rssMb, 0)} MB; ${perThreadKb > 0 ? `+${fixed(perThreadKb, 1)} KB/thread` : "no growth above GC noise at this count"}; ${fixed(r.threads / r.seconds, 1)} threads/s; errors ${r.errors}`,
        },
        ...(r.threads < threads && perThreadKb > 0
          ? [
              {
                metric: `RSS projected at ${threads} threads, MB`,
                value: fixed(projectedMb, 0),
                note: "linear from the measured growth; run with --memory-max-seconds 1800 for the real figure",
              },
            ]
          : []),
        {
          metric: "heap used after, MB",
          value: fixed(r.after.heapUsedMb, 0),
          note: `before ${fixed(r.before.heapUsedMb, 0)} MB; external ${fixed(r.before.externalMb, 0)} -> ${fixed(r.after.externalMb, 0)} MB`,
        },
      ],
      data: { ...r, perThreadKb, projectedMb },
    };
  });
}
