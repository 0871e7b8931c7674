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
