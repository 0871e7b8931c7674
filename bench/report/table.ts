import { fixed } from "./percentiles.js";
import type { BenchmarkResult } from "./result.js";

const pad = (text: string, width: number) => text + " ".repeat(Math.max(0, width - text.length));

/** A plain-text table of every result: benchmark, backend, metric, value, note; then each method once. */
export function renderTable(results: BenchmarkResult[]): string {
  const lines: string[][] = [["benchmark", "backend", "metric", "value", "note"]];
  for (const result of results) {
    result.rows.forEach((row, i) => {
      lines.push([
        i === 0 ? result.benchmark : "",
        i === 0 ? result.backend : "",
        row.metric,
        row.value,
        row.note ?? "",
      ]);
    });
    lines.push([
      "",
      "",
      "(load, time)",
      `${fixed(result.load.before, 2)} -> ${fixed(result.load.after, 2)}`,
      `${fixed(result.seconds, 1)} s`,
    ]);
  }
  const widths = [0, 1, 2, 3].map((c) => Math.max(...lines.map((l) => l[c]!.length)));
  const out = lines.map((l) =>
    l
      .map((cell, c) => (c < 4 ? pad(cell, widths[c]!) : cell))
      .join("  ")
      .trimEnd(),
  );
  out.splice(1, 0, widths.map((w) => "-".repeat(w)).join("  "));
  const methods = new Map(results.map((r) => [r.benchmark, r.method]));
  out.push("", "How each figure was measured:");
  for (const [name, method] of methods) out.push(`- ${name}: ${method}`);
  return out.join("\n");
}
