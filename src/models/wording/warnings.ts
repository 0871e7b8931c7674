import { cleanDataText } from "../text/untrusted-text.js";

/**
 * Stale-data and other warnings from a result, one "Note:" line each; at most `limit` (data
 * answers keep it short; an order's card shows every warning, since each one is about money).
 */
export function warningLines(warnings: unknown, limit = 3): string[] {
  if (!Array.isArray(warnings)) return [];
  const lines = warnings
    .map((warning) =>
      cleanDataText(typeof warning === "string" ? warning : (warning as { message?: unknown })?.message, 160),
    )
    .filter((text) => text.length > 0);
  const shown = lines.slice(0, limit).map((text) => `Note: ${text}`);
  if (lines.length > limit) shown.push(`(${lines.length - limit} more warnings not shown.)`);
  return shown;
}
