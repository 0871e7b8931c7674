import { createHmac, timingSafeEqual } from "node:crypto";
import { CanonicalJsonError, pythonCanonicalJson } from "./python-canonical-json.js";

/** SnapTrade's reference handler refuses events older than this; we also refuse ones this far in the future. */
export const webhookMaxAgeMs = 5 * 60_000;

export type WebhookVerification =
  | { ok: true; payload: Record<string, unknown> }
  | { ok: false; reason: "malformed" | "bad_signature" | "stale" };

/**
 * Checks a SnapTrade webhook delivery: `Signature` = base64(HMAC-SHA256(consumer key, canonical
 * JSON of the body)), then the `eventTimestamp` window. The signature is checked before the body
 * is trusted for anything; the expected value never leaves this function.
 */
export function verifySnaptradeWebhook(input: {
  rawBody: string;
  signature: string | undefined;
  consumerKey: string;
  now: Date;
}): WebhookVerification {
  let canonical: string;
  try {
    canonical = pythonCanonicalJson(input.rawBody);
  } catch (error) {
    // Stryker disable next-line ConditionalExpression: the parser throws nothing else; a bug elsewhere should still surface
    if (error instanceof CanonicalJsonError) return { ok: false, reason: "malformed" };
    throw error;
  }
  const expected = createHmac("sha256", input.consumerKey).update(canonical, "utf8").digest();
  // Stryker disable next-line StringLiteral,MethodExpression: a stand-in for a missing header decodes to fewer than 32 bytes; Node's base64 decoder skips spaces, so trim() only reads better
  const given = Buffer.from(input.signature?.trim() ?? "", "base64");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, reason: "bad_signature" };
  }
  const payload = JSON.parse(input.rawBody) as unknown;
  if (typeof payload !== "object" || payload === null || Array.isArray(payload)) {
    return { ok: false, reason: "malformed" };
  }
  const record = payload as Record<string, unknown>;
  const sentAt = typeof record.eventTimestamp === "string" ? Date.parse(record.eventTimestamp) : Number.NaN;
  if (!Number.isFinite(sentAt) || Math.abs(input.now.getTime() - sentAt) > webhookMaxAgeMs) {
    return { ok: false, reason: "stale" };
  }
  return { ok: true, payload: record };
}

/** The delivery's id; the API-key schema of SnapTrade's spec spells it `webookId`. */
export function webhookIdOf(payload: Record<string, unknown>): string | null {
  const id = payload.webhookId ?? payload.webookId;
  return typeof id === "string" && id.length > 0 && id.length <= 200 ? id : null;
}
