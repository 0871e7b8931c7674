import { describe, expect, it } from "vitest";
import { loadScenarios, loadSeeds } from "./load-scenarios.js";
import { wrongCards } from "./report.js";
import { runSuite } from "./run-suite.js";

/**
 * The whole conversation suite with the offline model (an empty environment, so an
 * OPENAI_API_KEY in the shell does not switch models): every scenario must pass.
 */
describe("conversation evals", () => {
  it("pass 100% with the offline model", async () => {
    const seeds = loadSeeds();
    const scenarios = loadScenarios(undefined, seeds);
    expect(scenarios.length).toBeGreaterThanOrEqual(300);
    const suite = await runSuite({ scenarios, seeds, env: {} });
    expect(suite.model).toBe("offline");
    const failed = suite.results.filter((r) => !r.passed).map((r) => `${r.id}: ${r.failures.join(" | ")}`);
    expect(failed).toEqual([]);
    expect(wrongCards(suite.results).map((r) => r.id)).toEqual([]);
  }, 600_000);
});
