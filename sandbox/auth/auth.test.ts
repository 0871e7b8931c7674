import { generateKeyPairSync } from "node:crypto";
import { SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_EMAIL, DEMO_PASSWORD, DEMO_USER_ID } from "../demo.js";
import type { RunningSandbox } from "../server.js";
import { startTestSandbox } from "../testing/harness.js";
import { supabaseClient } from "../testing/supabase-client.js";
import { SANDBOX_SERVICE_ROLE_KEY } from "./admin-routes.js";

let sandbox: RunningSandbox;
let expiring: RunningSandbox;

const getUser = (base: string, token: string, apikey = "sandbox-anon-key") =>
  fetch(`${base}/auth/v1/user`, { headers: { apikey, Authorization: `Bearer ${token}` } });

function base64url(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}

beforeAll(async () => {
  sandbox = await startTestSandbox({ demo: true });
  expiring = await startTestSandbox({ demo: true, accessTokenTtlSeconds: -30 });
});
afterAll(async () => {
  await sandbox.close();
  await expiring.close();
});

describe("Supabase Auth through supabase-js", () => {
  it("publishes an ES256 JWKS with a kid", async () => {
    const jwks = (await (await fetch(`${sandbox.url}/auth/v1/.well-known/jwks.json`)).json()) as {
      keys: Record<string, string>[];
    };
    expect(jwks.keys[0]).toMatchObject({ kty: "EC", crv: "P-256", alg: "ES256", use: "sig" });
    expect(jwks.keys[0]?.kid).toBeTruthy();
    expect(jwks.keys[0]?.d).toBeUndefined();
  });

  it("signs in with a password and verifies the token with getClaims", async () => {
    const supabase = supabaseClient(sandbox.url);
    const { data, error } = await supabase.auth.signInWithPassword({
      email: DEMO_EMAIL,
      password: DEMO_PASSWORD,
    });
    expect(error).toBeNull();
    expect(data.session?.token_type).toBe("bearer");
    expect(data.user?.id).toBe(DEMO_USER_ID);
    const token = data.session?.access_token ?? "";
    const claims = await supabase.auth.getClaims(token);
    expect(claims.error).toBeNull();
    expect(claims.data?.claims).toMatchObject({
      sub: DEMO_USER_ID,
      aud: "authenticated",
      role: "authenticated",
      email: DEMO_EMAIL,
      iss: `${sandbox.url}/auth/v1`,
    });
    expect(claims.data?.claims.session_id).toBeTruthy();
    expect(claims.data?.header.kid).toBeTruthy();
    const user = await supabase.auth.getUser(token);
    expect(user.data.user?.email).toBe(DEMO_EMAIL);
  });

  it("refuses a wrong password", async () => {
    const { error } = await supabaseClient(sandbox.url).auth.signInWithPassword({
      email: DEMO_EMAIL,
      password: "wrong",
    });
    expect(error?.status).toBe(400);
    expect(error?.code).toBe("invalid_credentials");
  });

  it("refuses forged tokens (another key, unknown kid) through the /user fallback", async () => {
    const { privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
    const forged = await new SignJWT({ role: "authenticated", session_id: "x" })
      .setProtectedHeader({ alg: "ES256", kid: "forged-kid" })
      .setSubject(DEMO_USER_ID)
      .setAudience("authenticated")
      .setExpirationTime("1h")
      .sign(privateKey);
    const claims = await supabaseClient(sandbox.url).auth.getClaims(forged);
    expect(claims.data).toBeNull();
    expect(claims.error?.status).toBe(403);
    expect(claims.error?.code).toBe("bad_jwt");
    const raw = await getUser(sandbox.url, forged);
    expect(raw.status).toBe(403);
    expect(await raw.json()).toMatchObject({ code: 403, error_code: "bad_jwt" });
  });

  it("refuses unsigned (alg none) and HS256 tokens", async () => {
    const unsigned = `${base64url({ alg: "none", typ: "JWT" })}.${base64url({ sub: DEMO_USER_ID, aud: "authenticated", exp: 9_999_999_999 })}.`;
    const claims = await supabaseClient(sandbox.url).auth.getClaims(unsigned);
    expect(claims.error).not.toBeNull();
    expect((await getUser(sandbox.url, unsigned)).status).toBe(403);
    const hs = await new SignJWT({ role: "authenticated" })
      .setProtectedHeader({ alg: "HS256" })
      .setSubject(DEMO_USER_ID)
      .setExpirationTime("1h")
      .sign(new TextEncoder().encode("guessed-secret"));
    expect((await getUser(sandbox.url, hs)).status).toBe(403);
  });

  it("refuses expired tokens", async () => {
    const supabase = supabaseClient(expiring.url);
    const { data } = await supabase.auth.signInWithPassword({ email: DEMO_EMAIL, password: DEMO_PASSWORD });
    const token = data.session?.access_token ?? "";
    const raw = await getUser(expiring.url, token);
    expect(raw.status).toBe(403);
    expect(((await raw.json()) as { msg: string }).msg).toContain("expired");
    expect((await supabase.auth.getClaims(token)).error).not.toBeNull();
  });

  it("rotates refresh tokens and refuses reuse", async () => {
    const supabase = supabaseClient(sandbox.url);
    const { data } = await supabase.auth.signInWithPassword({ email: DEMO_EMAIL, password: DEMO_PASSWORD });
    const first = data.session?.refresh_token ?? "";
    const refreshed = await supabase.auth.refreshSession({ refresh_token: first });
    expect(refreshed.error).toBeNull();
    expect(refreshed.data.session?.refresh_token).not.toBe(first);
    const reused = await supabaseClient(sandbox.url).auth.refreshSession({ refresh_token: first });
    expect(reused.error?.code).toBe("refresh_token_already_used");
  });

  it("logs out: the session's tokens stop working at /user", async () => {
    const supabase = supabaseClient(sandbox.url);
    const { data } = await supabase.auth.signInWithPassword({ email: DEMO_EMAIL, password: DEMO_PASSWORD });
    const token = data.session?.access_token ?? "";
    expect((await getUser(sandbox.url, token)).status).toBe(200);
    const { error } = await supabase.auth.signOut();
    expect(error).toBeNull();
    const after = await getUser(sandbox.url, token);
    expect(after.status).toBe(403);
    expect(await after.json()).toMatchObject({ error_code: "session_not_found" });
  });

  it("deletes a user through supabase-js auth.admin: its tokens then answer user_not_found", async () => {
    const id = "5b0c2a9e-8d4b-4c7a-9e2f-1a2b3c4d5e70";
    await fetch(`${sandbox.url}/__sandbox/seed`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ users: [{ id, email: "leaving@example.com", password: "pw-leaving-1" }] }),
    });
    const { data } = await supabaseClient(sandbox.url).auth.signInWithPassword({
      email: "leaving@example.com",
      password: "pw-leaving-1",
    });
    const token = data.session?.access_token ?? "";
    expect((await getUser(sandbox.url, token)).status).toBe(200);
    const notAdmin = await supabaseClient(sandbox.url).auth.admin.deleteUser(id);
    expect(notAdmin.error?.status).toBe(403);
    const admin = supabaseClient(sandbox.url, SANDBOX_SERVICE_ROLE_KEY);
    expect((await admin.auth.admin.deleteUser(id)).error).toBeNull();
    const after = await getUser(sandbox.url, token);
    expect(after.status).toBe(403);
    expect(await after.json()).toMatchObject({ error_code: "user_not_found" });
    expect((await admin.auth.admin.deleteUser(id)).error?.status).toBe(404);
  });

  it("requires the apikey header", async () => {
    const response = await fetch(`${sandbox.url}/auth/v1/token?grant_type=password`, {
      method: "POST",
      body: JSON.stringify({ email: DEMO_EMAIL, password: DEMO_PASSWORD }),
    });
    expect(response.status).toBe(401);
    expect((await getUser(sandbox.url, "x", "wrong-key")).status).toBe(401);
  });
});
