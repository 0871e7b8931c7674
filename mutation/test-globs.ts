/**
 * How mutation/run.ts hands a module's test globs to the vitest config Stryker runs: as JSON,
 * because a glob may itself hold commas (`src/orders/{engine,decisions}.test.ts`).
 */
export const testGlobsVariable = "MUTATION_TESTS";

export function encodeTestGlobs(globs: readonly string[]): string {
  return JSON.stringify(globs);
}

/** The globs in `value`; an empty list when it is unset. Anything but a JSON list of strings throws. */
export function decodeTestGlobs(value: string | undefined): string[] {
  if (value === undefined || value === "") return [];
  const parsed: unknown = JSON.parse(value);
  if (!Array.isArray(parsed) || !parsed.every((glob) => typeof glob === "string")) {
    throw new Error(`${testGlobsVariable} must be a JSON list of globs, got ${value}`);
  }
  return parsed;
}
