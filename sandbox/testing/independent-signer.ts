import { createHmac } from "node:crypto";

/**
 * A SnapTrade request signer written independently of the sandbox's (recursive key sort rather
 * than the SDK's replacer trick), so the tests do not grade the sandbox with its own code.
 */
function sortDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortDeep);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, sortDeep((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}

export function independentSignature(
  consumerKey: string,
  path: string,
  query: string,
  body: unknown,
): string {
  const content =
    body === undefined || (body && typeof body === "object" && Object.keys(body).length === 0) ? null : body;
  const message = JSON.stringify(sortDeep({ content, path, query }));
  return createHmac("sha256", encodeURI(consumerKey)).update(message).digest("base64");
}

export interface SignedFetchInput {
  baseUrl: string;
  consumerKey: string;
  clientId: string;
  method: "GET" | "POST" | "DELETE";
  path: string;
  params?: Record<string, string>;
  body?: unknown;
  /** Alter the signature after computing it (to test rejection). */
  tamper?: (signature: string) => string;
}

/** A raw SnapTrade call signed like the SDK: clientId first, timestamp last. */
export async function signedFetch(input: SignedFetchInput): Promise<Response> {
  const query = new URLSearchParams({ clientId: input.clientId, ...input.params });
  query.set("timestamp", String(Math.round(Date.now() / 1000)));
  const queryString = query.toString();
  const body = input.body === undefined ? undefined : JSON.stringify(input.body);
  let signature = independentSignature(input.consumerKey, input.path, queryString, input.body);
  if (input.tamper) signature = input.tamper(signature);
  return fetch(`${input.baseUrl}/snaptrade${input.path}?${queryString}`, {
    method: input.method,
    headers: { Signature: signature, ...(body ? { "content-type": "application/json" } : {}) },
    body,
  });
}

/** Python's json.dumps(sort_keys=True, separators=(",", ":")) (ensure_ascii on), done by hand. */
export function pythonDumps(value: unknown): string {
  if (value === null) return "null";
  if (typeof value === "string") {
    let out = '"';
    for (const char of value) {
      for (let i = 0; i < char.length; i++) {
        const code = char.charCodeAt(i);
        if (char === '"') out += '\\"';
        else if (char === "\\") out += "\\\\";
        else if (char === "\n") out += "\\n";
        else if (char === "\r") out += "\\r";
        else if (char === "\t") out += "\\t";
        else if (code < 0x20 || code > 0x7e) out += `\\u${code.toString(16).padStart(4, "0")}`;
        else out += char[i];
      }
    }
    return `${out}"`;
  }
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (Array.isArray(value)) return `[${value.map(pythonDumps).join(",")}]`;
  const record = value as Record<string, unknown>;
  return `{${Object.keys(record)
    .sort()
    .map((key) => `${pythonDumps(key)}:${pythonDumps(record[key])}`)
    .join(",")}}`;
}

export function verifyWebhookSignature(
  consumerKey: string,
  rawBody: string,
  signature: string | undefined,
): boolean {
  const expected = createHmac("sha256", consumerKey)
    .update(pythonDumps(JSON.parse(rawBody)))
    .digest("base64");
  return expected === signature;
}
