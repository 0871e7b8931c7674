import { createHmac } from "node:crypto";

/**
 * An independent SnapTrade webhook signer for tests, written the way Python's
 * json.dumps(sort_keys=True, separators=(",", ":")) behaves for payloads without floats: sort
 * keys recursively, JSON.stringify, then escape every UTF-16 unit outside printable ASCII as
 * lowercase \uXXXX. Shares no code with the verifier under test.
 */
function sortDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortDeep);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sortDeep((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

export function pythonDumps(payload: unknown): string {
  return JSON.stringify(sortDeep(payload)).replace(
    /[\u007f-\uffff]/g,
    (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

export function signSnaptradeWebhook(body: string, consumerKey: string): string {
  return createHmac("sha256", consumerKey)
    .update(pythonDumps(JSON.parse(body)))
    .digest("base64");
}
