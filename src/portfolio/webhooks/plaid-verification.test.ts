import { createHash } from "node:crypto";
import { exportJWK, generateKeyPair, SignJWT } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import type { PlaidWebhookKey } from "../../brokers/plaid/webhook-keys.js";
import { PlaidWebhookVerifier } from "./plaid-verification.js";

const body = JSON.stringify({ webhook_type: "HOLDINGS", webhook_code: "DEFAULT_UPDATE", item_id: "item-1" });
const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");
const nowSeconds = () => Math.floor(Date.now() / 1000);

describe("Plaid webhook verification (Plaid-Verification JWT)", () => {
  let privateKey: CryptoKey;
  let key: PlaidWebhookKey;
  let fetches = 0;
  let expired = false;
  const verifier = () =>
    new PlaidWebhookVerifier(
      async (kid) => {
        fetches += 1;
        if (kid !== "kid-1") throw new Error("INVALID_INPUT: unknown key");
        return { ...key, expiredAt: expired ? nowSeconds() - 10 : null };
      },
      () => new Date(),
    );

  beforeAll(async () => {
    const pair = await generateKeyPair("ES256");
    privateKey = pair.privateKey;
    const jwk = await exportJWK(pair.publicKey);
    key = {
      alg: "ES256",
      crv: "P-256",
      kid: "kid-1",
      kty: "EC",
      use: "sig",
      x: jwk.x!,
      y: jwk.y!,
      createdAt: nowSeconds(),
      expiredAt: null,
    };
  });

  const sign = (
    claims: Record<string, unknown>,
    options: { kid?: string; iat?: number; signer?: CryptoKey } = {},
  ) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: "ES256", kid: options.kid ?? "kid-1", typ: "JWT" })
      .setIssuedAt(options.iat ?? nowSeconds())
      .sign(options.signer ?? privateKey);

  it("accepts a webhook signed with the served key, fresh, over the exact body; the key is fetched once", async () => {
    const subject = verifier();
    const before = fetches;
    const token = await sign({ request_body_sha256: sha256(body) });
    expect(await subject.verify(body, token)).toMatchObject({ ok: true, bodySha256: sha256(body) });
    expect(await subject.verify(body, token)).toMatchObject({ ok: true });
    expect(fetches - before).toBe(1);
  });

  it.each<[string, () => Promise<[string, string | undefined]>, string]>([
    ["no header", async () => [body, undefined], "missing"],
    ["a changed body", async () => [`${body} `, await sign({ request_body_sha256: sha256(body) })], "body"],
    [
      "an iat older than 5 minutes",
      async () => [body, await sign({ request_body_sha256: sha256(body) }, { iat: nowSeconds() - 301 })],
      "stale",
    ],
    [
      "an iat in the future",
      async () => [body, await sign({ request_body_sha256: sha256(body) }, { iat: nowSeconds() + 600 })],
      "stale",
    ],
    [
      "an unknown key id",
      async () => [body, await sign({ request_body_sha256: sha256(body) }, { kid: "kid-9" })],
      "unknown_key",
    ],
    [
      "another key's signature",
      async () => [
        body,
        await sign(
          { request_body_sha256: sha256(body) },
          { signer: (await generateKeyPair("ES256")).privateKey },
        ),
      ],
      "signature",
    ],
    [
      "HS256",
      async () => [
        body,
        await new SignJWT({ request_body_sha256: sha256(body) })
          .setProtectedHeader({ alg: "HS256", kid: "kid-1" })
          .setIssuedAt()
          .sign(new TextEncoder().encode("a-shared-secret-of-32-characters!!")),
      ],
      "algorithm",
    ],
    ["garbage", async () => [body, "not-a-jwt"], "malformed"],
  ])("refuses %s", async (_label, make, reason) => {
    const [rawBody, header] = await make();
    expect(await verifier().verify(rawBody, header)).toEqual({ ok: false, reason });
  });

  it("refuses a webhook signed with a key Plaid has expired", async () => {
    expired = true;
    try {
      const token = await sign({ request_body_sha256: sha256(body) });
      expect(await verifier().verify(body, token)).toEqual({ ok: false, reason: "unknown_key" });
    } finally {
      expired = false;
    }
  });
});

