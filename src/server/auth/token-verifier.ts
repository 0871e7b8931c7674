import { createClient, type SupabaseClient } from "@supabase/supabase-js";
import { verify as verifyHs256 } from "hono/jwt";
import WebSocket from "ws";
import { UnauthorizedError } from "../../core/errors.js";

export interface AuthUser {
  id: string;
  email: string | undefined;
}

export interface TokenVerifier {
  /** Resolves the user of a valid Supabase access token; throws UnauthorizedError otherwise. */
  verify(token: string): Promise<AuthUser>;
}

export interface SupabaseVerifierOptions {
  supabaseUrl: string;
  anonKey: string;
  /** Legacy projects: HS256 tokens are then checked locally instead of asking the auth server. */
  jwtSecret?: string | undefined;
  /** Seconds of clock skew tolerated on `exp`. */
  leewaySeconds?: number;
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

/** Checks what getClaims leaves to us: audience, role, a numeric future expiry and a user id. */
function userFromClaims(claims: Record<string, unknown>, leewaySeconds: number): AuthUser {
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
  if (typeof claims.sub !== "string" || !uuidPattern.test(claims.sub)) {
    throw new UnauthorizedError("The access token names no user.");
  }
  return { id: claims.sub.toLowerCase(), email: typeof claims.email === "string" ? claims.email : undefined };
}

export function createSupabaseTokenVerifier(options: SupabaseVerifierOptions): TokenVerifier {
  const leeway = options.leewaySeconds ?? 0;
  // One client per process: it caches the JWKS between requests.
  const supabase: SupabaseClient = createClient(options.supabaseUrl, options.anonKey, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    // Node 20 has no global WebSocket and supabase-js refuses to start without one (realtime is unused).
    realtime: { transport: WebSocket as never },
  });

  return {
    async verify(token) {
      const header = decodeHeader(token);
      // Refuse `alg: none` and anything unexpected before any key lookup or network call.
      if (typeof header.alg !== "string" || !acceptedAlgorithms.has(header.alg)) {
        throw new UnauthorizedError("The access token uses an algorithm that is not accepted.");
      }
      if (header.alg === "HS256" && options.jwtSecret) {
        let claims: Record<string, unknown>;
        try {
          claims = (await verifyHs256(token, options.jwtSecret, {
            alg: "HS256",
            exp: true,
            nbf: true,
          })) as Record<string, unknown>;
        } catch {
          throw new UnauthorizedError("The access token is invalid.");
        }
        return userFromClaims(claims, leeway);
      }
      let result: Awaited<ReturnType<SupabaseClient["auth"]["getClaims"]>>;
      try {
        result = await supabase.auth.getClaims(token);
      } catch {
        throw new UnauthorizedError("The access token could not be verified.");
      }
      if (result.error || !result.data?.claims) throw new UnauthorizedError("The access token is invalid.");
      return userFromClaims(result.data.claims as unknown as Record<string, unknown>, leeway);
    },
  };
}
