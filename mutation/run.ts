/**
 * `npm run mutation [module ...]`: StrykerJS over the money path, one module at a time (its own
 * tests only, 2 workers, incremental against the committed mutation/incremental/<module>.json so a
 * rerun tests only mutants in changed code). Prints a per-file score table and exits non-zero when
 * a module scores below its bar.
 */
import { copyFileSync, existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import type { PartialStrykerOptions } from "@stryker-mutator/api/core";
import { Stryker } from "@stryker-mutator/core";
import { filesOfMutateGlobs, pruneIncrementalReport } from "./module-files.js";
import { type MutationModule, mutationModules } from "./modules.js";
import { type FileScore, scoresByFile, scoreTable } from "./scores.js";
import { encodeTestGlobs, testGlobsVariable } from "./test-globs.js";

const root = path.resolve(import.meta.dirname, "..");

/**
 * Where a run keeps its incremental results: the committed file for a whole module; for a run
 * narrowed with `--only`, a scratch copy of it, so a partial run never rewrites the module's record.
 */
function incrementalFileOf(module: MutationModule, narrowed: boolean): string {
  const committed = `mutation/incremental/${module.name}.json`;
  if (!narrowed) return committed;
  const scratch = `.stryker-tmp/${module.name}-only.json`;
  mkdirSync(path.join(root, ".stryker-tmp"), { recursive: true });
  if (!existsSync(path.join(root, scratch)) && existsSync(path.join(root, committed))) {
    copyFileSync(path.join(root, committed), path.join(root, scratch));
  }
  return scratch;
}

async function runModule(module: MutationModule, only: string[]): Promise<FileScore[]> {
  process.env[testGlobsVariable] = encodeTestGlobs(module.tests);
  mkdirSync(path.join(root, "mutation/incremental"), { recursive: true });
  const mutate = only.length > 0 ? only : module.mutate;
  const files = filesOfMutateGlobs(mutate, root);
  const incrementalFile = incrementalFileOf(module, only.length > 0);
  if (only.length === 0 && existsSync(path.join(root, incrementalFile))) {
    const dropped = pruneIncrementalReport(path.join(root, incrementalFile), files);
    if (dropped.length > 0)
      console.log(`Dropped from ${incrementalFile} (no longer in ${module.name}): ${dropped.join(", ")}`);
  }
  const stryker = new Stryker({
    mutate,
    testRunner: "vitest",
    vitest: { configFile: "mutation/vitest.config.ts", related: true },
    checkers: ["typescript"],
    appendPlugins: [path.join(root, "mutation/ignore-logging.js")],
    ignorers: ["logging"],
    tsconfigFile: "mutation/tsconfig.checker.json",
    typescriptChecker: { prioritizePerformanceOverAccuracy: true },
    coverageAnalysis: "perTest",
    concurrency: Number(process.env.MUTATION_CONCURRENCY ?? 2),
    incremental: process.env.MUTATION_FULL !== "1",
    incrementalFile,
    // Without a terminal (a log file), progress as appended lines so a long run can be followed.
    reporters: [process.stdout.isTTY ? "progress" : "progress-append-only", "clear-text"],
    clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: false },
    thresholds: { high: 95, low: module.breakAt, break: null },
    tempDirName: `.stryker-tmp/${module.name}`,
    cleanTempDir: true,
    timeoutMS: 30_000,
    // The first, unmutated run of a module's tests on 2 busy cores can take well over the default 5 min.
    dryRunTimeoutMinutes: 30,
    logLevel: "warn" as PartialStrykerOptions["logLevel"],
    ignoreStatic: true,
  });
  // A narrowed run also reports the module's other files from the record; only what ran counts.
  return scoresByFile(await stryker.runMutationTest()).filter((score) => files.has(score.file));
}

// `npm run mutation <module> -- --only <file>`: mutate only that file of the module (while writing
// its tests); the score that counts is the whole module's.
const args = process.argv.slice(2);
const only = args.flatMap((arg, i) => (args[i - 1] === "--only" ? [arg] : []));
const wanted = args.filter((arg, i) => arg !== "--only" && args[i - 1] !== "--only");
const unknown = wanted.filter((name) => !mutationModules.some((m) => m.name === name));
if (unknown.length > 0) {
  console.error(
    `Unknown module(s): ${unknown.join(", ")}. Modules: ${mutationModules.map((m) => m.name).join(", ")}`,
  );
  process.exit(2);
}
const modules = wanted.length > 0 ? mutationModules.filter((m) => wanted.includes(m.name)) : mutationModules;

let failed = false;
const summary: string[] = [];
for (const module of modules) {
  const files = await runModule(module, only);
  console.log(`\n## ${module.name} (bar ${module.breakAt} %)\n`);
  const { text, total } = scoreTable(files);
  console.log(text);
  const below = total.score !== null && total.score < module.breakAt;
  failed ||= below;
  summary.push(
    `${module.name}: ${total.score === null ? "no mutants" : `${total.score.toFixed(1)} %`} (bar ${module.breakAt} %)${below ? "  BELOW" : ""}`,
  );
}
console.log(`\n${summary.join("\n")}`);
process.exit(failed ? 1 : 0);
