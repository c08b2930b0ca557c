import { format, subDays, subMonths, subWeeks, subYears } from "date-fns";
import type { IsoDate } from "../registry/registry-document.js";
import { noonOf } from "../shared/calendar-date.js";

/**
 * How old a request is, in calendar days of the bot's time zone. Pure: the caller gives today's
 * date (calendarDateIn(now, zone)) and the zone.
 */

export type AgeUnit = "day" | "week" | "month" | "year";

export interface Age {
  readonly amount: number;
  readonly unit: AgeUnit;
}

const SUBTRACT: Record<AgeUnit, (date: Date, amount: number) => Date> = {
  day: subDays,
  week: subWeeks,
  month: subMonths,
  year: subYears,
};

/**
 * The calendar date `age` before `today`: a request submitted before it has been open longer than
 * `age`. Months end-clamp as date-fns does: 6 months before 31 August is 28 (or 29) February.
 */
export function ageCutoff(today: IsoDate, age: Age): IsoDate {
  return format(SUBTRACT[age.unit](noonOf(today), age.amount), "yyyy-MM-dd");
}

/** "6 months", "1 year", "90 days". */
export function describeAge(age: Age): string {
  return `${age.amount} ${age.unit}${age.amount === 1 ? "" : "s"}`;
}

const offsetFormatters = new Map<string, Intl.DateTimeFormat>();

/** How far the wall clock in `timeZone` is ahead of UTC at `instant`, in milliseconds. */
function zoneOffset(instant: number, timeZone: string): number {
  let formatter = offsetFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    offsetFormatters.set(timeZone, formatter);
  }
  const parts = Object.fromEntries(formatter.formatToParts(new Date(instant)).map((part) => [part.type, part.value]));
  const wall = Date.UTC(
    Number(parts.year),
    Number(parts.month) - 1,
    Number(parts.day),
    Number(parts.hour),
    Number(parts.minute),
    Number(parts.second),
  );
  return wall - Math.floor(instant / 1000) * 1000;
}

/** The instant a calendar date begins in `timeZone` (midnight there), e.g. 2026-05-23 in Toronto is 04:00 UTC. */
export function startOfDayIn(date: IsoDate, timeZone: string): Date {
  const midnightUtc = Date.parse(`${date}T00:00:00Z`);
  // Twice: the offset at the guess may differ from the offset at the answer across a DST change.
  const guess = midnightUtc - zoneOffset(midnightUtc, timeZone);
  return new Date(midnightUtc - zoneOffset(guess, timeZone));
}
