import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { filterScenarios, loadScenarios, loadSeeds } from "./load-scenarios.js";
import { formatFailures, formatReport, jsonReport } from "./report.js";
import { runSuite } from "./run-suite.js";

/**
 * `npm run eval [-- --filter <text>] [--json <file>] [--scenarios <dir>] [--verbose]`: every conversation scenario
 * against the service started in-process on a fresh sandbox world, through its HTTP API. Uses
 * the offline model, or OpenAI when OPENAI_API_KEY is set. Exit code 1 when any scenario fails.
 */
async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      filter: { type: "string" },
      json: { type: "string" },
      scenarios: { type: "string" },
      verbose: { type: "boolean", short: "v", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(
      "Usage: npm run eval -- [--filter <text>] [--json <file>] [--scenarios <dir>] [--verbose]\n",
    );
    return 0;
  }
  const seeds = loadSeeds();
  const scenarios = filterScenarios(loadScenarios(values.scenarios, seeds), values.filter);
  if (scenarios.length === 0) {
    process.stderr.write(`no scenario matches "${values.filter}"\n`);
    return 1;
  }
  process.stderr.write(`running ${scenarios.length} scenario(s)...\n`);
  const suite = await runSuite({
    scenarios,
    seeds,
    onResult(result, index, total) {
      if (values.verbose || !result.passed) {
        process.stderr.write(
          `[${index + 1}/${total}] ${result.passed ? "pass" : "FAIL"} ${result.id} (${result.ms} ms)\n`,
        );
      }
    },
  });
  process.stdout.write(`${formatReport(suite, process.stdout.columns ?? 160)}\n`);
  const failures = formatFailures(suite.results);
  if (failures) process.stdout.write(`\nFailures:\n${failures}\n`);
  if (values.json) writeFileSync(values.json, `${JSON.stringify(jsonReport(suite), null, 2)}\n`);
  return suite.failed > 0 ? 1 : 0;
}

process.exitCode = await main();
