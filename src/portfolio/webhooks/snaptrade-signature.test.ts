import { createHmac } from "node:crypto";
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

  it.each([
    ["exactly 5 minutes old", "2025-06-02T14:55:00.000Z", true],
    ["5 minutes and 1 ms old", "2025-06-02T14:54:59.999Z", false],
    ["exactly 5 minutes ahead", "2025-06-02T15:05:00.000Z", true],
    ["5 minutes and 1 ms ahead", "2025-06-02T15:05:00.001Z", false],
  ])("an eventTimestamp %s is %s", (_label, eventTimestamp, accepted) => {
    const body = event({ eventTimestamp });
    expect(verifySnaptradeWebhook({ rawBody: body, signature: sign(body), consumerKey, now })).toEqual(
      accepted ? { ok: true, payload: JSON.parse(body) } : { ok: false, reason: "stale" },
    );
  });

  it("refuses a signed event whose eventTimestamp is missing or not a string (even the current epoch)", () => {
    for (const eventTimestamp of [undefined, now.getTime(), null]) {
      const body = event({ eventTimestamp });
      expect(verifySnaptradeWebhook({ rawBody: body, signature: sign(body), consumerKey, now })).toEqual({
        ok: false,
        reason: "stale",
      });
    }
  });

  it("accepts the signature header with surrounding whitespace", () => {
    const body = event();
    const result = verifySnaptradeWebhook({ rawBody: body, signature: ` ${sign(body)}\t`, consumerKey, now });
    expect(result).toEqual({ ok: true, payload: JSON.parse(body) });
  });

  it("checks the signature before reading the body: an unsigned non-object is a bad signature", () => {
    expect(verifySnaptradeWebhook({ rawBody: "[1,2]", signature: undefined, consumerKey, now })).toEqual({
      ok: false,
      reason: "bad_signature",
    });
  });

  it("refuses a correctly signed body that is not a JSON object, and an unparseable body, as malformed", () => {
    for (const body of ["[1,2]", "null", '"text"', "42"]) {
      expect(verifySnaptradeWebhook({ rawBody: body, signature: sign(body), consumerKey, now })).toEqual({
        ok: false,
        reason: "malformed",
      });
    }
    expect(verifySnaptradeWebhook({ rawBody: '{"a":', signature: "x", consumerKey, now })).toEqual({
      ok: false,
      reason: "malformed",
    });
  });

  it("signs over Python's rendering of floats, so a float keeps its point", () => {
    const body = event({ details: { total_value: 1234.0, rate: 1e-5 } });
    const python = body
      .replace('"total_value":1234', '"total_value":1234.0')
      .replace('"rate":0.00001', '"rate":1e-5');
    const signature = createHmac("sha256", consumerKey).update(pythonCanonicalJson(python)).digest("base64");
    expect(pythonCanonicalJson(python)).toContain('"rate":1e-05');
    expect(pythonCanonicalJson(python)).toContain('"total_value":1234.0');
    expect(verifySnaptradeWebhook({ rawBody: python, signature, consumerKey, now }).ok).toBe(true);
    const asInteger = createHmac("sha256", consumerKey)
      .update(pythonCanonicalJson(python).replace("1234.0", "1234"))
      .digest("base64");
    expect(verifySnaptradeWebhook({ rawBody: python, signature: asInteger, consumerKey, now })).toEqual({
      ok: false,
      reason: "bad_signature",
    });
  });

  it("reads the webhook id under both spellings", () => {
    expect(webhookIdOf({ webhookId: "a" })).toBe("a");
    expect(webhookIdOf({ webookId: "b" })).toBe("b");
    expect(webhookIdOf({})).toBeNull();
    expect(webhookIdOf({ webhookId: "a", webookId: "b" })).toBe("a");
  });

  it("refuses an empty, non-string or over-long webhook id", () => {
    expect(webhookIdOf({ webhookId: "" })).toBeNull();
    expect(webhookIdOf({ webhookId: 17 })).toBeNull();
    expect(webhookIdOf({ webhookId: "x".repeat(200) })).toBe("x".repeat(200));
    expect(webhookIdOf({ webhookId: "x".repeat(201) })).toBeNull();
  });
});
