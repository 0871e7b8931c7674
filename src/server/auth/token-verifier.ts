import { createHash } from "node:crypto";
import { createClient, type SupabaseClient } from "@supabase/supabase-js";
import { verify as verifyHs256 } from "hono/jwt";
import { LRUCache } from "lru-cache";
import WebSocket from "ws";
import { UnauthorizedError } from "../../core/errors.js";
import { SessionLiveness, type SessionLivenessOptions } from "./session-liveness.js";

export interface AuthUser {
  id: string;
  email: string | undefined;
}

/**
 * How fresh the auth server's word that a token's session is alive must be: "read" accepts a
 * recent answer, "write" asks now.
 */
export type SessionCheck = "read" | "write";

export interface VerifyOptions {
  /** Default "read". */
  session?: SessionCheck;
}

export interface TokenVerifier {
  /**
   * Resolves the user of a valid Supabase access token whose session is alive; throws
   * UnauthorizedError otherwise.
   */
  verify(token: string, options?: VerifyOptions): Promise<AuthUser>;
}

export interface SupabaseVerifierOptions {
  supabaseUrl: string;
  anonKey: string;
  /** Legacy projects: HS256 tokens are then checked locally instead of asking the auth server. */
  jwtSecret?: string | undefined;
  /** Seconds of clock skew tolerated on `exp` and `nbf`. */
  leewaySeconds?: number;
  /** Verified tokens kept (each until its expiry), so a token's signature is checked once. Default 10,000. */
  maxCachedTokens?: number;
  /** How fresh the auth server's word on a session must be, for reads and for writes. */
  session?: SessionLivenessOptions;
}

const acceptedAlgorithms = new Set(["ES256", "RS256", "HS256"]);
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function decodeHeader(token: string): { alg?: unknown; kid?: unknown } {
  const parts = token.split(".");
  if (parts.length !== 3 || parts.some((p) => !/^[A-Za-z0-9_-]*$/.test(p)) || !parts[2]) {
    throw new UnauthorizedError("The access token is malformed.");
  }
  try {
    return JSON.parse(Buffer.from(parts[0]!, "base64url").toString("utf8"));
  } catch {
    throw new UnauthorizedError("The access token is malformed.");
  }
}

interface VerifiedToken {
  user: AuthUser;
  /** The session the token belongs to (`session_id`), or the token itself when it names none. */
  sessionKey: string;
  exp: number;
}

/**
 * Checks what getClaims leaves to us: issuer, audience, role, a numeric future expiry, not
 * before, and a user id.
 */
function userFromClaims(claims: Record<string, unknown>, issuer: string, leewaySeconds: number): AuthUser {
  if (claims.iss !== issuer) throw new UnauthorizedError("The access token was issued by another server.");
  const aud = claims.aud;
  const audiences = Array.isArray(aud) ? aud : [aud];
  if (!audiences.includes("authenticated"))
    throw new UnauthorizedError("The access token has the wrong audience.");
  if (claims.role !== "authenticated")
    throw new UnauthorizedError("The access token is not a signed-in user's.");
  if (typeof claims.exp !== "number" || !Number.isFinite(claims.exp)) {
    throw new UnauthorizedError("The access token has no valid expiry.");
  }
  if (claims.exp + leewaySeconds <= Date.now() / 1000)
    throw new UnauthorizedError("The access token has expired.");
  if (claims.nbf !== undefined) {
    if (typeof claims.nbf !== "number" || !Number.isFinite(claims.nbf)) {
      throw new UnauthorizedError("The access token has an invalid not-before time.");
    }
    if (claims.nbf - leewaySeconds > Date.now() / 1000)
      throw new UnauthorizedError("The access token is not valid yet.");
  }
  if (typeof claims.sub !== "string" || !uuidPattern.test(claims.sub)) {
    throw new UnauthorizedError("The access token names no user.");
  }
  return { id: claims.sub.toLowerCase(), email: typeof claims.email === "string" ? claims.email : undefined };
}

export function createSupabaseTokenVerifier(options: SupabaseVerifierOptions): TokenVerifier {
  const leeway = options.leewaySeconds ?? 0;
  const issuer = `${options.supabaseUrl.replace(/\/+$/, "")}/auth/v1`;
  // One client per process: it caches the JWKS between requests and fetches it again when a
  // token names a key id it has not seen (a key rotation).
  const supabase: SupabaseClient = createClient(options.supabaseUrl, options.anonKey, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    // Node 20 has no global WebSocket and supabase-js refuses to start without one (realtime is unused).
    realtime: { transport: WebSocket as never },
  });
  const liveness = new SessionLiveness(supabase, options.session);
  // Keyed by the token's hash: the cache holds no usable tokens. Entries leave at the token's expiry.
  const verified = new LRUCache<string, VerifiedToken>({ max: options.maxCachedTokens ?? 10_000 });

  async function verifySignatureAndClaims(token: string): Promise<VerifiedToken> {
    const header = decodeHeader(token);
    // Refuse `alg: none` and anything unexpected before any key lookup or network call.
    if (typeof header.alg !== "string" || !acceptedAlgorithms.has(header.alg)) {
      throw new UnauthorizedError("The access token uses an algorithm that is not accepted.");
    }
    let claims: Record<string, unknown>;
    if (header.alg === "HS256" && options.jwtSecret) {
      try {
        claims = (await verifyHs256(token, options.jwtSecret, {
          alg: "HS256",
          exp: true,
          nbf: true,
        })) as Record<string, unknown>;
      } catch {
        throw new UnauthorizedError("The access token is invalid.");
      }
    } else {
      let result: Awaited<ReturnType<SupabaseClient["auth"]["getClaims"]>>;
      try {
        result = await supabase.auth.getClaims(token);
      } catch {
        throw new UnauthorizedError("The access token could not be verified.");
      }
      if (result.error || !result.data?.claims) throw new UnauthorizedError("The access token is invalid.");
      claims = result.data.claims as unknown as Record<string, unknown>;
    }
    const user = userFromClaims(claims, issuer, leeway);
    const sessionId = typeof claims.session_id === "string" && claims.session_id ? claims.session_id : null;
    return {
      user,
      sessionKey: sessionId ? `session:${sessionId}` : `token:${digest(token)}`,
      exp: claims.exp as number,
    };
  }

  return {
    async verify(token, verifyOptions = {}) {
      const key = digest(token);
      let entry = verified.get(key);
      if (entry && entry.exp + leeway <= Date.now() / 1000) {
        verified.delete(key);
        entry = undefined;
      }
      if (!entry) {
        entry = await verifySignatureAndClaims(token);
        verified.set(key, entry, { ttl: Math.max(1, (entry.exp + leeway) * 1000 - Date.now()) });
      }
      try {
        await liveness.check(token, entry.sessionKey, entry.user.id, verifyOptions.session === "write");
      } catch (error) {
        if (error instanceof UnauthorizedError) verified.delete(key);
        throw error;
      }
      return entry.user;
    },
  };
}

function digest(token: string): string {
  return createHash("sha256").update(token).digest("base64url");
}
