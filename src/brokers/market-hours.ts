import type { MarketClock } from "./session.js";

/**
 * The regular US equity session (Monday to Friday, 09:30-16:00 America/New_York), for brokers
 * that expose no clock. Exchange holidays and early closes are not known here: on those days
 * this says "open" while the exchange is closed, and the broker rejects or queues the order.
 */
const zone = "America/New_York";
const openMinute = 9 * 60 + 30;
const closeMinute = 16 * 60;
const dayMs = 86_400_000;

const wallClock = new Intl.DateTimeFormat("en-US", {
  timeZone: zone,
  hourCycle: "h23",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
});

interface WallTime {
  year: number;
  month: number;
  day: number;
  minuteOfDay: number;
  /** 0 = Sunday. */
  weekday: number;
}

function wallParts(at: Date): Record<string, number> {
  return Object.fromEntries(wallClock.formatToParts(at).map((p) => [p.type, Number(p.value)]));
}

function newYorkWallTime(at: Date): WallTime {
  const parts = wallParts(at);
  const year = parts.year!;
  const month = parts.month!;
  const day = parts.day!;
  return {
    year,
    month,
    day,
    minuteOfDay: parts.hour! * 60 + parts.minute!,
    weekday: new Date(Date.UTC(year, month - 1, day)).getUTCDay(),
  };
}

/** New York offset from UTC at an instant, in ms (negative: -4 h or -5 h). */
function newYorkOffsetMs(at: Date): number {
  const parts = wallParts(at);
  const asUtc = Date.UTC(
    parts.year!,
    parts.month! - 1,
    parts.day!,
    parts.hour!,
    parts.minute!,
    parts.second!,
  );
  return asUtc - Math.floor(at.getTime() / 1000) * 1000;
}

/** The instant a New York wall-clock minute happens (session times are never in a DST gap). */
function newYorkInstant(year: number, month: number, day: number, minuteOfDay: number): Date {
  const wallAsUtc = Date.UTC(year, month - 1, day, 0, minuteOfDay);
  const firstGuess = wallAsUtc - newYorkOffsetMs(new Date(wallAsUtc));
  return new Date(wallAsUtc - newYorkOffsetMs(new Date(firstGuess)));
}

function isWeekday(weekday: number): boolean {
  return weekday >= 1 && weekday <= 5;
}

export function regularSessionClock(now: Date): MarketClock {
  const today = newYorkWallTime(now);
  const open = isWeekday(today.weekday) && today.minuteOfDay >= openMinute && today.minuteOfDay < closeMinute;

  // Walk forward from today (mid-day in New York, away from DST edges) to the first weekday whose open is ahead.
  let nextOpen: Date | null = null;
  let nextOpenDay = today;
  for (let offset = 0; nextOpen === null; offset++) {
    const day = newYorkWallTime(
      new Date(Date.UTC(today.year, today.month - 1, today.day, 16) + offset * dayMs),
    );
    const candidate = newYorkInstant(day.year, day.month, day.day, openMinute);
    if (isWeekday(day.weekday) && candidate > now) {
      nextOpen = candidate;
      nextOpenDay = day;
    }
  }
  const closeDay = open ? today : nextOpenDay;
  const nextClose = newYorkInstant(closeDay.year, closeDay.month, closeDay.day, closeMinute);
  return { isOpen: open, nextOpen: nextOpen.toISOString(), nextClose: nextClose.toISOString() };
}
