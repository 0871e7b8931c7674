import { readFileSync, writeFileSync } from "node:fs";
import { globSync } from "tinyglobby";

/** The source files a list of Stryker mutate globs selects (`!` globs exclude), relative to `cwd`. */
export function filesOfMutateGlobs(globs: readonly string[], cwd: string): Set<string> {
  const positive = globs.filter((glob) => !glob.startsWith("!"));
  const negative = globs.filter((glob) => glob.startsWith("!")).map((glob) => glob.slice(1));
  return new Set(globSync(positive, { cwd, ignore: negative }));
}

/**
 * Drops from a Stryker incremental report the files a module no longer mutates. Stryker keeps an
 * old file's results "so they are not forgotten" when it is out of the run's scope, so a module
 * whose file list shrank would go on reporting (and scoring) files it does not test any more.
 * Returns the names dropped; the report is rewritten only when there are some.
 */
export function pruneIncrementalReport(reportPath: string, keep: ReadonlySet<string>): string[] {
  const report = JSON.parse(readFileSync(reportPath, "utf8")) as { files: Record<string, unknown> };
  const dropped = Object.keys(report.files).filter((file) => !keep.has(file));
  if (dropped.length === 0) return [];
  for (const file of dropped) delete report.files[file];
  writeFileSync(reportPath, JSON.stringify(report, null, 2));
  return dropped;
}
