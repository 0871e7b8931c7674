import { readFileSync } from "node:fs";
import { inject } from "vitest";

let template: Blob | undefined;

/**
 * The run's migrated PGlite cluster (test/setup/pglite-template.global.ts), read once per test
 * file; undefined where no global setup provided one, and a database then starts empty.
 */
export function pgliteTemplate(): Blob | undefined {
  if (template) return template;
  const file = inject("pgliteTemplatePath");
  if (!file) return undefined;
  template = new Blob([readFileSync(file)]);
  return template;
}
