import type { PrismaClient } from "../generated/prisma/client.js";
import type { IsoDate } from "../registry/registry-document.js";
import { calendarDateIn } from "../shared/calendar-date.js";
import type { Clock } from "../shared/clock.js";
import { buildCalendarEvents, DEFAULT_MEETING_TIME, feedWindow, type LocalTime } from "./calendar-events.js";
import { findCalendarSubscriber } from "./calendar-subscribers.js";
import { readCalendarSubjects } from "./read-calendar-subjects.js";
import { renderCalendar } from "./render-calendar.js";

export interface CalendarFeedDeps {
  readonly prisma: Pick<PrismaClient, "agreement" | "project" | "milestone" | "calendarSubscriber">;
  readonly clock: Clock;
  /** IAP_TIME_ZONE: "today", and the zone meetings are written in. */
  readonly timeZone: string;
  /** MEETING_DATES; empty: the default quarterly dates. */
  readonly meetingDates: readonly IsoDate[];
  /** Wall-clock start and end of every meeting; default 10:00–11:30. */
  readonly meetingTime?: { readonly start: LocalTime; readonly end: LocalTime };
}

/** Why there is no feed: a code for the adapter to map, words for the person, words for the log. */
export interface CalendarFeedRefusal {
  readonly code: "TOKEN_MISSING" | "TOKEN_NOT_VALID";
  readonly userMessage: string;
  readonly logMessage: string;
}

export type CalendarFeedResult =
  | {
      readonly ok: true;
      /** The iCalendar text (UTF-8, CRLF lines). */
      readonly ics: string;
      readonly subscriberId: number;
      readonly events: number;
    }
  | ({ readonly ok: false } & CalendarFeedRefusal);

/**
 * The calendar feed for whoever holds `token`: every dated thing from one year back to three years
 * ahead. Without a working token, a refusal and no data at all.
 */
export async function generateCalendarFeed(
  deps: CalendarFeedDeps,
  token: string | undefined,
): Promise<CalendarFeedResult> {
  if (!token) {
    return {
      ok: false,
      code: "TOKEN_MISSING",
      userMessage: "This calendar needs its token: use the whole subscribe link, ending in ?token=…",
      logMessage: "calendar feed asked for without a token",
    };
  }
  const subscriber = await findCalendarSubscriber(deps.prisma, token);
  if (!subscriber) {
    return {
      ok: false,
      code: "TOKEN_NOT_VALID",
      userMessage: "No calendar for this link: the token is unknown or was revoked. Ask CCO-SPER for a new link.",
      logMessage: "calendar feed asked for with an unknown or revoked token",
    };
  }
  const now = deps.clock();
  const window = feedWindow(calendarDateIn(now, deps.timeZone));
  const subjects = await readCalendarSubjects(deps.prisma, window);
  const events = buildCalendarEvents(subjects, {
    window,
    meetingDates: deps.meetingDates,
    meetingTime: deps.meetingTime ?? DEFAULT_MEETING_TIME,
  });
  return {
    ok: true,
    ics: renderCalendar(events, { timeZone: deps.timeZone, stamp: now }),
    subscriberId: subscriber.id,
    events: events.length,
  };
}
