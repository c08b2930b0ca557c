import type { OpenRequestState } from "../conversation/intent.js";
import type { Reply } from "../conversation/reply.js";
import type { IntakeKind, Prisma, PrismaClient } from "../generated/prisma/client.js";
import { countOpenRequestsByState, listOpenRequests } from "../intake/intake-queries.js";
import { INTAKE_STATES, isTerminal } from "../intake/intake-workflow.js";
import { fromIsoDate, toIsoDate } from "../registry/agreement-row.js";
import type { AgreementCategory, IsoDate } from "../registry/registry-document.js";
import { latestActivityYears, termEndsWithin } from "../registry/registry-queries.js";
import { calendarDateIn, daysAfter, daysBetween, monthsAfter, sameDayIn } from "../shared/calendar-date.js";
import type { Clock } from "../shared/clock.js";
import { yearOf } from "./digest-dates.js";
import { type Quarter, quarterOf } from "./digest-quarter.js";
import { digestReply } from "./digest-reply.js";
import { previousMeeting } from "./meeting-dates.js";

/**
 * The working group's quarterly meeting preparation, as data: what ends and what is celebrated in the
 * next two quarters, the intake pipeline, dormant agreements, breaches of the 2024 rules and what
 * happened since the last meeting. Renderers (digest-reply.ts, digest-markdown.ts, digest-csv.ts)
 * turn it into a chat reply, an agenda or a spreadsheet.
 *
 * Windows are counted from the meeting date, so the digest for a meeting reads the same whenever it
 * is built; only the ages of open requests are as of the day it is built, since requests move on.
 */

export interface MeetingDigestDeps {
  readonly prisma: PrismaClient;
  readonly clock: Clock;
  /** IANA zone "today" and request ages are counted in. */
  readonly timeZone: string;
  /** The configured meetings (MEETING_DATES); empty for the default quarterly dates. */
  readonly meetingDates: readonly IsoDate[];
  /** Months without recorded activity after which an active agreement counts as dormant (default 12). */
  readonly dormantMonths?: number;
}

export interface MeetingDigest {
  readonly meeting: IsoDate;
  readonly quarter: Quarter;
  /** The meeting before, which "since the last meeting" counts from; null when none is known. */
  readonly previousMeeting: IsoDate | null;
  /** The day the digest was built: request ages are as of it. */
  readonly builtOn: IsoDate;
  readonly expiring: ExpiringSection;
  readonly anniversaries: AnniversarySection;
  readonly intake: IntakeSection;
  readonly dormant: DormantSection;
  readonly ruleBreaches: RuleBreachSection;
  readonly activities: ActivitySection;
}

/** Inclusive calendar dates. */
export interface DateRange {
  readonly from: IsoDate;
  readonly to: IsoDate;
}

export interface AgreementRef {
  readonly id: number;
  readonly name: string;
  readonly category: AgreementCategory;
}

export type ExpiringItem =
  | { readonly kind: "term-end"; readonly agreement: AgreementRef; readonly date: IsoDate }
  | {
      readonly kind: "project-end";
      readonly agreement: AgreementRef;
      readonly project: string;
      readonly date: IsoDate;
    };

export interface ExpiringSection {
  /** The next two quarters: from the meeting to the day before the same date six months later. */
  readonly window: DateRange;
  /** Term ends and project end dates in the window, by date. */
  readonly items: readonly ExpiringItem[];
  /** Active agreements whose term end is not recorded, so cannot be checked. */
  readonly withoutTermEnd: number;
}

export interface AnniversaryItem {
  readonly agreement: AgreementRef;
  /** 5, 10, 15 …: years since establishment. */
  readonly years: number;
  /** The anniversary; null when only the year of establishment is recorded (never guessed). */
  readonly date: IsoDate | null;
  /** The year the anniversary falls in. */
  readonly year: number;
  /** What is recorded of the establishment: "1987-05-12", or "1987" when only the year is. */
  readonly established: string;
}

export interface AnniversarySection {
  readonly window: DateRange;
  /** Dated anniversaries by date, then those with only a year, by name. */
  readonly items: readonly AnniversaryItem[];
}

