import { createHmac, timingSafeEqual } from "node:crypto";
import { pythonCanonicalJson, sdkSortedJson } from "./canonical-json.js";

export interface SignedRequest {
  /** The operation path without the mount prefix and without the query, e.g. `/accounts`. */
  path: string;
  /** The raw query string as sent (already URL-encoded), without the `?`. */
  query: string;
  /** The parsed JSON body, or null when the body is empty or `{}`. */
  content: unknown;
}

function hmacBase64(key: string, message: string): string {
  return createHmac("sha256", key).update(message).digest("base64");
}

/** The `Signature` header value the SnapTrade SDK computes for a request. */
export function signRequest(consumerKey: string, request: SignedRequest): string {
  const message = sdkSortedJson({ content: request.content, path: request.path, query: request.query });
  return hmacBase64(encodeURI(consumerKey), message);
}

/** The `Signature` header of a webhook: HMAC over the Python-canonical JSON of the payload. */
export function signWebhook(consumerKey: string, payload: unknown): string {
  return hmacBase64(consumerKey, pythonCanonicalJson(payload));
}

export function signaturesMatch(expected: string, received: string | undefined): boolean {
  if (!received) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(received);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The body content as the SDK signs it: null for no body or `{}`. */
export function signedContent(rawBody: string): unknown {
  if (rawBody === "" || rawBody === "{}") return null;
  return JSON.parse(rawBody);
}
