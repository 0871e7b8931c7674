import type { SuiteResult } from "./run-suite.js";
import { WRONG_CARD } from "./runner/check-turn.js";
import type { ScenarioResult } from "./runner/run-scenario.js";

/** Scenarios with a card that differs from the request: any one fails the suite. */
export function wrongCards(results: readonly ScenarioResult[]): ScenarioResult[] {
  return results.filter((r) => r.failures.some((f) => f.includes(`${WRONG_CARD}:`)));
}

/** Pass figures per category, worst first: "buy  12/14  85.7%". */
export function formatCategories(results: readonly ScenarioResult[]): string {
  const byCategory = new Map<string, { passed: number; total: number }>();
  for (const r of results) {
    const figures = byCategory.get(r.category) ?? { passed: 0, total: 0 };
    figures.total += 1;
    if (r.passed) figures.passed += 1;
    byCategory.set(r.category, figures);
  }
  const width = Math.max(8, ...[...byCategory.keys()].map((c) => c.length));
  const rows = [...byCategory.entries()]
    .sort(([a, x], [b, y]) => x.passed / x.total - y.passed / y.total || a.localeCompare(b))
    .map(
      ([category, { passed, total }]) =>
        `${category.padEnd(width)}  ${`${passed}/${total}`.padStart(7)}  ${((100 * passed) / total).toFixed(1).padStart(5)}%`,
    );
  return [`${"category".padEnd(width)}   passed      rate`, ...rows].join("\n");
}

/** The results table (scenario, turns, pass/fail, first failed expectation) and the pass rate. */
export function formatReport(suite: SuiteResult, width = 160): string {
  const idWidth = Math.max(8, ...suite.results.map((r) => r.id.length));
  const header = `${"scenario".padEnd(idWidth)}  turns  result  first failed expectation`;
  const rows = suite.results.map((r) => {
    const failure = r.firstFailure ? clip(r.firstFailure, Math.max(40, width - idWidth - 17)) : "";
    return `${r.id.padEnd(idWidth)}  ${String(r.turns).padStart(5)}  ${r.passed ? "pass  " : "FAIL  "}  ${failure}`;
  });
  const total = suite.results.length;
  const rate = total === 0 ? 0 : (100 * suite.passed) / total;
  return [
    header,
    "-".repeat(Math.min(width, header.length + 40)),
    ...rows,
    "",
    formatCategories(suite.results),
    "",
    `${suite.passed}/${total} passed (${rate.toFixed(1)}%) with the ${suite.model} model; ` +
      `${wrongCards(suite.results).length} wrong card(s); ` +
      `${(suite.wallMs / 1000).toFixed(1)} s wall, ${(suite.cpuMs / 1000).toFixed(1)} s CPU`,
  ].join("\n");
}

/** Every failure of the failed scenarios, for reading below the table. */
export function formatFailures(results: ScenarioResult[]): string {
  return results
    .filter((r) => !r.passed)
    .map((r) => [`${r.id}:`, ...r.failures.map((f) => `  - ${f}`)].join("\n"))
    .join("\n");
}

/** The `--json` file: results without the bulky observations, plus the totals. */
export function jsonReport(suite: SuiteResult): unknown {
  return {
    model: suite.model,
    passed: suite.passed,
    failed: suite.failed,
    passRate: suite.results.length === 0 ? 0 : suite.passed / suite.results.length,
    wrongCards: wrongCards(suite.results).map((r) => r.id),
    wallMs: suite.wallMs,
    cpuMs: suite.cpuMs,
    scenarios: suite.results.map((r) => ({
      id: r.id,
      category: r.category,
      turns: r.turns,
      passed: r.passed,
      failures: r.failures,
      ms: r.ms,
      turnDetails: r.observations.map((o) => ({
        status: o.status,
        error: o.error,
        tools: o.toolCalls.map((c) => ({ name: c.name, result: c.result })),
        card: o.pending,
        order: o.order ? { id: o.order.id, status: o.order.status } : null,
        answer: o.answer,
        ms: o.ms,
      })),
    })),
  };
}

function clip(text: string, max: number): string {
  const flat = text.replace(/\s+/g, " ");
  return flat.length > max ? `${flat.slice(0, max - 3)}...` : flat;
}
