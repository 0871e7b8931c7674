import path from "node:path";
import type { MutantResult } from "@stryker-mutator/api/core";

/** Mutants of one file by outcome, and its mutation score as Stryker defines it. */
export interface FileScore {
  file: string;
  killed: number;
  survived: number;
  noCoverage: number;
  /** Percent of valid mutants detected (killed or timed out); null when there are none. */
  score: number | null;
}

/**
 * Stryker's score: detected (killed, timeout) over valid (detected + survived + no coverage);
 * mutants that do not compile, crash at runtime or are disabled with a reason are not counted.
 */
export function scoresByFile(results: readonly MutantResult[]): FileScore[] {
  const byFile = new Map<string, FileScore>();
  for (const result of results) {
    const file = path.relative(process.cwd(), result.fileName);
    const entry = byFile.get(file) ?? { file, killed: 0, survived: 0, noCoverage: 0, score: null };
    if (result.status === "Killed" || result.status === "Timeout") entry.killed++;
    else if (result.status === "Survived") entry.survived++;
    else if (result.status === "NoCoverage") entry.noCoverage++;
    byFile.set(file, entry);
  }
  return [...byFile.values()].map(withScore).sort((a, b) => a.file.localeCompare(b.file));
}

function withScore(entry: FileScore): FileScore {
  const valid = entry.killed + entry.survived + entry.noCoverage;
  return { ...entry, score: valid === 0 ? null : (entry.killed / valid) * 100 };
}

/** A plain-text table of files, and the module's total. */
export function scoreTable(files: readonly FileScore[]): { text: string; total: FileScore } {
  const total = withScore(
    files.reduce<FileScore>(
      (sum, f) => ({
        file: "all files",
        killed: sum.killed + f.killed,
        survived: sum.survived + f.survived,
        noCoverage: sum.noCoverage + f.noCoverage,
        score: null,
      }),
      { file: "all files", killed: 0, survived: 0, noCoverage: 0, score: null },
    ),
  );
  const width = Math.max(...[...files, total].map((f) => f.file.length));
  const line = (f: FileScore) =>
    `${f.file.padEnd(width)}  ${(f.score === null ? "-" : f.score.toFixed(1)).padStart(6)}  ${String(f.killed).padStart(6)}  ${String(f.survived).padStart(8)}  ${String(f.noCoverage).padStart(8)}`;
  const header = `${"file".padEnd(width)}  ${"score".padStart(6)}  ${"killed".padStart(6)}  ${"survived".padStart(8)}  ${"no cover".padStart(8)}`;
  return { text: [header, ...files.map(line), line(total)].join("\n"), total };
}
