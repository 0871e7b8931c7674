import { createHash, timingSafeEqual } from "node:crypto";
import { decodeProtectedHeader, importJWK, jwtVerify } from "jose";
import { LRUCache } from "lru-cache";
import type { PlaidWebhookKey, PlaidWebhookKeySource } from "../../brokers/plaid/webhook-keys.js";

export type PlaidVerification =
  | { ok: true; iat: number; bodySha256: string }
  | {
      ok: false;
      reason: "missing" | "malformed" | "algorithm" | "unknown_key" | "signature" | "stale" | "body";
    };

/** Plaid's rule: a webhook whose JWT was issued more than 5 minutes ago is refused. */
const maxAgeSeconds = 5 * 60;

/**
 * Verifies a Plaid webhook as Plaid's docs describe: the `Plaid-Verification` header is an ES256
 * JWT; its `kid` names a key fetched from `/webhook_verification_key/get` (cached, refused once
 * expired); the signature must verify, `iat` be within 5 minutes, and `request_body_sha256` equal
 * the SHA-256 of the exact body bytes (compared in constant time).
 */
export class PlaidWebhookVerifier {
  // Re-read daily, so a key Plaid retires (expired_at) stops being trusted.
  private readonly keys = new LRUCache<string, PlaidWebhookKey>({ max: 100, ttl: 24 * 3600_000 });

  constructor(
    private readonly fetchKey: PlaidWebhookKeySource,
    private readonly now: () => Date,
  ) {}

  async verify(rawBody: string, header: string | undefined): Promise<PlaidVerification> {
    if (!header) return { ok: false, reason: "missing" };
    let kid: string;
    try {
      const protectedHeader = decodeProtectedHeader(header);
      if (protectedHeader.alg !== "ES256") return { ok: false, reason: "algorithm" };
      if (typeof protectedHeader.kid !== "string" || !protectedHeader.kid)
        return { ok: false, reason: "malformed" };
      kid = protectedHeader.kid;
    } catch {
      return { ok: false, reason: "malformed" };
    }
    const key = await this.key(kid);
    if (!key || key.expiredAt !== null) return { ok: false, reason: "unknown_key" };
    let claims: Record<string, unknown>;
    try {
      const publicKey = await importJWK({ kty: key.kty, crv: key.crv, x: key.x, y: key.y }, "ES256");
      claims = (await jwtVerify(header, publicKey, { algorithms: ["ES256"], currentDate: this.now() }))
        .payload;
    } catch {
      return { ok: false, reason: "signature" };
    }
    const nowSeconds = this.now().getTime() / 1000;
    if (
      typeof claims.iat !== "number" ||
      nowSeconds - claims.iat > maxAgeSeconds ||
      claims.iat - nowSeconds > 60
    ) {
      return { ok: false, reason: "stale" };
    }
    // Stryker disable next-line StringLiteral: any stand-in for a missing claim is not 64 characters long
    const claimed = typeof claims.request_body_sha256 === "string" ? claims.request_body_sha256 : "";
    const actual = createHash("sha256").update(rawBody, "utf8").digest("hex");
    if (claimed.length !== actual.length || !timingSafeEqual(Buffer.from(claimed), Buffer.from(actual))) {
      return { ok: false, reason: "body" };
    }
    return { ok: true, iat: claims.iat, bodySha256: actual };
  }

  /** Cached by key id; fetched when a webhook names a key not seen yet (a rotation). */
  private async key(kid: string): Promise<PlaidWebhookKey | null> {
    // An expired key stays cached too: verify() refuses it either way.
    const cached = this.keys.get(kid);
    if (cached) return cached;
    try {
      const fetched = await this.fetchKey(kid);
      this.keys.set(kid, fetched);
      return fetched;
    } catch {
      return null;
    }
  }
}
