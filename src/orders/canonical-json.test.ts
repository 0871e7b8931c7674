import { describe, expect, it } from "vitest";
import { canonicalJson } from "./canonical-json.js";

/** The bytes hashes (proposal binding, audit chain) are taken over. */
describe("canonical JSON", () => {
  it("sorts keys at every depth and keeps array order, so a JSONB round trip hashes the same", () => {
    const stored = { symbol: "MSFT", limits: { stop: 400, limit: 410.5 }, legs: [{ b: 2, a: 1 }, 3] };
    const reread = { legs: [{ a: 1, b: 2 }, 3], limits: { limit: 410.5, stop: 400 }, symbol: "MSFT" };
    expect(canonicalJson(stored)).toBe(
      '{"legs":[{"a":1,"b":2},3],"limits":{"limit":410.5,"stop":400},"symbol":"MSFT"}',
    );
    expect(canonicalJson(reread)).toBe(canonicalJson(stored));
    expect(canonicalJson([3, 1, 2])).toBe("[3,1,2]");
  });

  it("drops undefined members, so an absent field and an undefined one hash alike", () => {
    expect(canonicalJson({ b: undefined, a: { c: undefined, d: null } })).toBe('{"a":{"d":null}}');
    expect(canonicalJson({ b: undefined, a: { d: null } })).toBe(canonicalJson({ a: { d: null } }));
  });

  it("writes a date as its ISO instant", () => {
    expect(canonicalJson({ at: new Date("2026-06-01T14:00:00Z") })).toBe('{"at":"2026-06-01T14:00:00.000Z"}');
  });

  it("refuses NaN and Infinity at any depth rather than hashing them as null", () => {
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      expect(() => canonicalJson({ order: { limitPrice: bad } })).toThrow(
        "canonical JSON has no form for NaN or Infinity",
      );
      expect(() => canonicalJson([1, bad])).toThrow("canonical JSON has no form for NaN or Infinity");
    }
    expect(canonicalJson({ price: 0, qty: -1.5 })).toBe('{"price":0,"qty":-1.5}');
  });
});
