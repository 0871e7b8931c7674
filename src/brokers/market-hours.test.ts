import { describe, expect, it } from "vitest";
import { exchangeClock } from "./market-hours.js";

describe("exchangeClock (America/New_York, 09:30-16:00, weekdays)", () => {
  it.each([
    {
      name: "Wednesday 10:00 EST: open until 16:00, next open Thursday",
      now: "2026-11-18T15:00:00Z",
      expected: { isOpen: true, nextOpen: "2026-11-19T14:30:00.000Z", nextClose: "2026-11-18T21:00:00.000Z" },
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
      now: "2026-11-18T21:00:00Z",
      expected: {
        isOpen: false,
        nextOpen: "2026-11-19T14:30:00.000Z",
        nextClose: "2026-11-19T21:00:00.000Z",
      },
    },
  ])("$name", ({ now, expected }) => {
    expect(exchangeClock(new Date(now))).toEqual(expected);
  });
});

describe("exchangeClock knows holidays and early closes", () => {
  it.each([
    {
      name: "Thanksgiving (Thursday): closed all day; the Friday after opens and closes at 13:00",
      now: "2026-11-26T16:00:00Z",
      expected: {
        isOpen: false,
        nextOpen: "2026-11-27T14:30:00.000Z",
        nextClose: "2026-11-27T18:00:00.000Z",
      },
    },
    {
      name: "Wednesday before Thanksgiving after the close: next open is Friday, not Thursday",
      now: "2026-11-25T21:30:00Z",
      expected: {
        isOpen: false,
        nextOpen: "2026-11-27T14:30:00.000Z",
        nextClose: "2026-11-27T18:00:00.000Z",
      },
    },
    {
      name: "day after Thanksgiving 13:30: already closed, opens Monday",
      now: "2026-11-27T18:30:00Z",
      expected: {
        isOpen: false,
        nextOpen: "2026-11-30T14:30:00.000Z",
        nextClose: "2026-11-30T21:00:00.000Z",
      },
    },
    {
      name: "Christmas Eve 2026 (Thursday) 12:00: open until 13:00; Christmas closed; opens Monday",
      now: "2026-12-24T17:00:00Z",
      expected: { isOpen: true, nextOpen: "2026-12-28T14:30:00.000Z", nextClose: "2026-12-24T18:00:00.000Z" },
    },
    {
      name: "Independence Day observed on Friday July 3 2026: closed, opens Monday July 6",
      now: "2026-07-03T15:00:00Z",
      expected: {
        isOpen: false,
        nextOpen: "2026-07-06T13:30:00.000Z",
        nextClose: "2026-07-06T20:00:00.000Z",
      },
    },
    {
      name: "July 3 2025 (Thursday) is an early close",
      now: "2025-07-03T16:00:00Z",
      expected: { isOpen: true, nextOpen: "2025-07-07T13:30:00.000Z", nextClose: "2025-07-03T17:00:00.000Z" },
    },
    {
      name: "Good Friday 2026: closed",
      now: "2026-04-03T15:00:00Z",
      expected: {
        isOpen: false,
        nextOpen: "2026-04-06T13:30:00.000Z",
        nextClose: "2026-04-06T20:00:00.000Z",
      },
    },
    {
      name: "New Year's Day 2028 falls on a Saturday: Friday December 31 2027 trades",
      now: "2027-12-31T15:00:00Z",
      expected: { isOpen: true, nextOpen: "2028-01-03T14:30:00.000Z", nextClose: "2027-12-31T21:00:00.000Z" },
    },
  ])("$name", ({ now, expected }) => {
    expect(exchangeClock(new Date(now))).toEqual(expected);
  });
});
