/**
 * Deterministic JSON: object keys sorted at every depth, no whitespace, undefined dropped.
 * Hashes over it do not depend on property order (e.g. after a JSONB round trip).
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value instanceof Date) return value.toISOString();
  if (value !== null && typeof value === "object") {
    const sorted: Record<string, unknown> = {};
    // An undefined member stays undefined here, and JSON.stringify leaves it out.
    for (const key of Object.keys(value).sort())
      sorted[key] = sortKeys((value as Record<string, unknown>)[key]);
    return sorted;
  }
  if (typeof value === "number" && !Number.isFinite(value))
    throw new Error("canonical JSON has no form for NaN or Infinity");
  return value;
}
