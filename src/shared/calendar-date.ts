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