describe("Plaid webhook verification at the verifier's clock: boundaries and refusals", () => {
  const now = new Date("2025-06-02T15:00:00Z");
  const nowSec = now.getTime() / 1000;
  let privateKey: CryptoKey;
  let served: PlaidWebhookKey;
  const fetched: string[] = [];

  beforeAll(async () => {
    const pair = await generateKeyPair("ES256");
    privateKey = pair.privateKey;
    const jwk = await exportJWK(pair.publicKey);
    served = {
      alg: "ES256",
      crv: "P-256",
      kid: "kid-a",
      kty: "EC",
      use: "sig",
      x: jwk.x!,
      y: jwk.y!,
      createdAt: nowSec - 86_400,
      expiredAt: null,
    };
  });

  /** A verifier whose key source serves `kid-a` (and whatever `extra` adds), recording each fetch. */
  const verifierAt = (extra: Map<string, PlaidWebhookKey> = new Map()) =>
    new PlaidWebhookVerifier(
      async (kid) => {
        fetched.push(kid);
        const key = kid === "kid-a" ? served : extra.get(kid);
        if (!key) throw new Error("INVALID_INPUT: unknown key");
        return key;
      },
      () => now,
    );

  const token = (
    claims: Record<string, unknown>,
    options: { iat?: number | null; header?: Record<string, unknown>; exp?: number; signer?: CryptoKey } = {},
  ) => {
    const jwt = new SignJWT(claims).setProtectedHeader({
      alg: "ES256",
      kid: "kid-a",
      typ: "JWT",
      ...options.header,
    } as { alg: string });
    if (options.iat !== null) jwt.setIssuedAt(options.iat ?? nowSec);
    if (options.exp !== undefined) jwt.setExpirationTime(options.exp);
    return jwt.sign(options.signer ?? privateKey);
  };

  it("answers the verified issue time and the body's SHA-256, nothing else", async () => {
    const result = await verifierAt().verify(body, await token({ request_body_sha256: sha256(body) }));
    expect(result).toEqual({ ok: true, iat: nowSec, bodySha256: sha256(body) });
  });

  it.each([
    ["exactly 5 minutes old", -300, true],
    ["5 minutes and 1 second old", -301, false],
    ["60 seconds ahead (clock skew)", 60, true],
    ["61 seconds ahead", 61, false],
  ])("an iat %s is %s", async (_label, offset, accepted) => {
    const header = await token({ request_body_sha256: sha256(body) }, { iat: nowSec + offset });
    expect(await verifierAt().verify(body, header)).toEqual(
      accepted
        ? { ok: true, iat: nowSec + offset, bodySha256: sha256(body) }
        : { ok: false, reason: "stale" },
    );
  });

  it("refuses a token without an iat as stale", async () => {
    const header = await token({ request_body_sha256: sha256(body) }, { iat: null });
    expect(await verifierAt().verify(body, header)).toEqual({ ok: false, reason: "stale" });
  });

  it("checks a token's expiry against the verifier's clock, not the wall clock", async () => {
    const valid = await token({ request_body_sha256: sha256(body) }, { exp: nowSec + 60 });
    expect(await verifierAt().verify(body, valid)).toMatchObject({ ok: true });
    const expired = await token(
      { request_body_sha256: sha256(body) },
      { iat: nowSec - 120, exp: nowSec - 60 },
    );
    expect(await verifierAt().verify(body, expired)).toEqual({ ok: false, reason: "signature" });
  });

  it.each<[string, Record<string, unknown>]>([
    ["no key id", { kid: undefined }],
    ["an empty key id", { kid: "" }],
    ["a numeric key id", { kid: 7 }],
  ])("refuses a header with %s as malformed, without asking Plaid", async (_label, header) => {
    const before = fetched.length;
    const signed = await token({ request_body_sha256: sha256(body) }, { header });
    expect(await verifierAt().verify(body, signed)).toEqual({ ok: false, reason: "malformed" });
    expect(fetched.length).toBe(before);
  });

  it("refuses ES384 (only ES256 is Plaid's), without asking Plaid", async () => {
    const before = fetched.length;
    const es384 = await generateKeyPair("ES384");
    const signed = await new SignJWT({ request_body_sha256: sha256(body) })
      .setProtectedHeader({ alg: "ES384", kid: "kid-a" })
      .setIssuedAt(nowSec)
      .sign(es384.privateKey);
    expect(await verifierAt().verify(body, signed)).toEqual({ ok: false, reason: "algorithm" });
    expect(fetched.length).toBe(before);
  });

  it("refuses a token whose claims were changed after signing", async () => {
    const signed = await token({ request_body_sha256: sha256("other body") });
    const [head, , signature] = signed.split(".");
    const claims = Buffer.from(JSON.stringify({ request_body_sha256: sha256(body), iat: nowSec })).toString(
      "base64url",
    );
    expect(await verifierAt().verify(body, `${head}.${claims}.${signature}`)).toEqual({
      ok: false,
      reason: "signature",
    });
  });

  it.each<[string, unknown]>([
    ["no body hash claim", undefined],
    ["a numeric body hash claim", 12345],
    ["the hash of another body", sha256(`${body}\n`)],
    ["a truncated hash", sha256(body).slice(0, 63)],
    ["the right hash in capitals", sha256(body).toUpperCase()],
    ["an empty hash", ""],
  ])("refuses %s as a body mismatch", async (_label, claim) => {
    const signed = await token(claim === undefined ? {} : { request_body_sha256: claim });
    expect(await verifierAt().verify(body, signed)).toEqual({ ok: false, reason: "body" });
  });

  it("hashes the body's UTF-8 bytes", async () => {
    const accented = JSON.stringify({ webhook_type: "ITEM", institution: "Société Générale 日本" });
    const utf8Hash = createHash("sha256").update(Buffer.from(accented, "utf8")).digest("hex");
    expect(await verifierAt().verify(accented, await token({ request_body_sha256: utf8Hash }))).toMatchObject(
      {
        ok: true,
        bodySha256: utf8Hash,
      },
    );
  });

  it("fetches each key id once, a new key id when Plaid rotates, and asks again after a failed fetch", async () => {
    const rotated = await generateKeyPair("ES256");
    const rotatedJwk = await exportJWK(rotated.publicKey);
    const extra = new Map<string, PlaidWebhookKey>();
    const subject = verifierAt(extra);
    fetched.length = 0;
    const claims = { request_body_sha256: sha256(body) };
    expect(await subject.verify(body, await token(claims))).toMatchObject({ ok: true });
    expect(await subject.verify(body, await token(claims, { iat: nowSec - 1 }))).toMatchObject({ ok: true });
    const byRotated = await token(claims, { header: { kid: "kid-b" }, signer: rotated.privateKey });
    expect(await subject.verify(body, byRotated)).toEqual({ ok: false, reason: "unknown_key" });
    extra.set("kid-b", { ...served, kid: "kid-b", x: rotatedJwk.x!, y: rotatedJwk.y! });
    expect(await subject.verify(body, byRotated)).toMatchObject({ ok: true });
    expect(await subject.verify(body, byRotated)).toMatchObject({ ok: true });
    expect(fetched).toEqual(["kid-a", "kid-b", "kid-b"]);
  });
});