export interface PipelineRequest {
  readonly number: number;
  readonly title: string;
  readonly kind: IntakeKind;
  readonly submittedOn: IsoDate;
  readonly daysOpen: number;
  /** When it reached its current step (the submission date while still "Submitted"). */
  readonly atStepSince: IsoDate;
  readonly daysAtStep: number;
}

export interface IntakeSection {
  /** Every open request, counted; more than the requests listed only past PIPELINE_LIMIT. */
  readonly total: number;
  /** Every open step in workflow order: how many wait there, and which, oldest first (possibly none). */
  readonly byState: readonly {
    readonly state: OpenRequestState;
    readonly count: number;
    readonly requests: readonly PipelineRequest[];
  }[];
}

export interface DormantItem {
  readonly agreement: AgreementRef;
  /** The latest year any activity is recorded in; null when none is. */
  readonly lastActivityYear: number | null;
}

export interface DormantSection {
  readonly months: number;
  /** No activity recorded on or after this date (the meeting minus `months`). */
  readonly since: IsoDate;
  readonly items: readonly DormantItem[];
}

export interface RuleBreachSection {
  /** Active agreements with no term end recorded (every agreement must be time-limited). */
  readonly noTermEnd: readonly AgreementRef[];
  /** Active agreements with no project recorded (every agreement must name a tangible project). */
  readonly noProject: readonly AgreementRef[];
}

export interface ActivityItem {
  readonly agreement: AgreementRef;
  /** The day it happened; null when only the year is recorded. */
  readonly date: IsoDate | null;
  readonly year: number;
  /** For a span of years ("2008 to 2019"). */
  readonly endYear: number | null;
  readonly description: string;
}

export interface ActivitySection {
  /** From the previous meeting (or three months before this one, when none is known) to the day before this one. */
  readonly window: DateRange;
  readonly sinceLastMeeting: boolean;
  /** Activities dated inside the window, by date. */
  readonly dated: readonly ActivityItem[];
  /** Activities recorded with a year only that overlaps the window: they may fall inside it. */
  readonly yearOnly: readonly ActivityItem[];
}

/** Partnership City and International Project: the agreements the City puts resources into. */
const ACTIVE_CATEGORIES: AgreementCategory[] = ["PARTNERSHIP_CITY", "INTERNATIONAL_PROJECT"];
const ACTIVE: Prisma.AgreementWhereInput = { category: { in: ACTIVE_CATEGORIES } };
const DEFAULT_DORMANT_MONTHS = 12;
const LOOK_AHEAD_MONTHS = 6;
const ANNIVERSARY_EVERY_YEARS = 5;
/** Open requests listed at most; more would be a backlog no meeting reads line by line (the total is still given). */
export const PIPELINE_LIMIT = 500;
const OPEN_STATES = INTAKE_STATES.filter((state): state is OpenRequestState => !isTerminal(state));

const REF_SELECT = { id: true, counterpartyName: true, category: true } as const satisfies Prisma.AgreementSelect;
const refOf = (row: { id: number; counterpartyName: string; category: AgreementCategory }): AgreementRef => ({
  id: row.id,
  name: row.counterpartyName,
  category: row.category,
});
/** Names sort the same on every database, whatever its collation. */
const collator = new Intl.Collator("en");
const byName = (a: { agreement: AgreementRef }, b: { agreement: AgreementRef }) =>
  collator.compare(a.agreement.name, b.agreement.name);
const refsByName = (rows: readonly { id: number; counterpartyName: string; category: AgreementCategory }[]) =>
  rows.map(refOf).sort((a, b) => collator.compare(a.name, b.name));

/** Builds the digest for the meeting on `meeting`. Reads the database; the clock only for request ages. */
export async function buildMeetingDigest(deps: MeetingDigestDeps, meeting: IsoDate): Promise<MeetingDigest> {
  const builtOn = calendarDateIn(deps.clock(), deps.timeZone);
  const previous = previousMeeting(meeting, deps.meetingDates);
  const ahead: DateRange = { from: meeting, to: daysAfter(monthsAfter(meeting, LOOK_AHEAD_MONTHS), -1) };
  const months = deps.dormantMonths ?? DEFAULT_DORMANT_MONTHS;
  const since = monthsAfter(meeting, -months);
  const activityWindow: DateRange = { from: previous ?? monthsAfter(meeting, -3), to: daysAfter(meeting, -1) };

  const [expiring, anniversaries, intake, dormant, ruleBreaches, activities] = await Promise.all([
    expiringSection(deps.prisma, ahead),
    anniversarySection(deps.prisma, ahead),
    intakeSection(deps.prisma, deps.timeZone, builtOn),
    dormantSection(deps.prisma, months, since),
    ruleBreachSection(deps.prisma),
    activitySection(deps.prisma, activityWindow, previous !== null),
  ]);
  return {
    meeting,
    quarter: quarterOf(meeting),
    previousMeeting: previous,
    builtOn,
    expiring: { ...expiring, withoutTermEnd: ruleBreaches.noTermEnd.length },
    anniversaries,
    intake,
    dormant,
    ruleBreaches,
    activities,
  };
}

