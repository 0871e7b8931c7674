/**
 * Whether `actual` contains `expected`: every key of an expected object must match, extra keys
 * are fine; every element of an expected array must match some element of the actual array (in
 * any order); strings compare case-insensitively, numbers to 1e-6. Returns null on a match, or
 * where and how it differs.
 */
export function subsetMismatch(actual: unknown, expected: unknown, path = ""): string | null {
  if (expected === null || typeof expected !== "object") {
    if (typeof expected === "number" && typeof actual === "number") {
      return Math.abs(actual - expected) <= 1e-6
        ? null
        : `${path || "value"} is ${actual}, expected ${expected}`;
    }
    if (typeof expected === "string" && typeof actual === "string") {
      return actual.toLowerCase() === expected.toLowerCase()
        ? null
        : `${path || "value"} is ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`;
    }
    return actual === expected
      ? null
      : `${path || "value"} is ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`;
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return `${path || "value"} is not a list`;
    for (const [index, item] of expected.entries()) {
      if (!actual.some((candidate) => subsetMismatch(candidate, item) === null)) {
        return `${path || "list"} has no element matching ${JSON.stringify(item)} (expected item ${index + 1})`;
      }
    }
    return null;
  }
  if (actual === null || typeof actual !== "object" || Array.isArray(actual)) {
    return `${path || "value"} is ${JSON.stringify(actual)}, expected an object`;
  }
  for (const [key, value] of Object.entries(expected)) {
    if (value === undefined) continue;
    const mismatch = subsetMismatch(
      (actual as Record<string, unknown>)[key],
      value,
      path ? `${path}.${key}` : key,
    );
    if (mismatch) return mismatch;
  }
  return null;
}
