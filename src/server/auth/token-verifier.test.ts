import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { createLocalJWKSet, exportJWK, generateKeyPair, type JWK, jwtVerify, SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { UnauthorizedError, UnavailableError } from "../../core/errors.js";
import { createSupabaseTokenVerifier, type TokenVerifier } from "./token-verifier.js";

const userId = "3f1c2a9e-8d4b-4c7a-9e2f-1a2b3c4d5e6f";
const hsSecret = "a-legacy-jwt-secret-of-at-least-32-chars";
const now = () => Math.floor(Date.now() / 1000);
const hs256Header = Buffer.from(JSON.stringify({ alg: "HS256", typ: "JWT" })).toString("base64url");
let issuer = "";

/**
 * A stand-in auth server: a JWKS (keys can be added, as in a rotation) and a /user that answers
 * as GoTrue does: 403 `session_not_found` for a revoked session, `user_not_found` for a deleted user.
 */
async function startAuthServer() {
  const { publicKey, privateKey } = await generateKeyPair("ES256");
  const keys: JWK[] = [{ ...(await exportJWK(publicKey)), kid: "key-1", alg: "ES256", use: "sig" }];
  const calls = { jwks: 0, user: 0 };
  const revokedSessions = new Set<string>();
  const deletedUsers = new Set<string>();
  let down = false;
  const app = new Hono();
  app.get("/auth/v1/.well-known/jwks.json", (c) => {
    calls.jwks += 1;
    return c.json({ keys });
  });
  app.get("/auth/v1/user", async (c) => {
    calls.user += 1;
    if (down) return c.json({ code: 500, error_code: "unexpected_failure", msg: "down" }, 500);
    const token = (c.req.header("authorization") ?? "").replace(/^Bearer\s+/i, "");
    let claims: Record<string, unknown>;
    try {
      claims = token.startsWith(hs256Header)
        ? (await jwtVerify(token, new TextEncoder().encode(hsSecret))).payload
        : (await jwtVerify(token, createLocalJWKSet({ keys }))).payload;
    } catch {
      return c.json({ code: 403, error_code: "bad_jwt", msg: "invalid JWT" }, 403);
    }
    if (deletedUsers.has(String(claims.sub))) {
      return c.json(
        { code: 403, error_code: "user_not_found", msg: "User from sub claim in JWT does not exist" },
        403,
      );
    }
    if (revokedSessions.has(String(claims.session_id))) {
      return c.json({ code: 403, error_code: "session_not_found", msg: "Session does not exist" }, 403);
    }
    return c.json({ id: claims.sub, aud: "authenticated", role: "authenticated", email: claims.email });
  });
  const url = await new Promise<{ url: string; close: () => void }>((resolve) => {
    const server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, (info: AddressInfo) =>
      resolve({ url: `http://127.0.0.1:${info.port}`, close: () => server.close() }),
    );
  });
  return {
    ...url,
    privateKey,
    calls,
    revokedSessions,
    deletedUsers,
    setDown: (value: boolean) => {
      down = value;
    },
    async addKey(kid: string) {
      const pair = await generateKeyPair("ES256");
      keys.push({ ...(await exportJWK(pair.publicKey)), kid, alg: "ES256", use: "sig" });
      return pair.privateKey;
    },
  };
}

type Claims = Record<string, unknown>;
let sessionCounter = 0;
const newSessionId = () => `00000000-0000-4000-8000-${String(++sessionCounter).padStart(12, "0")}`;
const baseClaims = (): Claims => ({
  iss: issuer,
  session_id: newSessionId(),
  sub: userId,
  aud: "authenticated",
  role: "authenticated",
  email: "user@example.com",
  iat: now(),
  exp: now() + 600,
});

function unsigned(claims: Claims): string {
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");
  return `${part({ alg: "none", typ: "JWT" })}.${part(claims)}.`;
}

