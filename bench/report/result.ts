import os from "node:os";
import type { TargetFigure } from "./targets.js";

/** One printed line of a benchmark: a metric, its value, and how to read it. */
export interface ResultRow {
  metric: string;
  value: string;
  note?: string;
}

export interface BenchmarkResult {
  benchmark: string;
  backend: string;
  /** How the figures were measured (printed under the table). */
  method: string;
  rows: ResultRow[];
  /** Raw figures for the JSON file. */
  data: Record<string, unknown>;
  /** Figures this benchmark gives for issue 16's targets (the closing summary judges them). */
  targets?: TargetFigure[];
  /** 1-minute load average before and after, and the seconds it took. */
  load: { before: number; after: number };
  seconds: number;
}

export interface BenchContext {
  quick: boolean;
  log(line: string): void;
}

/** Runs one benchmark and stamps it with the machine load around it. */
export async function measured(
  benchmark: string,
  backend: string,
  work: () => Promise<Pick<BenchmarkResult, "method" | "rows" | "data" | "targets">>,
): Promise<BenchmarkResult> {
  const before = os.loadavg()[0]!;
  const started = performance.now();
  const result = await work();
  return {
    benchmark,
    backend,
    ...result,
    load: { before, after: os.loadavg()[0]! },
    seconds: (performance.now() - started) / 1000,
  };
}
