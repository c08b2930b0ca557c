import type { IsoDate } from "../registry/registry-document.js";

/**
 * The working group's meetings: "at least quarterly" (DOMAIN.md). Configured dates (MEETING_DATES)
 * win; otherwise the default is the first Tuesday of each quarter's second month (February, May,
 * August, November).
 */

const QUARTER_SECOND_MONTHS = [2, 5, 8, 11] as const;
const TUESDAY = 2;

const iso = (year: number, month: number, day: number): IsoDate =>
  `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;

/** The first Tuesday of `month` (1–12) in `year`. */
export function firstTuesday(year: number, month: number): IsoDate {
  const weekday = new Date(Date.UTC(year, month - 1, 1)).getUTCDay();
  return iso(year, month, 1 + ((TUESDAY - weekday + 7) % 7));
}

/** The default meetings of `year`, in order. */
export function defaultMeetingDates(year: number): IsoDate[] {
  return QUARTER_SECOND_MONTHS.map((month) => firstTuesday(year, month));
}

/**
 * Meetings from `from` to `to` (inclusive calendar dates), oldest first: the configured dates in
 * that range, or the default ones when none are configured.
 */
export function meetingDatesBetween(from: IsoDate, to: IsoDate, configured: readonly IsoDate[] = []): IsoDate[] {
  const candidates =
    configured.length > 0
      ? [...configured]
      : Array.from(
          { length: Number(to.slice(0, 4)) - Number(from.slice(0, 4)) + 1 },
          (_, index) => Number(from.slice(0, 4)) + index,
        ).flatMap(defaultMeetingDates);
  return [...new Set(candidates)].filter((date) => date >= from && date <= to).sort();
}

/** The first meeting on or after `date`, looking up to two years ahead; null when none is scheduled. */
export function nextMeeting(date: IsoDate, configured: readonly IsoDate[] = []): IsoDate | null {
  const until = iso(Number(date.slice(0, 4)) + 2, 12, 31);
  return meetingDatesBetween(date, until, configured)[0] ?? null;
}

/** The last meeting before `date`; null when none is known. */
export function previousMeeting(date: IsoDate, configured: readonly IsoDate[] = []): IsoDate | null {
  const since = iso(Number(date.slice(0, 4)) - 2, 1, 1);
  return (
    meetingDatesBetween(since, date, configured)
      .filter((meeting) => meeting < date)
      .at(-1) ?? null
  );
}
