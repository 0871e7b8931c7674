/**
 * The two JSON canonical forms SnapTrade signs.
 *
 * Requests: the SDK collects every key name at every depth, sorts them and passes the list as
 * JSON.stringify's replacer, which yields keys sorted at every depth. We copy that algorithm
 * exactly so a byte-level match is guaranteed.
 *
 * Webhooks: SnapTrade's reference verifier re-dumps the payload with Python's
 * `json.dumps(sort_keys=True, separators=(",", ":"))`, whose default `ensure_ascii` escapes
 * every non-ASCII character as \uXXXX.
 */
export function sdkSortedJson(value: unknown): string {
  const allKeys: string[] = [];
  const seen = new Set<string>();
  JSON.stringify(value, (key, inner) => {
    if (!seen.has(key)) {
      allKeys.push(key);
      seen.add(key);
    }
    return inner;
  });
  allKeys.sort();
  return JSON.stringify(value, allKeys);
}

function escapeNonAscii(json: string): string {
  // Python's ensure_ascii escapes everything outside space..tilde, DEL included.
  return json.replace(/[\u007f-\uffff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** Python-compatible canonical JSON (sorted keys, compact, ASCII only). */
export function pythonCanonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return escapeNonAscii(JSON.stringify(value) ?? "null");
  if (Array.isArray(value)) return `[${value.map((item) => pythonCanonicalJson(item ?? null)).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, inner]) => inner !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, inner]) => `${escapeNonAscii(JSON.stringify(key))}:${pythonCanonicalJson(inner)}`).join(",")}}`;
}
