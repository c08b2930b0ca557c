import { createHash } from "node:crypto";
import { CATEGORY_LABELS } from "../registry/registry-csv.js";
import type { AgreementCategory, IsoDate } from "../registry/registry-document.js";
import { meetingDatesBetween } from "../reminders/meeting-dates.js";
import { sameDayIn } from "../shared/calendar-date.js";

/**
 * What the calendar feed holds, as data: pure rules, no I/O, no clock (the caller passes the
 * window). render-calendar.ts writes these as iCalendar.
 */

/** The agreements in force; Historical agreements get no City resources, and Austin is outside the IAP. */
export const FEED_CATEGORIES = ["PARTNERSHIP_CITY", "INTERNATIONAL_PROJECT"] as const satisfies AgreementCategory[];

/** Anniversaries marked: every 5th year, as the anniversary reminder does by default. */
export const ANNIVERSARY_EVERY_YEARS = 5;

/** "10:00", a wall-clock time in the feed's time zone. */
export type LocalTime = `${number}:${number}`;

/** The bot does not know when the working group meets on the day; this is its stated default. */
export const DEFAULT_MEETING_TIME: { readonly start: LocalTime; readonly end: LocalTime } = {
  start: "10:00",
  end: "11:30",
};

interface EventBase {
  /** Derived from the subject, never from its date, so a changed date updates the same event. */
  readonly uid: string;
  /** One line of plain text; render-calendar.ts escapes it. */
  readonly summary: string;
  /** Only what the summary does not say; null for none (kept short: 100,000 agreements make a 30 MB feed). */
  readonly description: string | null;
  readonly date: IsoDate;
}

/** A whole day, written without a time zone (DTSTART;VALUE=DATE). */
export interface AllDayEvent extends EventBase {
  readonly kind: "all-day";
}

/** A meeting: wall-clock times on `date` in the feed's time zone. */
export interface TimedEvent extends EventBase {
  readonly kind: "timed";
  readonly start: LocalTime;
  readonly end: LocalTime;
}

export type CalendarEvent = AllDayEvent | TimedEvent;

/** Calendar dates, both inclusive. */
export interface FeedWindow {
  readonly from: IsoDate;
  readonly to: IsoDate;
}

interface AgreementRef {
  readonly slug: string;
  readonly name: string;
}

/** What the feed is made of, as read from the registry for one window. */
export interface CalendarSubjects {
  readonly termEnds: readonly (AgreementRef & { readonly category: AgreementCategory; readonly termEnd: IsoDate })[];
  /** Agreements whose establishment date is known; a year alone gives no dated event. */
  readonly established: readonly (AgreementRef & {
    readonly category: AgreementCategory;
    readonly establishedOn: IsoDate;
  })[];
  /** Oldest first (by id), so two projects of the same name keep their UIDs from one feed to the next. */
  readonly projectEnds: readonly {
    readonly agreement: AgreementRef;
    readonly name: string;
    readonly endDate: IsoDate;
  }[];
  /** Milestones not done yet, oldest first (by id). */
  readonly openMilestones: readonly {
    readonly agreement: AgreementRef;
    readonly project: string | null;
    readonly title: string;
    readonly dueOn: IsoDate;
  }[];
}

export interface FeedSettings {
  readonly window: FeedWindow;
  /** MEETING_DATES; empty: the default quarterly dates. */
  readonly meetingDates: readonly IsoDate[];
  readonly meetingTime: { readonly start: LocalTime; readonly end: LocalTime };
}

/** From one year back to three years ahead of `today`: enough to plan with, small enough at 100,000 agreements. */
export function feedWindow(today: IsoDate): FeedWindow {
  const year = Number(today.slice(0, 4));
  return { from: sameDayIn(today, year - 1), to: sameDayIn(today, year + 3) };
}

