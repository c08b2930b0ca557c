import { TZDate } from "@date-fns/tz";
import { getVtimezoneComponent } from "@touch4it/ical-timezones";
import ical, { foldLines, ICalEvent, ICalEventTransparency } from "ical-generator";
import type { CalendarEvent, LocalTime } from "./calendar-events.js";

export const CALENDAR_NAME = "IAP agreements";

/** How often subscribed calendars should refetch (REFRESH-INTERVAL, X-PUBLISHED-TTL): the data changes rarely. */
const REFRESH_SECONDS = 6 * 60 * 60;

const END = "END:VCALENDAR";

export interface RenderOptions {
  /** IAP_TIME_ZONE: meetings are written in it, with its VTIMEZONE. */
  readonly timeZone: string;
  /** DTSTAMP of every event: when the feed was generated. */
  readonly stamp: Date;
}

/**
 * The feed as one VCALENDAR. All-day events carry a plain date and no time zone (Outlook shifts
 * zoned all-day events by a day for people in other zones); meetings carry a TZID with its
 * VTIMEZONE, so they stay at 10:00 local on both sides of a DST change. Escaping, dates and line
 * folding are ical-generator's.
 */
export function renderCalendar(events: readonly CalendarEvent[], options: RenderOptions): string {
  // A zone the VTIMEZONE database lacks (e.g. Europe/Kyiv) would leave a TZID without its definition: write UTC times then.
  const zoned = getVtimezoneComponent(options.timeZone) !== null;
  const calendar = ical({
    name: CALENDAR_NAME,
    // Written unescaped by ical-generator: keep it free of commas and semicolons.
    description: "Dates of the City of Toronto International Alliance Program from iap-bot",
    prodId: { company: "City of Toronto", product: "iap-bot", language: "EN" },
    // No calendar-wide zone (all-day dates stay plain, DTSTAMP stays UTC); the generator adds each event's VTIMEZONE.
    timezone: { name: null, generator: getVtimezoneComponent },
    ttl: REFRESH_SECONDS,
  });
  // calendar.toString() folds the whole text at once, four times slower than folding event by
  // event at 100,000 agreements (40 MB); all-day events are folded one by one and put in before
  // END:VCALENDAR. The few meetings stay in the calendar, which writes their VTIMEZONE.
  const allDay: string[] = [];
  for (const event of events) {
    const common = { id: event.uid, stamp: options.stamp, summary: event.summary, description: event.description };
    if (event.kind === "all-day") {
      const vevent = new ICalEvent(
        {
          ...common,
          allDay: true,
          start: utcMidnight(event.date),
          end: nextDay(event.date),
          // A term end is a date to know, not a day the reader is busy.
          transparency: ICalEventTransparency.TRANSPARENT,
        },
        calendar,
      );
      allDay.push(foldLines(vevent.toString()));
    } else {
      calendar.createEvent({
        ...common,
        start: wallClock(event.date, event.start, options.timeZone),
        end: wallClock(event.date, event.end, options.timeZone),
        ...(zoned ? { timezone: options.timeZone } : {}),
      });
    }
  }
  const shell = calendar.toString();
  if (!shell.endsWith(END)) throw new Error(`ical-generator's calendar no longer ends with ${END}`);
  return `${shell.slice(0, -END.length)}${allDay.join("")}${END}`;
}

const utcMidnight = (date: string) => new Date(`${date}T00:00:00Z`);

/** DTEND of an all-day event is exclusive: the next day. */
const nextDay = (date: string) => new Date(utcMidnight(date).getTime() + 24 * 60 * 60 * 1000);

/** The instant `time` on `date` in `timeZone`; a TZDate, so ical-generator writes it as that zone's wall clock. */
function wallClock(date: string, time: LocalTime, timeZone: string): TZDate {
  const [year, month, day] = date.split("-").map(Number) as [number, number, number];
  const [hours, minutes] = time.split(":").map(Number) as [number, number];
  return new TZDate(year, month - 1, day, hours, minutes, 0, timeZone);
}