describe("Supabase access token verification", () => {
  let auth: Awaited<ReturnType<typeof startAuthServer>>;
  let verifier: TokenVerifier;
  let legacyVerifier: TokenVerifier;
  const es256 = (claims: Claims, key = auth.privateKey, kid = "key-1") =>
    new SignJWT(claims).setProtectedHeader({ alg: "ES256", kid, typ: "JWT" }).sign(key);
  const hs256 = (claims: Claims, secret = hsSecret) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: "HS256", typ: "JWT" })
      .sign(new TextEncoder().encode(secret));

  beforeAll(async () => {
    auth = await startAuthServer();
    issuer = `${auth.url}/auth/v1`;
    verifier = createSupabaseTokenVerifier({ supabaseUrl: auth.url, anonKey: "anon" });
    legacyVerifier = createSupabaseTokenVerifier({
      supabaseUrl: auth.url,
      anonKey: "anon",
      jwtSecret: hsSecret,
    });
  });
  afterAll(() => auth.close());

  it("accepts a good ES256 token checked against the JWKS", async () => {
    expect(await verifier.verify(await es256(baseClaims()))).toEqual({
      id: userId,
      email: "user@example.com",
    });
    expect(auth.calls.jwks).toBeGreaterThan(0);
  });

  it("accepts a good HS256 token checked locally with the legacy secret", async () => {
    const before = auth.calls.jwks;
    expect((await legacyVerifier.verify(await hs256(baseClaims()))).id).toBe(userId);
    expect(auth.calls.jwks).toBe(before);
  });

  it("rejects alg none before any network call", async () => {
    const before = { ...auth.calls };
    await expect(verifier.verify(unsigned(baseClaims()))).rejects.toBeInstanceOf(UnauthorizedError);
    await expect(legacyVerifier.verify(unsigned(baseClaims()))).rejects.toBeInstanceOf(UnauthorizedError);
    expect(auth.calls).toEqual(before);
  });

  it.each<[string, () => Promise<string>]>([
    ["expired", async () => es256({ ...baseClaims(), exp: now() - 60 })],
    ["signed with another key", async () => es256(baseClaims(), (await generateKeyPair("ES256")).privateKey)],
    ["wrong audience", async () => es256({ ...baseClaims(), aud: "someone-else" })],
    ["non-numeric exp", async () => es256({ ...baseClaims(), exp: String(now() + 600) })],
    ["anon role", async () => es256({ ...baseClaims(), role: "anon" })],
    ["no subject", async () => es256({ ...baseClaims(), sub: undefined })],
    ["issued by another server", async () => es256({ ...baseClaims(), iss: "https://evil.example/auth/v1" })],
    ["without an issuer", async () => es256({ ...baseClaims(), iss: undefined })],
    ["not valid before a future time", async () => es256({ ...baseClaims(), nbf: now() + 600 })],
    ["with a non-numeric nbf", async () => es256({ ...baseClaims(), nbf: "soon" })],
    ["unknown key id", async () => es256(baseClaims(), auth.privateKey, "key-2")],
    ["malformed", async () => "not.a.jwt"],
    [
      "HS256 forged without a configured secret",
      async () => hs256(baseClaims(), "attacker-chosen-secret-32-characters!"),
    ],
  ])("rejects a token that is %s", async (_label, make) => {
    await expect(verifier.verify(await make())).rejects.toBeInstanceOf(UnauthorizedError);
  });

  it.each<[string, () => Promise<string>]>([
    [
      "signed with the wrong secret",
      async () => hs256(baseClaims(), "attacker-chosen-secret-32-characters!"),
    ],
    ["expired", async () => hs256({ ...baseClaims(), exp: now() - 60 })],
    ["non-numeric exp", async () => hs256({ ...baseClaims(), exp: "later" })],
    ["wrong audience", async () => hs256({ ...baseClaims(), aud: "x" })],
  ])("rejects an HS256 token %s", async (_label, make) => {
    await expect(legacyVerifier.verify(await make())).rejects.toBeInstanceOf(UnauthorizedError);
  });

  describe("sessions and the verified-token cache", () => {
    const fresh = (options: Parameters<typeof createSupabaseTokenVerifier>[0]["session"] = {}) =>
      createSupabaseTokenVerifier({ supabaseUrl: auth.url, anonKey: "anon", session: options });

    it("checks a token's signature once, then serves it from the cache until its expiry", async () => {
      const subject = fresh({ readCacheSeconds: 60 });
      const token = await es256(baseClaims());
      const verify = vi.spyOn(globalThis.crypto.subtle, "verify");
      const asked = auth.calls.user;
      try {
        for (let i = 0; i < 20; i += 1) expect((await subject.verify(token)).id).toBe(userId);
        // The stand-in auth server (same process) verifies once per question it answers.
        expect(verify.mock.calls.length - (auth.calls.user - asked)).toBe(1);
      } finally {
        verify.mockRestore();
      }
    });

    it("asks the auth server once per read window and on every write", async () => {
      const subject = fresh({ readCacheSeconds: 60 });
      const token = await es256(baseClaims());
      const before = auth.calls.user;
      for (let i = 0; i < 5; i += 1) await subject.verify(token);
      expect(auth.calls.user - before).toBe(1);
      await subject.verify(token, { session: "write" });
      await subject.verify(token, { session: "write" });
      expect(auth.calls.user - before).toBe(3);
    });

    it("refuses a revoked session at once on a write and after the read window on a read", async () => {
      const subject = fresh({ readCacheSeconds: 0.2 });
      const claims = baseClaims();
      const token = await es256(claims);
      await subject.verify(token);
      auth.revokedSessions.add(String(claims.session_id));
      await expect(subject.verify(token, { session: "write" })).rejects.toBeInstanceOf(UnauthorizedError);
      const reader = fresh({ readCacheSeconds: 0.2 });
      auth.revokedSessions.delete(String(claims.session_id));
      await reader.verify(token);
      auth.revokedSessions.add(String(claims.session_id));
      await new Promise((resolve) => setTimeout(resolve, 250));
      await expect(reader.verify(token)).rejects.toBeInstanceOf(UnauthorizedError);
      // Remembered: no further question to the auth server for that session.
      const before = auth.calls.user;
      await expect(reader.verify(token, { session: "write" })).rejects.toBeInstanceOf(UnauthorizedError);
      expect(auth.calls.user).toBe(before);
    });

    it("refuses every token of a revoked session, and tokens of a deleted user", async () => {
      const subject = fresh();
      const claims = baseClaims();
      auth.revokedSessions.add(String(claims.session_id));
      await expect(subject.verify(await es256({ ...claims, iat: now() - 5 }))).rejects.toThrow(/session/);
      const gone = "9a1c2a9e-8d4b-4c7a-9e2f-1a2b3c4d5e6f";
      auth.deletedUsers.add(gone);
      await expect(subject.verify(await es256({ ...baseClaims(), sub: gone }))).rejects.toBeInstanceOf(
        UnauthorizedError,
      );
    });

    it("fetches the key set again when a token names a new key (rotation)", async () => {
      const subject = fresh();
      const rotated = await auth.addKey("key-rotated");
      const before = auth.calls.jwks;
      expect((await subject.verify(await es256(baseClaims(), rotated, "key-rotated"))).id).toBe(userId);
      expect(auth.calls.jwks).toBeGreaterThan(before);
    });

    it("answers unavailable (not unauthorized) on a write when the auth server cannot say", async () => {
      const subject = fresh();
      const token = await es256(baseClaims());
      auth.setDown(true);
      try {
        await expect(subject.verify(token, { session: "write" })).rejects.toBeInstanceOf(UnavailableError);
      } finally {
        auth.setDown(false);
      }
      expect((await subject.verify(token, { session: "write" })).id).toBe(userId);
    });
  });
});
