import { addDays, addMonths, format } from "date-fns";
import type { IsoDate } from "../registry/registry-document.js";

/*
 * Calendar arithmetic for the digest on YYYY-MM-DD. It runs on a Date at local noon of the day, as
 * parse-date-window.ts does: date-fns works in the process's zone, and noon keeps every day intact
 * across daylight-saving changes. Only the Y-M-D is ever read back.
 */

function noonOf(date: IsoDate): Date {
  const [year, month, day] = date.split("-").map(Number);
  return new Date(year!, month! - 1, day!, 12);
}

const isoOf = (date: Date): IsoDate => format(date, "yyyy-MM-dd");

/** `months` calendar months after `date` (negative: before), end-clamped: 31 August + 6 months is 28 or 29 February. */
export const monthsAfter = (date: IsoDate, months: number): IsoDate => isoOf(addMonths(noonOf(date), months));

/** `days` days after `date` (negative: before). */
export const daysAfter = (date: IsoDate, days: number): IsoDate => isoOf(addDays(noonOf(date), days));

export const yearOf = (date: IsoDate): number => Number(date.slice(0, 4));

const isLeapYear = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

/** The anniversary of `established` in `year`; 29 February falls on 28 February in other years (as the reminders do). */
export function anniversaryIn(established: IsoDate, year: number): IsoDate {
  const monthDay = established.slice(5);
  const day = monthDay === "02-29" && !isLeapYear(year) ? "02-28" : monthDay;
  return `${String(year).padStart(4, "0")}-${day}`;
}

/** "1st", "2nd", "3rd", "11th", "25th", "40th". */
export function ordinal(n: number): string {
  const lastTwo = n % 100;
  if (lastTwo >= 11 && lastTwo <= 13) return `${n}th`;
  return `${n}${{ 1: "st", 2: "nd", 3: "rd" }[n % 10] ?? "th"}`;
}
