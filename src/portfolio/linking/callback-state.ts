import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * The `state` put into the SnapTrade portal's redirect URL. The callback carries no bearer token,
 * so this token is how it knows the user: `<payload>.<mac>`, both base64url, the payload
 * `{u: userId, exp: unix seconds, n: nonce}`, the MAC an HMAC-SHA256 under a purpose-bound key.
 */
export const callbackStateTtlMs = 15 * 60_000;

function mac(key: Buffer, payloadPart: string): Buffer {
  return createHmac("sha256", key).update(payloadPart).digest();
}

export function signCallbackState(key: Buffer, userId: string, now: Date): string {
  const payload = {
    u: userId,
    exp: Math.floor((now.getTime() + callbackStateTtlMs) / 1000),
    n: randomBytes(9).toString("base64url"),
  };
  const payloadPart = Buffer.from(JSON.stringify(payload)).toString("base64url");
  return `${payloadPart}.${mac(key, payloadPart).toString("base64url")}`;
}

export interface CallbackState {
  userId: string;
  /** Unique per state: what makes it single-use. */
  nonce: string;
  expiresAt: Date;
}

/** What the state was issued for, or null when it is forged, altered or expired. */
export function verifyCallbackState(key: Buffer, state: string | undefined, now: Date): CallbackState | null {
  const [payloadPart, macPart, extra] = (state ?? "").split(".");
  if (!payloadPart || !macPart || extra !== undefined) return null;
  const given = Buffer.from(macPart, "base64url");
  const expected = mac(key, payloadPart);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    const payload = JSON.parse(Buffer.from(payloadPart, "base64url").toString("utf8")) as {
      u?: unknown;
      exp?: unknown;
      n?: unknown;
    };
    if (typeof payload.u !== "string" || typeof payload.exp !== "number" || typeof payload.n !== "string") {
      return null;
    }
    if (payload.exp * 1000 <= now.getTime()) return null;
    return { userId: payload.u, nonce: payload.n, expiresAt: new Date(payload.exp * 1000) };
  } catch {
    return null;
  }
}
