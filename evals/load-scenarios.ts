import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { z } from "zod";
import { expandParaphrases, paraphraseFileSchema } from "./paraphrase-table.js";
import { type Scenario, type SeedUser, scenarioFileSchema, seedUserSchema } from "./scenario-schema.js";

const here = path.dirname(fileURLToPath(import.meta.url));
export const SCENARIOS_DIR = path.join(here, "scenarios");
export const SEEDS_DIR = path.join(here, "seeds");
export const PARAPHRASES_DIR = path.join(here, "paraphrases");

function jsonFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith(".json"))
    .sort()
    .map((name) => path.join(dir, name));
}

function parseFile<T>(file: string, schema: z.ZodType<T>): T {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new Error(
      `${path.basename(file)}: not valid JSON (${error instanceof Error ? error.message : error})`,
    );
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${path.basename(file)}: ${issue?.path.join(".") || "(root)"}: ${issue?.message}`);
  }
  return parsed.data;
}

/** Seed presets: `evals/seeds/<name>.json`, each one user. */
export function loadSeeds(dir = SEEDS_DIR): Map<string, SeedUser> {
  return new Map(
    jsonFiles(dir).map((file) => [path.basename(file, ".json"), parseFile(file, seedUserSchema)]),
  );
}

/**
 * Every scenario file and paraphrase table, validated; ids are unique and named seed presets
 * exist. Paraphrase tables are read with the default scenarios directory only.
 */
export function loadScenarios(
  dir = SCENARIOS_DIR,
  seeds: ReadonlyMap<string, SeedUser> = loadSeeds(),
  paraphraseDir: string | null = dir === SCENARIOS_DIR ? PARAPHRASES_DIR : null,
): Scenario[] {
  const scenarios: Scenario[] = [];
  const ids = new Set<string>();
  const sources: Array<[string, Scenario[]]> = [
    ...jsonFiles(dir).map((file): [string, Scenario[]] => [
      file,
      parseFile(file, scenarioFileSchema).scenarios,
    ]),
    ...(paraphraseDir ? jsonFiles(paraphraseDir) : []).map((file): [string, Scenario[]] => [
      file,
      expandParaphrases(parseFile(file, paraphraseFileSchema)),
    ]),
  ];
  for (const [file, fileScenarios] of sources) {
    for (const scenario of fileScenarios) {
      if (ids.has(scenario.id))
        throw new Error(`${path.basename(file)}: duplicate scenario id "${scenario.id}"`);
      if (typeof scenario.seed === "string" && !seeds.has(scenario.seed)) {
        throw new Error(
          `${path.basename(file)}: scenario "${scenario.id}" uses unknown seed "${scenario.seed}"`,
        );
      }
      ids.add(scenario.id);
      scenarios.push(scenario);
    }
  }
  return scenarios;
}

/** Scenarios whose id or category contains `filter` (case-insensitive). */
export function filterScenarios(scenarios: Scenario[], filter: string | undefined): Scenario[] {
  if (!filter) return scenarios;
  const needle = filter.toLowerCase();
  return scenarios.filter((s) => s.id.includes(needle) || s.category.toLowerCase().includes(needle));
}
