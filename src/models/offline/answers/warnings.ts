import { cleanDataText } from "../text/untrusted-text.js";

/** Stale-data and other warnings from a result, one "Note:" line each (at most three). */
export function warningLines(warnings: unknown): string[] {
  if (!Array.isArray(warnings)) return [];
  const lines = warnings
    .map((warning) =>
      cleanDataText(typeof warning === "string" ? warning : (warning as { message?: unknown })?.message, 160),
    )
    .filter((text) => text.length > 0);
  const shown = lines.slice(0, 3).map((text) => `Note: ${text}`);
  if (lines.length > 3) shown.push(`(${lines.length - 3} more warnings not shown.)`);
  return shown;
}
