import type { IsoDate } from "../registry/registry-document.js";

/** The calendar date at `now` in `timeZone`, e.g. 2026-12-01T03:00Z is "2026-11-30" in America/Toronto. */
export function calendarDateIn(now: Date, timeZone: string): IsoDate {
  // en-CA formats dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
}
