import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["{src,sandbox,graphs,tools,evals,bench,attack,test,web,mutation}/**/*.test.ts"],
    globalSetup: ["test/setup/pglite-template.global.ts"],
    pool: "forks",
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // PGlite's WASM start costs seconds: keep one instance per file and few files at once.
    maxWorkers: 2,
  },
});
