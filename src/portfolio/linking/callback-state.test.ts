import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { signCallbackState, verifyCallbackState } from "./callback-state.js";

const key = randomBytes(32);
const userId = "00000000-0000-4000-8000-000000000001";
const issued = new Date("2025-06-02T15:00:00Z");

describe("SnapTrade callback state", () => {
  it("names the user it was issued for, for 15 minutes", () => {
    const state = signCallbackState(key, userId, issued);
    expect(verifyCallbackState(key, state, new Date(issued.getTime() + 14 * 60_000))?.userId).toBe(userId);
    expect(verifyCallbackState(key, state, new Date(issued.getTime() + 15 * 60_000 + 1000))).toBeNull();
  });

  it("refuses altered, foreign-key, truncated and missing states", () => {
    const state = signCallbackState(key, userId, issued);
    const [payload, mac] = state.split(".") as [string, string];
    const forged = Buffer.from(JSON.stringify({ u: "someone-else", exp: 9_999_999_999, n: "x" })).toString(
      "base64url",
    );
    expect(verifyCallbackState(key, `${forged}.${mac}`, issued)).toBeNull();
    expect(verifyCallbackState(randomBytes(32), state, issued)).toBeNull();
    expect(verifyCallbackState(key, payload, issued)).toBeNull();
    expect(verifyCallbackState(key, `${state}.x`, issued)).toBeNull();
    expect(verifyCallbackState(key, undefined, issued)).toBeNull();
  });
});
