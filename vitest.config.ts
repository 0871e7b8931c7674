import { relative } from "node:path";
import { defineConfig } from "vitest/config";
import { BaseSequencer, type TestSpecification } from "vitest/node";

/**
 * Files that run far longer than their size suggests. On a fresh checkout vitest has no timings
 * and starts the largest files first, so the conversation evals (two minutes in a 1 KB file)
 * started last and the whole run waited for them alone.
 */
const longRunning = new Set(["evals/evals.test.ts", "test/browser/accessibility.test.ts"]);

class LongRunningFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const isLong = (file: TestSpecification) =>
      longRunning.has(relative(this.ctx.config.root, file.moduleId));
    return [...sorted.filter(isLong), ...sorted.filter((file) => !isLong(file))];
  }
}

export default defineConfig({
  test: {
    include: ["{src,sandbox,graphs,tools,evals,bench,attack,test,web,mutation}/**/*.test.ts"],
    globalSetup: ["test/setup/pglite-template.global.ts"],
    pool: "forks",
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // PGlite's WASM start costs seconds: keep one instance per file and few files at once.
    maxWorkers: 2,
    sequence: { sequencer: LongRunningFirst },
  },
});
