import { type EvalService, startEvalService } from "./harness/eval-service.js";
import { SandboxAdmin } from "./harness/sandbox-admin.js";
import { runScenario, type ScenarioResult } from "./runner/run-scenario.js";
import type { Scenario, SeedUser } from "./scenario-schema.js";

export interface SuiteOptions {
  scenarios: Scenario[];
  seeds: ReadonlyMap<string, SeedUser>;
  /** Per HTTP request; short, so a hung turn fails its scenario instead of the run. */
  timeoutMs?: number;
  onResult?(result: ScenarioResult, index: number, total: number): void;
  env?: Record<string, string | undefined>;
}

export interface SuiteResult {
  model: EvalService["model"];
  results: ScenarioResult[];
  passed: number;
  failed: number;
  wallMs: number;
  /** CPU time of this process (user + system): the service runs in it too. */
  cpuMs: number;
}

/** One service for the whole suite; scenarios in sequence, each with a fresh sandbox user. */
export async function runSuite(options: SuiteOptions): Promise<SuiteResult> {
  const wallStart = performance.now();
  const cpuStart = process.cpuUsage();
  const service = await startEvalService(options.env);
  const admin = new SandboxAdmin(service.sandboxUrl);
  const results: ScenarioResult[] = [];
  try {
    for (const [index, scenario] of options.scenarios.entries()) {
      const result = await runScenario(scenario, {
        service,
        admin,
        seeds: options.seeds,
        timeoutMs: options.timeoutMs ?? (service.model === "openai" ? 90_000 : 15_000),
      });
      results.push(result);
      options.onResult?.(result, index, options.scenarios.length);
    }
  } finally {
    await service.close();
  }
  const cpu = process.cpuUsage(cpuStart);
  const passed = results.filter((r) => r.passed).length;
  return {
    model: service.model,
    results,
    passed,
    failed: results.length - passed,
    wallMs: Math.round(performance.now() - wallStart),
    cpuMs: Math.round((cpu.user + cpu.system) / 1000),
  };
}
