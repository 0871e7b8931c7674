import { defineConfig } from "vitest/config";
import baseConfig from "../vitest.config.js";

/**
 * The suite as Stryker runs it: only the tests of the module under mutation (MUTATION_TESTS, a
 * comma-separated list of globs set by mutation/run.ts), so a mutant costs its own tests only.
 */
const include = (process.env.MUTATION_TESTS ?? "").split(",").filter(Boolean);

export default defineConfig({
  ...baseConfig,
  test: {
    ...baseConfig.test,
    include: include.length > 0 ? include : baseConfig.test?.include,
  },
});
