import { z } from "zod";
import { formatDate } from "../conversation/format-values.js";
import type { IsoDate } from "../registry/registry-document.js";
import { meetingDatesBetween, nextMeeting } from "./meeting-dates.js";

/**
 * Which meeting a digest is for. "2027Q1" is January to March 2027; the digest for a quarter is for
 * that quarter's meeting (the first one when several are scheduled in it). Pure.
 */

export type QuarterNumber = 1 | 2 | 3 | 4;

export interface Quarter {
  readonly year: number;
  readonly quarter: QuarterNumber;
}

/** "2027Q1", "2027-Q1", "2027 q1", "Q1 2027", "Q1-2027". */
const QUARTER_TEXT = /^(?:(\d{4})\s*-?\s*q([1-4])|q([1-4])\s*-?\s*(\d{4}))$/i;

/** A quarter as typed on the command line: zod at the boundary, like every other argument. */
export const QuarterSchema = z
  .string()
  .trim()
  .regex(QUARTER_TEXT, "use a year and a quarter 1 to 4, e.g. 2027Q1")
  .transform((text): Quarter => {
    const match = QUARTER_TEXT.exec(text)!;
    return { year: Number(match[1] ?? match[4]), quarter: Number(match[2] ?? match[3]) as QuarterNumber };
  });

export type QuarterReading =
  | { readonly ok: true; readonly quarter: Quarter }
  | { readonly ok: false; readonly code: "invalid-quarter"; readonly message: string };

export function parseQuarter(text: string): QuarterReading {
  const parsed = QuarterSchema.safeParse(text);
  if (parsed.success) return { ok: true, quarter: parsed.data };
  return {
    ok: false,
    code: "invalid-quarter",
    message: `${JSON.stringify(text.slice(0, 40))} is not a quarter: ${parsed.error.issues[0]?.message ?? "use e.g. 2027Q1"}`,
  };
}

/** "2027Q1". */
export const quarterLabel = (quarter: Quarter): string => `${quarter.year}Q${quarter.quarter}`;

/** The quarter a calendar date falls in. */
export function quarterOf(date: IsoDate): Quarter {
  return {
    year: Number(date.slice(0, 4)),
    quarter: (Math.floor((Number(date.slice(5, 7)) - 1) / 3) + 1) as QuarterNumber,
  };
}

/** The quarter after `quarter`. */
export function followingQuarter(quarter: Quarter): Quarter {
  return quarter.quarter === 4
    ? { year: quarter.year + 1, quarter: 1 }
    : { year: quarter.year, quarter: (quarter.quarter + 1) as QuarterNumber };
}

const LAST_DAYS = ["03-31", "06-30", "09-30", "12-31"] as const;

/** First and last day of the quarter. */
export function quarterDates(quarter: Quarter): { readonly from: IsoDate; readonly to: IsoDate } {
  const year = String(quarter.year).padStart(4, "0");
  const firstMonth = String((quarter.quarter - 1) * 3 + 1).padStart(2, "0");
  return { from: `${year}-${firstMonth}-01`, to: `${year}-${LAST_DAYS[quarter.quarter - 1]}` };
}

export type MeetingChoice =
  | { readonly ok: true; readonly meeting: IsoDate }
  | { readonly ok: false; readonly code: "no-meeting"; readonly message: string };

/**
 * The meeting a digest is for: the quarter's first meeting, or with no quarter the next meeting on
 * or after `today`. `configured` are the MEETING_DATES (empty: the default quarterly dates, which
 * put a meeting in every quarter).
 */
export function chooseDigestMeeting(
  quarter: Quarter | null,
  today: IsoDate,
  configured: readonly IsoDate[],
): MeetingChoice {
  if (quarter) {
    const { from, to } = quarterDates(quarter);
    const meeting = meetingDatesBetween(from, to, configured)[0];
    if (meeting) return { ok: true, meeting };
    return {
      ok: false,
      code: "no-meeting",
      message: `No working group meeting is scheduled in ${quarterLabel(quarter)} (${formatDate(from)} to ${formatDate(to)}); the configured meeting dates list none in it.`,
    };
  }
  const meeting = nextMeeting(today, configured);
  if (meeting) return { ok: true, meeting };
  return {
    ok: false,
    code: "no-meeting",
    message: `No working group meeting is scheduled from ${formatDate(today)} on; the configured meeting dates list none.`,
  };
}
