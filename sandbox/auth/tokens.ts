import { decodeProtectedHeader, errors, type JWTPayload, jwtVerify, SignJWT } from "jose";
import type { EcSigningKey } from "../lib/ec-key.js";
import type { SandboxUser } from "../world/types.js";

export const AUDIENCE = "authenticated";

export interface AccessTokenInput {
  user: SandboxUser;
  sessionId: string;
  issuer: string;
  ttlSeconds: number;
}

/** A GoTrue-shaped access token: ES256 with `kid`, claims as Supabase issues them. */
export async function mintAccessToken(
  key: EcSigningKey,
  input: AccessTokenInput,
): Promise<{ token: string; exp: number }> {
  const iat = Math.floor(Date.now() / 1000);
  const exp = iat + input.ttlSeconds;
  const token = await new SignJWT({
    email: input.user.email,
    phone: "",
    app_metadata: { provider: "email", providers: ["email"] },
    user_metadata: {
      email: input.user.email,
      email_verified: true,
      phone_verified: false,
      sub: input.user.id,
    },
    role: AUDIENCE,
    aal: "aal1",
    amr: [{ method: "password", timestamp: iat }],
    session_id: input.sessionId,
    is_anonymous: false,
  })
    .setProtectedHeader({ alg: "ES256", kid: key.kid, typ: "JWT" })
    .setSubject(input.user.id)
    .setAudience(AUDIENCE)
    .setIssuer(input.issuer)
    .setIssuedAt(iat)
    .setExpirationTime(exp)
    .sign(key.privateKey);
  return { token, exp };
}

export type TokenCheck =
  | { ok: true; claims: JWTPayload & { session_id?: string } }
  | { ok: false; reason: string };

/** Verifies signature (ES256, our kid only), audience and expiry. */
export async function verifyAccessToken(key: EcSigningKey, token: string): Promise<TokenCheck> {
  try {
    const header = decodeProtectedHeader(token);
    if (header.alg !== "ES256" || header.kid !== key.kid) {
      return { ok: false, reason: "token is unverifiable: signing method or key id not accepted" };
    }
    const { payload } = await jwtVerify(token, key.publicKey, { algorithms: ["ES256"], audience: AUDIENCE });
    return { ok: true, claims: payload };
  } catch (error) {
    if (error instanceof errors.JWTExpired)
      return { ok: false, reason: "token has invalid claims: token is expired" };
    if (error instanceof errors.JOSEError)
      return { ok: false, reason: `token signature is invalid: ${error.code}` };
    return { ok: false, reason: "token is malformed" };
  }
}
