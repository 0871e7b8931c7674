import { getHolidays } from "nyse-holidays";
import type { MarketClock } from "./session.js";

/**
 * The regular US equity session from the NYSE calendar, without asking any broker: 09:30-16:00
 * America/New_York on trading days, 13:00 on the exchange's early-close days. Holidays come
 * from `nyse-holidays` (observed dates included); early closes follow the exchange's standing
 * rule. Unscheduled closures (a national day of mourning) are not known in advance; there the
 * broker queues or refuses the order as it would for any closed market.
 */
const zone = "America/New_York";
const openMinute = 9 * 60 + 30;
const closeMinute = 16 * 60;
const earlyCloseMinute = 13 * 60;
const dayMs = 86_400_000;

const holidaysByYear = new Map<number, Set<string>>();

function isoDay(year: number, month: number, day: number): string {
  return `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

function isHoliday(year: number, month: number, day: number): boolean {
  let holidays = holidaysByYear.get(year);
  if (!holidays) {
    holidays = new Set(getHolidays(year).map((h) => h.dateString));
    holidaysByYear.set(year, holidays);
  }
  return holidays.has(isoDay(year, month, day));
}

function isWeekday(weekday: number): boolean {
  return weekday >= 1 && weekday <= 5;
}

/** 0 = Sunday. */
function weekdayOf(year: number, month: number, day: number): number {
  return new Date(Date.UTC(year, month - 1, day)).getUTCDay();
}

function isTradingDay(year: number, month: number, day: number): boolean {
  return isWeekday(weekdayOf(year, month, day)) && !isHoliday(year, month, day);
}

/**
 * NYSE closes at 13:00 on July 3 and December 24 when they are trading days, and on the day
 * after Thanksgiving (the fourth Thursday of November).
 */
function closesEarly(year: number, month: number, day: number): boolean {
  if ((month === 7 && day === 3) || (month === 12 && day === 24)) return true;
  if (month !== 11 || weekdayOf(year, month, day) !== 5) return false;
  const thursday = day - 1;
  return thursday >= 22 && thursday <= 28;
}

function closeMinuteOf(year: number, month: number, day: number): number {
  return closesEarly(year, month, day) ? earlyCloseMinute : closeMinute;
}

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

export function exchangeClock(now: Date): MarketClock {
  const today = newYorkWallTime(now);
  const open =
    isTradingDay(today.year, today.month, today.day) &&
    today.minuteOfDay >= openMinute &&
    today.minuteOfDay < closeMinuteOf(today.year, today.month, today.day);

  // Walk forward from today (mid-day in New York, away from DST edges) to the first trading day whose open is ahead.
  let nextOpen: Date | null = null;
  let nextOpenDay = today;
  for (let offset = 0; nextOpen === null; offset++) {
    const day = newYorkWallTime(
      new Date(Date.UTC(today.year, today.month - 1, today.day, 16) + offset * dayMs),
    );
    const candidate = newYorkInstant(day.year, day.month, day.day, openMinute);
    if (isTradingDay(day.year, day.month, day.day) && candidate > now) {
      nextOpen = candidate;
      nextOpenDay = day;
    }
  }
  const closeDay = open ? today : nextOpenDay;
  const nextClose = newYorkInstant(
    closeDay.year,
    closeDay.month,
    closeDay.day,
    closeMinuteOf(closeDay.year, closeDay.month, closeDay.day),
  );
  return { isOpen: open, nextOpen: nextOpen.toISOString(), nextClose: nextClose.toISOString() };
}
