import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { brokerCalls } from "./benchmarks/broker-calls.js";
import { checkpointVariants } from "./benchmarks/checkpoint-variants.js";
import { fanOut } from "./benchmarks/fan-out.js";
import { memory } from "./benchmarks/memory.js";
import { promptSize } from "./benchmarks/prompt-size.js";
import { statementsPerTurn } from "./benchmarks/statements-per-turn.js";
import { threadLength } from "./benchmarks/thread-length.js";
import { throughput } from "./benchmarks/throughput.js";
import { turnOverhead } from "./benchmarks/turn-overhead.js";
import { type Backend, type BenchService, startBenchService } from "./harness/bench-service.js";
import { parseArgs } from "./report/args.js";
import type { BenchContext, BenchmarkResult } from "./report/result.js";
import { renderTable } from "./report/table.js";
import { evaluateTargets, renderTargets } from "./report/targets.js";

/** Benchmarks that share one running service per backend, in the order they run. */
const serviceBenchmarks: Record<string, (svc: BenchService, ctx: BenchContext) => Promise<BenchmarkResult>> =
  {
    turn: turnOverhead,
    statements: statementsPerTurn,
    length: threadLength,
    checkpoint: checkpointVariants,
    fanout: fanOut,
    calls: brokerCalls,
  };
const allNames = ["prompt", ...Object.keys(serviceBenchmarks), "throughput", "memory"];

const usage = `npm run bench -- [--quick] [--only ${allNames.join(",")}] [--backend pglite|postgres]
                 [--memory-threads N] [--memory-max-seconds S]
  BENCH_DATABASE_URL=postgres://... also runs every backend benchmark on real Postgres.`;

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (args.has("help")) {
    console.log(usage);
    return;
  }
  const quick = args.has("quick");
  const only = new Set((args.get("only") ?? allNames.join(",")).split(",").filter(Boolean));
  for (const name of only)
    if (!allNames.includes(name)) throw new Error(`unknown benchmark ${name}\n${usage}`);
  const databaseUrl = process.env.BENCH_DATABASE_URL || undefined;
  const backends: Backend[] = args.has("backend")
    ? [args.get("backend") as Backend]
    : databaseUrl
      ? ["pglite", "postgres"]
      : ["pglite"];
  const ctx: BenchContext = { quick, log: (line) => process.stderr.write(`${line}\n`) };
  const started = new Date();
  ctx.log(
    `bench ${quick ? "(quick) " : ""}on ${backends.join(" + ")}; load ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}`,
  );

  const results: BenchmarkResult[] = [];
  if (only.has("prompt")) results.push(await promptSize());
  for (const backend of backends) {
    const names = Object.keys(serviceBenchmarks).filter((n) => only.has(n));
    if (names.length > 0) {
      ctx.log(`starting the service on ${backend}`);
      const svc = await startBenchService(backend, databaseUrl);
      try {
        for (const name of names) {
          ctx.log(`${name} (${backend})`);
          results.push(await serviceBenchmarks[name]!(svc, ctx));
        }
      } finally {
        await svc.close();
      }
    }
    if (only.has("throughput")) {
      ctx.log(`throughput (${backend}, the service and the clients in processes of their own)`);
      results.push(await throughput(backend, databaseUrl, ctx));
    }
    if (only.has("memory")) {
      ctx.log(`memory (${backend}, separate process)`);
      const threads = args.has("memory-threads") ? Number(args.get("memory-threads")) : undefined;
      const maxSeconds = args.has("memory-max-seconds") ? Number(args.get("memory-max-seconds")) : undefined;
      results.push(await memory(backend, databaseUrl, ctx, { threads, maxSeconds }));
    }
  }

  const table = renderTable(results);
  const verdicts = evaluateTargets(results, backends);
  console.log(`\n${table}\n\n${renderTargets(verdicts)}\n`);
  const file = path.join(
    path.dirname(fileURLToPath(import.meta.url)),
    "results",
    `${started.toISOString().replace(/[:.]/g, "-")}.json`,
  );
  mkdirSync(path.dirname(file), { recursive: true });
  const machine = { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, memoryGb: os.totalmem() / 2 ** 30 };
  writeFileSync(
    file,
    `${JSON.stringify({ startedAt: started, quick, node: process.version, machine, results, targets: verdicts }, null, 2)}\n`,
  );
  console.log(`results written to ${path.relative(process.cwd(), file)}`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
