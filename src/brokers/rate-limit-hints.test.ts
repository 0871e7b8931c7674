import { describe, expect, it } from "vitest";
import { headerReader, retryAfterSeconds } from "./rate-limit-hints.js";

const now = Date.parse("2026-11-25T12:00:00Z");

describe("retryAfterSeconds", () => {
  it.each([
    { name: "Retry-After in seconds", headers: { "Retry-After": "7" }, body: "", seconds: 7 },
    {
      name: "Retry-After as a date",
      headers: { "retry-after": "Wed, 25 Nov 2026 12:00:30 GMT" },
      body: "",
      seconds: 30,
    },
    {
      name: "X-RateLimit-Reset as epoch seconds (Alpaca)",
      headers: { "X-RateLimit-Reset": String(now / 1000 + 12) },
      body: "",
      seconds: 12,
    },
    {
      name: "X-RateLimit-Reset as seconds until (SnapTrade)",
      headers: { "x-ratelimit-reset": "45" },
      body: "",
      seconds: 45,
    },
    {
      name: "SnapTrade's throttle text",
      headers: {},
      body: "Request was throttled. Expected available in 9 seconds.",
      seconds: 9,
    },
    { name: "nothing to go by", headers: {}, body: "", seconds: 5 },
    { name: "never less than a second", headers: { "Retry-After": "0" }, body: "", seconds: 1 },
  ])("$name", ({ headers, body, seconds }) => {
    expect(retryAfterSeconds(headerReader(headers), body, now)).toBe(seconds);
  });

  it("reads fetch Headers too", () => {
    expect(retryAfterSeconds(headerReader(new Headers({ "Retry-After": "3" })), "", now)).toBe(3);
  });
});
