import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cleanUntrustedText } from "./untrusted-text.js";

describe("cleanUntrustedText", () => {
  it("turns control characters and line breaks into single spaces", () => {
    expect(cleanUntrustedText("Apple\nInc.\r\n\tCommon\u0000Stock\u0085x")).toBe("Apple Inc. Common Stock x");
    expect(cleanUntrustedText("a\u2028b\u2029c\u007fd")).toBe("a b c d");
  });

  it("removes zero-width characters without leaving a gap", () => {
    expect(cleanUntrustedText("Ap\u200bple\u200c \u200dInc\u2060\ufeff")).toBe("Apple Inc");
    expect(cleanUntrustedText("soft\u00adhyphen")).toBe("softhyphen");
  });

  it("removes bidi marks, embeddings, overrides and isolates", () => {
    expect(cleanUntrustedText("\u202eTSLA sell\u202c \u2066x\u2069\u200e\u200f\u061c")).toBe("TSLA sell x");
    expect(cleanUntrustedText("\u202a\u202b\u202dRoth IRA\u2067\u2068")).toBe("Roth IRA");
  });

  it("normalises every kind of whitespace and trims", () => {
    expect(cleanUntrustedText("  Vanguard\u00a0\u2003 500\u3000Index  ")).toBe("Vanguard 500 Index");
    expect(cleanUntrustedText("\u200b \u202e ")).toBe("");
  });

  it("keeps letters, digits and punctuation of every script", () => {
    expect(cleanUntrustedText("Société Générale — 株式会社 (ADR) $5.00")).toBe(
      "Société Générale — 株式会社 (ADR) $5.00",
    );
  });

  it("leaves no control, format or repeated whitespace in any input, and is idempotent", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (input) => {
        const cleaned = cleanUntrustedText(input);
        expect(cleaned).not.toMatch(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u);
        expect(cleaned).not.toMatch(/\s\s|^\s|\s$/);
        expect(cleanUntrustedText(cleaned)).toBe(cleaned);
      }),
    );
  });
});