/** Every event of the window, by date then UID; UIDs are unique. */
export function buildCalendarEvents(subjects: CalendarSubjects, settings: FeedSettings): CalendarEvent[] {
  const { window } = settings;
  const inWindow = (date: IsoDate) => date >= window.from && date <= window.to;
  const events: CalendarEvent[] = [
    ...subjects.termEnds.filter((agreement) => inWindow(agreement.termEnd)).map(termEndEvent),
    ...subjects.established.flatMap((agreement) => anniversaryEvents(agreement, window)),
    ...subjects.projectEnds
      .filter((project) => inWindow(project.endDate))
      .map(
        (project): CalendarEvent => ({
          kind: "all-day",
          uid: `project-end-${project.agreement.slug}-${nameKey(project.name)}@iap-bot`,
          date: project.endDate,
          summary: `Project ends: ${plainLine(project.name)} (${plainLine(project.agreement.name)})`,
          description: null,
        }),
      ),
    ...subjects.openMilestones
      .filter((milestone) => inWindow(milestone.dueOn))
      .map(
        (milestone): CalendarEvent => ({
          kind: "all-day",
          uid: `milestone-${milestone.agreement.slug}-${nameKey(`${milestone.project ?? ""}\n${milestone.title}`)}@iap-bot`,
          date: milestone.dueOn,
          summary: `Milestone due: ${plainLine(milestone.title)} (${plainLine(milestone.agreement.name)})`,
          description: milestone.project ? `Project: ${plainLine(milestone.project, 300)}` : null,
        }),
      ),
    ...meetingDatesBetween(window.from, window.to, settings.meetingDates).map(
      (date): CalendarEvent => ({
        kind: "timed",
        uid: `meeting-${date}@iap-bot`,
        date,
        start: settings.meetingTime.start,
        end: settings.meetingTime.end,
        summary: "IAP interdivisional working group meeting",
        description:
          "The working group led by CCO-SPER meets at least quarterly. The time is the bot's default; " +
          "the meeting invitation has the real one.",
      }),
    ),
  ];
  return withUniqueUids(events).sort((a, b) => (a.date === b.date ? compare(a.uid, b.uid) : compare(a.date, b.date)));
}

function termEndEvent(agreement: CalendarSubjects["termEnds"][number]): CalendarEvent {
  const label = CATEGORY_LABELS[agreement.category];
  return {
    kind: "all-day",
    uid: `term-end-${agreement.slug}@iap-bot`,
    date: agreement.termEnd,
    summary: `Term ends: ${plainLine(agreement.name)} (${label})`,
    description: "Renewal is a decision point based on past performance.",
  };
}

function anniversaryEvents(agreement: CalendarSubjects["established"][number], window: FeedWindow): CalendarEvent[] {
  const established = Number(agreement.establishedOn.slice(0, 4));
  const events: CalendarEvent[] = [];
  for (let year = Number(window.from.slice(0, 4)); year <= Number(window.to.slice(0, 4)); year++) {
    const years = year - established;
    const date = sameDayIn(agreement.establishedOn, year);
    if (years <= 0 || years % ANNIVERSARY_EVERY_YEARS !== 0 || date < window.from || date > window.to) continue;
    events.push({
      kind: "all-day",
      uid: `anniversary-${agreement.slug}-${year}@iap-bot`,
      date,
      summary: `${ordinal(years)} anniversary: ${plainLine(agreement.name)} (${CATEGORY_LABELS[agreement.category]})`,
      description: `Established on ${agreement.establishedOn}.`,
    });
  }
  return events;
}

/** "25th", "31st", "112th". */
export function ordinal(value: number): string {
  const lastTwo = value % 100;
  const suffix = lastTwo >= 11 && lastTwo <= 13 ? "th" : (["th", "st", "nd", "rd"][value % 10] ?? "th");
  return `${value}${suffix}`;
}

/**
 * Stored text as one line of plain text: control characters and line breaks become spaces, runs
 * of spaces one, and at most `max` characters (a 100 KB name must not make a 100 KB title).
 */
export function plainLine(text: string, max = 120): string {
  const flat = text
    .slice(0, max * 4)
    .replace(/[\uD800-\uDBFF]$/, "") // half of a character cut in two
    .replace(/[\p{Cc}\p{Zl}\p{Zp}\s]+/gu, " ")
    .trim();
  if (flat.length <= max) return flat; // fewer code units than `max`, so fewer characters too
  const characters = Array.from(flat);
  if (characters.length <= max) return flat;
  return `${characters
    .slice(0, max - 1)
    .join("")
    .trimEnd()}…`;
}

/** A short, stable key for a name (projects and milestones have no slug): case and spacing do not count. */
function nameKey(name: string): string {
  return createHash("sha256").update(name.replace(/\s+/g, " ").trim().toLowerCase()).digest("hex").slice(0, 12);
}

/** Two projects of one agreement with the same name would share a UID: the later one gets "-2", and so on. */
function withUniqueUids(events: CalendarEvent[]): CalendarEvent[] {
  const seen = new Map<string, number>();
  return events.map((event) => {
    const count = (seen.get(event.uid) ?? 0) + 1;
    seen.set(event.uid, count);
    return count === 1 ? event : { ...event, uid: event.uid.replace(/@iap-bot$/, `-${count}@iap-bot`) };
  });
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