/** The digest as the chat reply the scheduler posts to the working group before a meeting (as in chat). */
export async function meetingDigestReply(deps: MeetingDigestDeps, meeting: IsoDate): Promise<Reply> {
  return digestReply(await buildMeetingDigest(deps, meeting));
}

async function expiringSection(
  prisma: PrismaClient,
  window: DateRange,
): Promise<Omit<ExpiringSection, "withoutTermEnd">> {
  const [agreements, projects] = await Promise.all([
    prisma.agreement.findMany({
      where: { AND: [ACTIVE, termEndsWithin(window.from, window.to)] },
      select: { ...REF_SELECT, termEnd: true },
    }),
    prisma.project.findMany({
      where: { endDate: { gte: fromIsoDate(window.from)!, lte: fromIsoDate(window.to)! }, agreement: ACTIVE },
      select: { name: true, endDate: true, agreement: { select: REF_SELECT } },
    }),
  ]);
  const items: ExpiringItem[] = [
    ...agreements.map(
      (row): ExpiringItem => ({ kind: "term-end", agreement: refOf(row), date: toIsoDate(row.termEnd)! }),
    ),
    ...projects.map(
      (row): ExpiringItem => ({
        kind: "project-end",
        agreement: refOf(row.agreement),
        project: row.name,
        date: toIsoDate(row.endDate)!,
      }),
    ),
  ];
  const project = (item: ExpiringItem) => (item.kind === "project-end" ? item.project : "");
  items.sort((a, b) => a.date.localeCompare(b.date) || byName(a, b) || collator.compare(project(a), project(b)));
  return { window, items };
}

async function anniversarySection(prisma: PrismaClient, window: DateRange): Promise<AnniversarySection> {
  const rows = await prisma.agreement.findMany({
    where: { AND: [ACTIVE, { OR: [{ establishedOn: { not: null } }, { establishedYear: { not: null } }] }] },
    select: { ...REF_SELECT, establishedOn: true, establishedYear: true },
  });
  const items: AnniversaryItem[] = [];
  for (const row of rows) {
    const establishedOn = toIsoDate(row.establishedOn);
    const establishedYear = establishedOn ? yearOf(establishedOn) : row.establishedYear!;
    for (let year = yearOf(window.from); year <= yearOf(window.to); year++) {
      const years = year - establishedYear;
      if (years <= 0 || years % ANNIVERSARY_EVERY_YEARS !== 0) continue;
      const date = establishedOn ? sameDayIn(establishedOn, year) : null;
      if (date && (date < window.from || date > window.to)) continue;
      items.push({
        agreement: refOf(row),
        years,
        date,
        year,
        established: establishedOn ?? String(establishedYear),
      });
    }
  }
  // Dated first, by date; then the year-only ones, by name.
  items.sort(
    (a, b) =>
      (a.date === null ? 1 : 0) - (b.date === null ? 1 : 0) ||
      (a.date ?? "").localeCompare(b.date ?? "") ||
      byName(a, b),
  );
  return { window, items };
}

