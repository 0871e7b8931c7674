import { describe, expect, it } from "vitest";
import { regularSessionClock } from "./market-hours.js";

describe("regularSessionClock (America/New_York, 09:30-16:00, weekdays)", () => {
  it.each([
    {
      name: "Wednesday 10:00 EST: open until 16:00, next open Thursday",
      now: "2026-11-25T15:00:00Z",
      expected: { isOpen: true, nextOpen: "2026-11-26T14:30:00.000Z", nextClose: "2026-11-25T21:00:00.000Z" },
    },
    {
      name: "Wednesday 09:00 EDT: closed, opens at 09:30 the same day",
      now: "2026-07-15T13:00:00Z",
      expected: {
        isOpen: false,
        nextOpen: "2026-07-15T13:30:00.000Z",
        nextClose: "2026-07-15T20:00:00.000Z",
      },
    },
    {
      name: "Friday 16:30 EST: closed, opens Monday",
      now: "2026-11-27T21:30:00Z",
      expected: {
        isOpen: false,
        nextOpen: "2026-11-30T14:30:00.000Z",
        nextClose: "2026-11-30T21:00:00.000Z",
      },
    },
    {
      name: "Saturday: closed, opens Monday",
      now: "2026-11-28T16:00:00Z",
      expected: {
        isOpen: false,
        nextOpen: "2026-11-30T14:30:00.000Z",
        nextClose: "2026-11-30T21:00:00.000Z",
      },
    },
    {
      name: "Friday evening before daylight time starts: Monday opens at 09:30 EDT",
      now: "2026-03-06T22:00:00Z",
      expected: {
        isOpen: false,
        nextOpen: "2026-03-09T13:30:00.000Z",
        nextClose: "2026-03-09T20:00:00.000Z",
      },
    },
    {
      name: "16:00 exactly is closed",
      now: "2026-11-25T21:00:00Z",
      expected: {
        isOpen: false,
        nextOpen: "2026-11-26T14:30:00.000Z",
        nextClose: "2026-11-26T21:00:00.000Z",
      },
    },
  ])("$name", ({ now, expected }) => {
    expect(regularSessionClock(new Date(now))).toEqual(expected);
  });
});
