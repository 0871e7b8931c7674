import { describe, expect, it } from "vitest";
import { signSnaptradeWebhook } from "../../../test/helpers/portfolio-webhook-signer.js";
import { pythonCanonicalJson } from "./python-canonical-json.js";
import { verifySnaptradeWebhook, webhookIdOf } from "./snaptrade-signature.js";

const consumerKey = "test-consumer-key";
const now = new Date("2025-06-02T15:00:00Z");

function sign(body: string, key = consumerKey): string {
  return signSnaptradeWebhook(body, key);
}

function event(overrides: Record<string, unknown> = {}) {
  return JSON.stringify({
    webhookId: "wh-1",
    clientId: "test-client",
    eventTimestamp: "2025-06-02T14:58:30.123+00:00",
    userId: "u1",
    eventType: "ACCOUNT_HOLDINGS_UPDATED",
    accountId: "acc-1",
    details: { positions: { success: true }, total_value: 1234 },
    ...overrides,
  });
}

describe("Python-style canonical JSON", () => {
  it("matches what Python's json.dumps(sort_keys=True, separators=(',', ':')) prints", () => {
    // Expected strings produced by CPython 3.12 for the same input.
    expect(pythonCanonicalJson('{"b": 1.0, "a": [1e5, 0.00001, 123.450, -0.0, 10]}')).toBe(
      '{"a":[100000.0,1e-05,123.45,-0.0,10],"b":1.0}',
    );
    expect(pythonCanonicalJson('{"name": "Société Générale ✓ 😀", "x": "tab\\tq\\"/"}')).toBe(
      '{"name":"Soci\\u00e9t\\u00e9 G\\u00e9n\\u00e9rale \\u2713 \\ud83d\\ude00","x":"tab\\tq\\"/"}',
    );
    expect(pythonCanonicalJson("[1e16, 1e15, 0.0001, 12345678901234567890]")).toBe(
      "[1e+16,1000000000000000.0,0.0001,12345678901234567890]",
    );
  });

  it("refuses invalid JSON", () => {
    expect(() => pythonCanonicalJson('{"a":')).toThrow();
    expect(() => pythonCanonicalJson("{'a': 1}")).toThrow();
  });
});

describe("SnapTrade webhook verification", () => {
  it("accepts a delivery signed by the independent signer", () => {
    const body = event();
    const result = verifySnaptradeWebhook({ rawBody: body, signature: sign(body), consumerKey, now });
    expect(result.ok).toBe(true);
  });

  it("verifies non-ASCII names the way SnapTrade (Python) signed them, whatever the body's whitespace", () => {
    const body = JSON.stringify(
      JSON.parse(event({ brokerageName: "Banque Populaire — Épargne 日本" })),
      null,
      2,
    );
    expect(verifySnaptradeWebhook({ rawBody: body, signature: sign(body), consumerKey, now }).ok).toBe(true);
  });

  it("refuses one changed byte, another key, and a missing signature", () => {
    const body = event();
    const signature = sign(body);
    const changed = body.replace('"acc-1"', '"acc-2"');
    expect(verifySnaptradeWebhook({ rawBody: changed, signature, consumerKey, now })).toEqual({
      ok: false,
      reason: "bad_signature",
    });
    expect(
      verifySnaptradeWebhook({ rawBody: body, signature: sign(body, "other"), consumerKey, now }).ok,
    ).toBe(false);
    expect(verifySnaptradeWebhook({ rawBody: body, signature: undefined, consumerKey, now }).ok).toBe(false);
    expect(verifySnaptradeWebhook({ rawBody: body, signature: "c2hvcnQ=", consumerKey, now }).ok).toBe(false);
  });

  it("refuses events older (or newer) than five minutes, even correctly signed", () => {
    for (const eventTimestamp of ["2025-06-02T14:54:59Z", "2025-06-02T15:05:01Z", "not a date"]) {
      const body = event({ eventTimestamp });
      expect(verifySnaptradeWebhook({ rawBody: body, signature: sign(body), consumerKey, now })).toEqual({
        ok: false,
        reason: "stale",
      });
    }
  });

  it("reads the webhook id under both spellings", () => {
    expect(webhookIdOf({ webhookId: "a" })).toBe("a");
    expect(webhookIdOf({ webookId: "b" })).toBe("b");
    expect(webhookIdOf({})).toBeNull();
  });
});
