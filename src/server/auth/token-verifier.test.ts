import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { exportJWK, generateKeyPair, type JWK, SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UnauthorizedError } from "../../core/errors.js";
import { createSupabaseTokenVerifier, type TokenVerifier } from "./token-verifier.js";

const userId = "3f1c2a9e-8d4b-4c7a-9e2f-1a2b3c4d5e6f";
const hsSecret = "a-legacy-jwt-secret-of-at-least-32-chars";
const now = () => Math.floor(Date.now() / 1000);

/** A stand-in auth server: a JWKS with one ES256 key, and a /user that refuses everything. */
async function startAuthServer() {
  const { publicKey, privateKey } = await generateKeyPair("ES256");
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid: "key-1", alg: "ES256", use: "sig" };
  const calls = { jwks: 0, user: 0 };
  const app = new Hono();
  app.get("/auth/v1/.well-known/jwks.json", (c) => {
    calls.jwks += 1;
    return c.json({ keys: [jwk] });
  });
  app.get("/auth/v1/user", (c) => {
    calls.user += 1;
    return c.json({ code: 403, error_code: "bad_jwt", msg: "invalid JWT" }, 403);
  });
  const url = await new Promise<{ url: string; close: () => void }>((resolve) => {
    const server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, (info: AddressInfo) =>
      resolve({ url: `http://127.0.0.1:${info.port}`, close: () => server.close() }),
    );
  });
  return { ...url, privateKey, calls };
}

type Claims = Record<string, unknown>;
const baseClaims = (): Claims => ({
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

  it("accepts a good HS256 token locally when the legacy secret is set", async () => {
    const before = auth.calls.user;
    expect((await legacyVerifier.verify(await hs256(baseClaims()))).id).toBe(userId);
    expect(auth.calls.user).toBe(before);
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
});