async function intakeSection(prisma: PrismaClient, timeZone: string, today: IsoDate): Promise<IntakeSection> {
  const [page, counts] = await Promise.all([
    listOpenRequests(prisma, { state: null }, { offset: 0, limit: PIPELINE_LIMIT }),
    countOpenRequestsByState(prisma),
  ]);
  // Comments and assignments are steps that stay at the same state: the step began with the last real move.
  const moves = await prisma.intakeStep.findMany({
    where: { requestId: { in: page.items.map((request) => request.id) } },
    select: { requestId: true, fromState: true, toState: true, at: true },
    orderBy: { id: "asc" },
  });
  const stepStarted = new Map<number, Date>();
  const states = new Map(page.items.map((request) => [request.id, request.state]));
  for (const move of moves) {
    if (move.fromState !== move.toState && move.toState === states.get(move.requestId)) {
      stepStarted.set(move.requestId, move.at);
    }
  }
  const byState = OPEN_STATES.map((state) => ({
    state,
    count: counts.get(state) ?? 0,
    requests: page.items
      .filter((request) => request.state === state)
      .map((request): PipelineRequest => {
        const submittedOn = calendarDateIn(request.submittedAt, timeZone);
        const atStepSince = calendarDateIn(stepStarted.get(request.id) ?? request.submittedAt, timeZone);
        return {
          number: request.id,
          title: request.title,
          kind: request.kind,
          submittedOn,
          daysOpen: daysBetween(submittedOn, today),
          atStepSince,
          daysAtStep: daysBetween(atStepSince, today),
        };
      }),
  }));
  return { total: page.total, byState };
}

/**
 * Active agreements with no activity recorded on or after `since`. An activity with only a year
 * counts when that year reaches `since`'s year (it may fall after it); an agreement established
 * after `since` is too new to be dormant.
 */
async function dormantSection(prisma: PrismaClient, months: number, since: IsoDate): Promise<DormantSection> {
  const sinceDay = fromIsoDate(since)!;
  const sinceYear = yearOf(since);
  const rows = await prisma.agreement.findMany({
    where: {
      AND: [
        ACTIVE,
        {
          activities: {
            none: {
              OR: [
                { occurredOn: { gte: sinceDay } },
                { occurredOn: null, year: { gte: sinceYear } },
                { endYear: { gte: sinceYear } },
              ],
            },
          },
        },
        { OR: [{ establishedOn: null }, { establishedOn: { lt: sinceDay } }] },
        { OR: [{ establishedYear: null }, { establishedYear: { lte: sinceYear } }] },
      ],
    },
    select: REF_SELECT,
  });
  const latest = await latestActivityYears(
    prisma,
    rows.map((row) => row.id),
  );
  return {
    months,
    since,
    items: refsByName(rows).map((agreement) => ({ agreement, lastActivityYear: latest.get(agreement.id) ?? null })),
  };
}

/** The 2024 framework (recommendation 6): every agreement time-limited, naming at least one tangible project. */
async function ruleBreachSection(prisma: PrismaClient): Promise<RuleBreachSection> {
  const [noTermEnd, noProject] = await Promise.all([
    prisma.agreement.findMany({ where: { AND: [ACTIVE, { termEnd: null }] }, select: REF_SELECT }),
    prisma.agreement.findMany({ where: { AND: [ACTIVE, { projects: { none: {} } }] }, select: REF_SELECT }),
  ]);
  return { noTermEnd: refsByName(noTermEnd), noProject: refsByName(noProject) };
}

async function activitySection(
  prisma: PrismaClient,
  window: DateRange,
  sinceLastMeeting: boolean,
): Promise<ActivitySection> {
  const fromYear = yearOf(window.from);
  const toYear = yearOf(window.to);
  const rows = await prisma.activity.findMany({
    where: {
      OR: [
        { occurredOn: { gte: fromIsoDate(window.from)!, lte: fromIsoDate(window.to)! } },
        {
          occurredOn: null,
          year: { lte: toYear },
          OR: [{ year: { gte: fromYear } }, { endYear: { gte: fromYear } }],
        },
      ],
    },
    select: {
      year: true,
      endYear: true,
      occurredOn: true,
      description: true,
      agreement: { select: REF_SELECT },
    },
    orderBy: { id: "asc" },
  });
  const items = rows.map(
    (row): ActivityItem => ({
      agreement: refOf(row.agreement),
      date: toIsoDate(row.occurredOn),
      year: row.year,
      endYear: row.endYear,
      description: row.description,
    }),
  );
  return {
    window,
    sinceLastMeeting,
    dated: items.filter((item) => item.date !== null).sort((a, b) => a.date!.localeCompare(b.date!) || byName(a, b)),
    yearOnly: items.filter((item) => item.date === null).sort((a, b) => byName(a, b) || a.year - b.year),
  };
}
