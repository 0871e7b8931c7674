import { defineConfig } from "vitest/config";
import baseConfig from "../vitest.config.js";
import { decodeTestGlobs, testGlobsVariable } from "./test-globs.js";

/**
 * The suite as Stryker runs it: only the tests of the module under mutation (a JSON list of globs
 * set by mutation/run.ts), so a mutant costs its own tests only.
 */
const include = decodeTestGlobs(process.env[testGlobsVariable]);

export default defineConfig({
  ...baseConfig,
  test: {
    ...baseConfig.test,
    include: include.length > 0 ? include : baseConfig.test?.include,
    // A test service's start (PGlite, sandbox) can take minutes when every core is busy.
    hookTimeout: 300_000,
    testTimeout: 120_000,
    // Stryker's workers share 2 cores with everything else: broker calls to the in-process
    // sandbox get more time, so a slow answer is not mistaken for a killed mutant.
    env: { TEST_BROKER_TIMEOUT_MS: "8000", TEST_ORDER_TIMEOUT_MS: "4000", ...baseConfig.test?.env },
  },
});
