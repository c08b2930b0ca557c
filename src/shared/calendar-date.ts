import { addDays, addMonths, differenceInCalendarDays, format } from "date-fns";
import type { IsoDate } from "../registry/registry-document.js";

/** Building an Intl formatter costs far more than using one, and every question needs "today". */
const formatters = new Map<string, Intl.DateTimeFormat>();

/** The calendar date at `now` in `timeZone`, e.g. 2026-12-01T03:00Z is "2026-11-30" in America/Toronto. */
export function calendarDateIn(now: Date, timeZone: string): IsoDate {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    // en-CA formats dates as YYYY-MM-DD.
    formatter = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" });
    formatters.set(timeZone, formatter);
  }
  return formatter.format(now);
}

/*
 * Calendar arithmetic on YYYY-MM-DD. It runs on a Date at local noon of the day: date-fns works in
 * the process's zone, and noon keeps every day intact across daylight-saving changes. Only the
 * Y-M-D is ever read back.
 */

/** Local noon of `date`, for date-fns arithmetic that must not cross a day boundary. */
export function noonOf(date: IsoDate): Date {
  const [year, month, day] = date.split("-").map(Number) as [number, number, number];
  return new Date(year, month - 1, day, 12);
}

const isoOfNoon = (date: Date): IsoDate => format(date, "yyyy-MM-dd");

/** `days` days after `date` (negative: before). */
export const daysAfter = (date: IsoDate, days: number): IsoDate => isoOfNoon(addDays(noonOf(date), days));

/** `months` calendar months after `date` (negative: before), end-clamped: 31 August + 6 months is 28 or 29 February. */
export const monthsAfter = (date: IsoDate, months: number): IsoDate => isoOfNoon(addMonths(noonOf(date), months));

/** Whole calendar days from `from` to `to` (0 on the same day). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return differenceInCalendarDays(noonOf(to), noonOf(from));
}

const isLeapYear = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

/**
 * `date`'s month and day in `year`: an anniversary, or the end of a term of whole years. 29 February
 * falls on 28 February in years without one.
 */
export function sameDayIn(date: IsoDate, year: number): IsoDate {
  const monthDay = date.slice(5);
  return `${String(year).padStart(4, "0")}-${monthDay === "02-29" && !isLeapYear(year) ? "02-28" : monthDay}`;
}

/** A calendar date as stored in a `@db.Date` column: midnight UTC. */
export const utcMidnight = (date: IsoDate): Date => new Date(`${date}T00:00:00.000Z`);

/** The calendar date of a `@db.Date` value (midnight UTC). */
export const isoDateOf = (date: Date): IsoDate => date.toISOString().slice(0, 10);
