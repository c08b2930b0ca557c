import { TZDate } from "@date-fns/tz";
import type { FormAction } from "../chat/form.js";
import { categoryLabel, clipText, formatDate, plural } from "../conversation/format-values.js";
import type { Fact, Reply } from "../conversation/reply.js";
import type { PrismaClient, ReminderKind } from "../generated/prisma/client.js";
import { stateLabel, TERMINAL_STATES } from "../intake/intake-workflow.js";
import type { IsoDate } from "../registry/registry-document.js";
import {
  calendarDateIn,
  daysAfter,
  daysBetween,
  isoDateOf,
  monthsAfter,
  sameDayIn,
  utcMidnight,
} from "../shared/calendar-date.js";
import { meetingDatesBetween } from "./meeting-dates.js";
import { ESCALATING_LEAD_DAYS, type ReminderRules } from "./reminder-rules.js";

/**
 * What reminders fall due in a window of time, computed from the data alone: the registry's dates,
 * the rules, the ledger's answers and the mutes. Pure of side effects; the scheduler queues what
 * this finds, and the ledger's unique key makes each one go out once.
 *
 * A reminder "for" day R posts at REMINDER_HOUR local time on R (America/Toronto by default, so
 * 09:00 stays 09:00 across daylight-saving changes); R is the date it is about minus the lead days.
 */

export type Audience = "working-group" | "intake";

export interface DueReminder {
  /** Unique per (rule, subject, occurrence): the exactly-once key. */
  readonly key: string;
  readonly kind: ReminderKind;
  readonly subject: string;
  readonly agreementId: number | null;
  /** The date the reminder is about. */
  readonly dueOn: IsoDate;
  /** When it is meant to be posted. */
  readonly postAt: Date;
  readonly summary: string;
  readonly audience: Audience;
  /** For escalations: the ledger row escalated. */
  readonly escalates?: number;
  /** The post; `deliveryId` is the ledger row's id, for answer buttons. */
  reply(deliveryId: number, late: boolean): Reply;
}

export interface DueDeps {
  readonly prisma: PrismaClient;
  readonly timeZone: string;
  /** Local hour reminders post at. */
  readonly postHour: number;
  readonly rules: ReminderRules;
  readonly intakeTargetMonths: number;
  readonly meetingDates: readonly IsoDate[];
  /** The meeting digest's post (meeting-digest.ts); a pointer to "prep for next meeting" when absent. */
  readonly digestReply?: (meeting: IsoDate) => Promise<Reply>;
}

/** Reminders whose time is in (from, to]. */
export async function findDueReminders(deps: DueDeps, window: { from: Date; to: Date }): Promise<DueReminder[]> {
  const days = reminderDays(window, deps.timeZone, deps.postHour);
  if (days.size === 0 && window.to <= window.from) return [];
  const context = { ...deps, days, window };
  const found = await Promise.all([
    termExpiries(context),
    projectExpiries(context),
    anniversaries(context),
    milestonesDue(context),
    intakeOverdue(context),
    intakeWaiting(context),
    significantDates(context),
    meetingDigests(context),
    escalations(context),
  ]);
  return found.flat().sort((a, b) => a.postAt.getTime() - b.postAt.getTime() || a.key.localeCompare(b.key));
}

interface Context extends DueDeps {
  /** Reminder days in the window, each with its post time. */
  readonly days: ReadonlyMap<IsoDate, Date>;
  readonly window: { readonly from: Date; readonly to: Date };
}

// ---- calendar arithmetic on YYYY-MM-DD ----

/** The instant `hour`:00 local time on `date` in `timeZone`. */
export function postTime(date: IsoDate, hour: number, timeZone: string): Date {
  const [year, month, day] = date.split("-").map(Number) as [number, number, number];
  return new Date(new TZDate(year, month - 1, day, hour, 0, 0, timeZone).getTime());
}

/** The days whose post time falls in (from, to]. */
function reminderDays(window: { from: Date; to: Date }, timeZone: string, hour: number): Map<IsoDate, Date> {
  const days = new Map<IsoDate, Date>();
  const first = daysAfter(calendarDateIn(window.from, timeZone), -1);
  const last = daysAfter(calendarDateIn(window.to, timeZone), 1);
  for (let day = first; day <= last; day = daysAfter(day, 1)) {
    const at = postTime(day, hour, timeZone);
    if (at > window.from && at <= window.to) days.set(day, at);
  }
  return days;
}

/** The range of dates `lead` days after the window's reminder days, for a database range query. */
function shifted(days: ReadonlyMap<IsoDate, Date>, lead: number): { gte: Date; lte: Date } | null {
  const keys = [...days.keys()];
  if (keys.length === 0) return null;
  return {
    gte: utcMidnight(daysAfter(keys[0] as IsoDate, lead)),
    lte: utcMidnight(daysAfter(keys.at(-1) as IsoDate, lead)),
  };
}

const whenPhrase = (lead: number) => (lead === 0 ? "today" : lead < 0 ? "has passed" : `in ${plural(lead, "day")}`);

const lateNote = (late: boolean) => (late ? " (Posted late: the bot was not running when this was due.)" : "");

const answerActions = (deliveryId: number): FormAction[] => [
  {
    label: "Renewal under way",
    formId: `reminder.answer:${deliveryId}:RENEWAL_UNDER_WAY`,
    hasFields: true,
    style: "primary",
  },
  { label: "Let it expire", formId: `reminder.answer:${deliveryId}:LET_EXPIRE`, hasFields: true },
  { label: "Snooze", formId: `reminder.answer:${deliveryId}:SNOOZED`, hasFields: true },
];

// ---- answers and mutes ----

interface Suppression {
  /** Subjects|dueOn answered for good (renewal under way, let it expire). */
  readonly answered: ReadonlySet<string>;
  /** Subject|dueOn → snoozed until. */
  readonly snoozed: ReadonlyMap<string, IsoDate>;
}

async function suppressionFor(
  prisma: PrismaClient,
  kind: ReminderKind,
  subjects: readonly string[],
): Promise<Suppression> {
  if (subjects.length === 0) return { answered: new Set(), snoozed: new Map() };
  const rows = await prisma.reminderDelivery.findMany({
    where: { kind, subject: { in: [...new Set(subjects)] }, answer: { not: null } },
    select: { subject: true, dueOn: true, answer: true, snoozedUntil: true, answeredAt: true },
    orderBy: { answeredAt: "asc" },
  });
  const answered = new Set<string>();
  const snoozed = new Map<string, IsoDate>();
  for (const row of rows) {
    const key = `${row.subject}|${isoDateOf(row.dueOn)}`;
    if (row.answer === "SNOOZED" && row.snoozedUntil) snoozed.set(key, isoDateOf(row.snoozedUntil));
    else if (row.answer === "RENEWAL_UNDER_WAY" || row.answer === "LET_EXPIRE") answered.add(key);
  }
  return { answered, snoozed };
}

async function mutedAgreements(prisma: PrismaClient, kind: ReminderKind): Promise<Set<number>> {
  const rows = await prisma.reminderMute.findMany({ where: { kind }, select: { agreementId: true } });
  return new Set(rows.map((row) => row.agreementId));
}

/**
 * Occurrences of an expiring date: one per lead day in the window, then "expired" the day after,
 * and the return of a snoozed reminder on its day. Answered dates get no more lead reminders.
 */
function expiryOccurrences(
  context: Context,
  suppression: Suppression,
  subject: string,
  dueOn: IsoDate,
  leads: readonly number[],
): { lead: number; day: IsoDate; tag: string }[] {
  const found: { lead: number; day: IsoDate; tag: string }[] = [];
  const id = `${subject}|${dueOn}`;
  const snoozedUntil = suppression.snoozed.get(id);
  for (const lead of [...leads, -1]) {
    const day = daysAfter(dueOn, -lead);
    if (!context.days.has(day)) continue;
    if (lead >= 0 && suppression.answered.has(id)) continue;
    if (lead >= 0 && snoozedUntil && day < snoozedUntil) continue;
    found.push({ lead, day, tag: lead < 0 ? "expired" : String(lead) });
  }
  if (snoozedUntil && context.days.has(snoozedUntil) && snoozedUntil <= dueOn && !suppression.answered.has(id)) {
    found.push({ lead: daysBetween(snoozedUntil, dueOn), day: snoozedUntil, tag: `snoozed:${snoozedUntil}` });
  }
  return found;
}

/** Dates to query for each lead, and the "expired" day after. */
function expiryRanges(context: Context, leads: readonly number[]) {
  return [...leads, -1].map((lead) => shifted(context.days, lead)).filter((range) => range !== null);
}

// ---- the rules ----

async function termExpiries(context: Context): Promise<DueReminder[]> {
  const rule = context.rules.TERM_EXPIRY;
  if (!rule.enabled || context.days.size === 0) return [];
  const ranges = expiryRanges(context, rule.leadDays);
  // A snoozed reminder comes back on its own day, maybe outside every lead's range: any term ending
  // from today to beyond the longest lead, answered with a snooze, is looked at too.
  const today = shifted(context.days, 0);
  const beyond = shifted(context.days, Math.max(0, ...rule.leadDays) + 1);
  const agreements = await context.prisma.agreement.findMany({
    where: {
      category: { in: ["PARTNERSHIP_CITY", "INTERNATIONAL_PROJECT"] },
      OR: [
        ...ranges.map((range) => ({ termEnd: range })),
        ...(today && beyond
          ? [{ termEnd: { gte: today.gte, lte: beyond.lte }, reminders: { some: { answer: "SNOOZED" as const } } }]
          : []),
      ],
    },
    select: {
      id: true,
      counterpartyName: true,
      category: true,
      termEnd: true,
      renewalOption: true,
      leadDivision: { select: { code: true } },
    },
  });
  const muted = await mutedAgreements(context.prisma, "TERM_EXPIRY");
  const subjects = agreements.map((agreement) => `agreement:${agreement.id}`);
  const suppression = await suppressionFor(context.prisma, "TERM_EXPIRY", subjects);
  return agreements.flatMap((agreement) => {
    if (!agreement.termEnd || muted.has(agreement.id)) return [];
    const dueOn = isoDateOf(agreement.termEnd);
    const subject = `agreement:${agreement.id}`;
    return expiryOccurrences(context, suppression, subject, dueOn, rule.leadDays).map(({ lead, day, tag }) => {
      const name = clipText(agreement.counterpartyName, 120);
      const headline =
        lead < 0 ? `${name}: term ended ${formatDate(dueOn)}, not renewed` : `${name}: term ends ${whenPhrase(lead)}`;
      const facts: Fact[] = [
        { label: "Category", value: categoryLabel(agreement.category), known: true },
        { label: "Term ends", value: formatDate(dueOn), known: true },
        agreement.renewalOption === null
          ? { label: "Option to renew", value: "not recorded", known: false }
          : { label: "Option to renew", value: agreement.renewalOption ? "yes" : "no", known: true },
        agreement.leadDivision
          ? { label: "Lead division", value: agreement.leadDivision.code, known: true }
          : { label: "Lead division", value: "not recorded", known: false },
      ];
      return {
        key: `TERM_EXPIRY|${subject}|${dueOn}|${tag}`,
        kind: "TERM_EXPIRY" as const,
        subject,
        agreementId: agreement.id,
        dueOn,
        postAt: context.days.get(day) as Date,
        summary: headline,
        audience: "working-group" as const,
        reply: (deliveryId: number, late: boolean): Reply => ({
          kind: "answer",
          title: headline,
          text:
            (lead < 0
              ? "The term has ended and no renewal is recorded. Renewal is a decision point based on past performance."
              : "Renewal is a decision point based on past performance: is a renewal under way, or should it expire?") +
            lateNote(late),
          facts,
          ...(lead >= 0 ? { actions: answerActions(deliveryId) } : {}),
          suggestions: [{ label: `Status of ${name}`, query: `status of ${agreement.counterpartyName}`.slice(0, 500) }],
        }),
      };
    });
  });
}

async function projectExpiries(context: Context): Promise<DueReminder[]> {
  const rule = context.rules.PROJECT_EXPIRY;
  if (!rule.enabled || context.days.size === 0) return [];
  const ranges = expiryRanges(context, rule.leadDays);
  const projects = await context.prisma.project.findMany({
    where: {
      OR: ranges.map((range) => ({ endDate: range })),
      agreement: { category: { in: ["PARTNERSHIP_CITY", "INTERNATIONAL_PROJECT"] } },
    },
    select: { id: true, name: true, endDate: true, agreement: { select: { id: true, counterpartyName: true } } },
  });
  const muted = await mutedAgreements(context.prisma, "PROJECT_EXPIRY");
  const suppression = await suppressionFor(
    context.prisma,
    "PROJECT_EXPIRY",
    projects.map((project) => `project:${project.id}`),
  );
  return projects.flatMap((project) => {
    if (!project.endDate || muted.has(project.agreement.id)) return [];
    const dueOn = isoDateOf(project.endDate);
    const subject = `project:${project.id}`;
    return expiryOccurrences(context, suppression, subject, dueOn, rule.leadDays).map(({ lead, day, tag }) => {
      const title = `${clipText(project.agreement.counterpartyName, 80)}: project “${clipText(project.name, 80)}” ${
        lead < 0 ? `ended ${formatDate(dueOn)}` : `ends ${whenPhrase(lead)}`
      }`;
      return {
        key: `PROJECT_EXPIRY|${subject}|${dueOn}|${tag}`,
        kind: "PROJECT_EXPIRY" as const,
        subject,
        agreementId: project.agreement.id,
        dueOn,
        postAt: context.days.get(day) as Date,
        summary: title,
        audience: "working-group" as const,
        reply: (deliveryId: number, late: boolean): Reply => ({
          kind: "answer",
          title,
          text: `The project's end date is ${formatDate(dueOn)}.${lateNote(late)}`,
          ...(lead >= 0 ? { actions: answerActions(deliveryId) } : {}),
        }),
      };
    });
  });
}

const monthDay = (date: IsoDate) => date.slice(5);

async function anniversaries(context: Context): Promise<DueReminder[]> {
  const rule = context.rules.ANNIVERSARY;
  if (!rule.enabled || context.days.size === 0) return [];
  const every = rule.options.everyYears ?? 5;
  // The anniversary dates each lead points at; month-day is what matches an establishment date.
  const targets = new Map<IsoDate, { lead: number; day: IsoDate }[]>();
  for (const lead of rule.leadDays) {
    for (const day of context.days.keys()) {
      const target = daysAfter(day, lead);
      targets.set(target, [...(targets.get(target) ?? []), { lead, day }]);
    }
  }
  const monthDays = [
    ...new Set([...targets.keys()].flatMap((date) => (date.endsWith("02-28") ? ["02-28", "02-29"] : [monthDay(date)]))),
  ];
  const rows = await context.prisma.$queryRaw<{ id: number; counterpartyName: string; establishedOn: Date }[]>`
    SELECT "id", "counterpartyName", "establishedOn" FROM "Agreement"
    WHERE "establishedOn" IS NOT NULL
      AND "category" IN ('PARTNERSHIP_CITY', 'INTERNATIONAL_PROJECT')
      AND to_char("establishedOn", 'MM-DD') = ANY(${monthDays})`;
  const muted = await mutedAgreements(context.prisma, "ANNIVERSARY");
  return rows.flatMap((row) => {
    if (muted.has(row.id)) return [];
    const established = isoDateOf(row.establishedOn);
    const found: DueReminder[] = [];
    for (const [target, uses] of targets) {
      const year = Number(target.slice(0, 4));
      const years = year - Number(established.slice(0, 4));
      if (years <= 0 || years % every !== 0 || sameDayIn(established, year) !== target) continue;
      for (const { lead, day } of uses) {
        const subject = `agreement:${row.id}`;
        const name = clipText(row.counterpartyName, 120);
        const title = `${name}: ${years} years ${lead === 0 ? "today" : `on ${formatDate(target)}`}`;
        found.push({
          key: `ANNIVERSARY|${subject}|${target}|${lead}`,
          kind: "ANNIVERSARY",
          subject,
          agreementId: row.id,
          dueOn: target,
          postAt: context.days.get(day) as Date,
          summary: title,
          audience: "working-group",
          reply: (_id, late) => ({
            kind: "answer",
            title,
            text:
              (lead === 0
                ? `Toronto's agreement with ${name} was established ${years} years ago today (${formatDate(established)}).`
                : `${plural(lead, "day")} to plan the celebration: the agreement with ${name} was established on ${formatDate(established)}.`) +
              lateNote(late),
            suggestions: [{ label: `Status of ${name}`, query: `status of ${row.counterpartyName}`.slice(0, 500) }],
          }),
        });
      }
    }
    return found;
  });
}

async function milestonesDue(context: Context): Promise<DueReminder[]> {
  const rule = context.rules.MILESTONE_DUE;
  if (!rule.enabled || context.days.size === 0) return [];
  const ranges = rule.leadDays.map((lead) => shifted(context.days, lead)).filter((range) => range !== null);
  const milestones = await context.prisma.milestone.findMany({
    where: { doneOn: null, OR: ranges.map((range) => ({ dueOn: range })) },
    select: { id: true, title: true, dueOn: true, agreement: { select: { id: true, counterpartyName: true } } },
  });
  const muted = await mutedAgreements(context.prisma, "MILESTONE_DUE");
  return milestones.flatMap((milestone) => {
    if (!milestone.dueOn || muted.has(milestone.agreement.id)) return [];
    const dueOn = isoDateOf(milestone.dueOn);
    return rule.leadDays.flatMap((lead) => {
      const day = daysAfter(dueOn, -lead);
      const at = context.days.get(day);
      if (!at) return [];
      const title = `${clipText(milestone.agreement.counterpartyName, 80)}: “${clipText(milestone.title, 120)}” due ${whenPhrase(lead)}`;
      return [
        {
          key: `MILESTONE_DUE|milestone:${milestone.id}|${dueOn}|${lead}`,
          kind: "MILESTONE_DUE" as const,
          subject: `milestone:${milestone.id}`,
          agreementId: milestone.agreement.id,
          dueOn,
          postAt: at,
          summary: title,
          audience: "working-group" as const,
          reply: (_id: number, late: boolean): Reply => ({
            kind: "answer",
            title,
            text: `Due on ${formatDate(dueOn)}; no completion is recorded.${lateNote(late)}`,
          }),
        },
      ];
    });
  });
}

async function intakeOverdue(context: Context): Promise<DueReminder[]> {
  if (!context.rules.INTAKE_OVERDUE.enabled || context.days.size === 0) return [];
  const requests = await context.prisma.intakeRequest.findMany({
    where: { state: { notIn: [...TERMINAL_STATES] } },
    select: { id: true, title: true, state: true, submittedAt: true },
  });
  return requests.flatMap((request) => {
    const submitted = calendarDateIn(request.submittedAt, context.timeZone);
    const dueOn = monthsAfter(submitted, context.intakeTargetMonths);
    const at = context.days.get(dueOn);
    if (!at) return [];
    const title = `Request ${request.id} has been open ${plural(context.intakeTargetMonths, "month")}`;
    return [
      {
        key: `INTAKE_OVERDUE|request:${request.id}|${dueOn}`,
        kind: "INTAKE_OVERDUE" as const,
        subject: `request:${request.id}`,
        agreementId: null,
        dueOn,
        postAt: at,
        summary: title,
        audience: "intake" as const,
        reply: (_id: number, late: boolean): Reply => ({
          kind: "answer",
          title,
          text:
            `${clipText(request.title, 200)} was submitted on ${formatDate(submitted)} and is at “${stateLabel(request.state)}”: ` +
            `past the ${context.intakeTargetMonths}-month report-back target.${lateNote(late)}`,
          suggestions: [{ label: `Status of request ${request.id}`, query: `status of request ${request.id}` }],
        }),
      },
    ];
  });
}

async function intakeWaiting(context: Context): Promise<DueReminder[]> {
  const rule = context.rules.INTAKE_STEP_WAITING;
  if (!rule.enabled || context.days.size === 0) return [];
  const waitingDays = rule.options.waitingDays ?? 30;
  const requests = await context.prisma.intakeRequest.findMany({
    where: { state: { notIn: [...TERMINAL_STATES] } },
    select: {
      id: true,
      title: true,
      state: true,
      steps: { select: { at: true, fromState: true, toState: true }, orderBy: { id: "desc" } },
    },
  });
  return requests.flatMap((request) => {
    // Waiting at a step counts from entering it: comments, assignments and capacity records do not move a request on.
    const since = request.steps.find((step) => step.fromState !== step.toState)?.at;
    if (!since) return [];
    const dueOn = daysAfter(calendarDateIn(since, context.timeZone), waitingDays);
    const at = context.days.get(dueOn);
    if (!at) return [];
    const title = `Request ${request.id} has waited ${plural(waitingDays, "day")} at “${stateLabel(request.state)}”`;
    return [
      {
        key: `INTAKE_STEP_WAITING|request:${request.id}|${request.state}|${dueOn}`,
        kind: "INTAKE_STEP_WAITING" as const,
        subject: `request:${request.id}`,
        agreementId: null,
        dueOn,
        postAt: at,
        summary: title,
        audience: "intake" as const,
        reply: (_id: number, late: boolean): Reply => ({
          kind: "answer",
          title,
          text: `${clipText(request.title, 200)}: nothing has happened since ${formatDate(calendarDateIn(since, context.timeZone))}.${lateNote(late)}`,
          suggestions: [{ label: `Status of request ${request.id}`, query: `status of request ${request.id}` }],
        }),
      },
    ];
  });
}

async function significantDates(context: Context): Promise<DueReminder[]> {
  const rule = context.rules.SIGNIFICANT_DATE;
  if (!rule.enabled || context.days.size === 0) return [];
  const [dates, partners] = await Promise.all([
    context.prisma.significantDate.findMany(),
    context.prisma.agreement.findMany({
      where: { category: { in: ["PARTNERSHIP_CITY", "INTERNATIONAL_PROJECT"] } },
      select: { country: true },
      distinct: ["country"],
    }),
  ]);
  const countries = new Set(partners.map((partner) => partner.country));
  return dates.flatMap((date) => {
    if (!countries.has(date.country)) return [];
    return rule.leadDays.flatMap((lead) =>
      [...context.days].flatMap(([day, at]) => {
        const target = daysAfter(day, lead);
        if (Number(target.slice(5, 7)) !== date.month || Number(target.slice(8, 10)) !== date.day) return [];
        const title = `${clipText(date.name, 120)} (${clipText(date.country, 80)}) ${lead === 0 ? "today" : `on ${formatDate(target)}`}`;
        return [
          {
            key: `SIGNIFICANT_DATE|country:${date.country}|${date.name}|${target}|${lead}`,
            kind: "SIGNIFICANT_DATE" as const,
            subject: `country:${date.country}`,
            agreementId: null,
            dueOn: target,
            postAt: at,
            summary: title,
            audience: "working-group" as const,
            reply: (_id: number, late: boolean): Reply => ({
              kind: "answer",
              title,
              text: `A date of significance for a partner country${lead > 0 ? `, ${plural(lead, "day")} ahead to plan a flag raising` : ""}.${lateNote(late)}`,
            }),
          },
        ];
      }),
    );
  });
}

async function meetingDigests(context: Context): Promise<DueReminder[]> {
  const rule = context.rules.MEETING_DIGEST;
  if (!rule.enabled || context.days.size === 0) return [];
  const keys = [...context.days.keys()];
  const lead = rule.leadDays[0] ?? 7;
  const meetings = meetingDatesBetween(
    daysAfter(keys[0] as IsoDate, lead),
    daysAfter(keys.at(-1) as IsoDate, lead),
    context.meetingDates,
  );
  const found: DueReminder[] = [];
  for (const meeting of meetings) {
    const day = daysAfter(meeting, -lead);
    const at = context.days.get(day);
    if (!at) continue;
    const digest = context.digestReply ? await context.digestReply(meeting) : null;
    found.push({
      key: `MEETING_DIGEST|meeting|${meeting}`,
      kind: "MEETING_DIGEST",
      subject: "meeting",
      agreementId: null,
      dueOn: meeting,
      postAt: at,
      summary: `Working group meeting on ${formatDate(meeting)}`,
      audience: "working-group",
      reply: (_id, late) =>
        digest
          ? { ...digest, text: `${digest.text}${lateNote(late)}` }
          : {
              kind: "answer",
              title: `Working group meeting on ${formatDate(meeting)}`,
              text: `The working group meets on ${formatDate(meeting)}. Ask "prep for next meeting" for the digest.${lateNote(late)}`,
            },
    });
  }
  return found;
}

async function escalations(context: Context): Promise<DueReminder[]> {
  const rule = context.rules.ESCALATION;
  if (!rule.enabled) return [];
  const afterDays = rule.options.escalateAfterDays ?? 7;
  const unanswered = await context.prisma.reminderDelivery.findMany({
    where: {
      kind: { in: ["TERM_EXPIRY", "PROJECT_EXPIRY"] },
      key: { endsWith: `|${ESCALATING_LEAD_DAYS}` },
      answer: null,
      escalatedAt: null,
      queuedAt: { lte: new Date(context.window.to.getTime() - afterDays * 86_400_000) },
    },
    select: {
      id: true,
      key: true,
      kind: true,
      subject: true,
      agreementId: true,
      dueOn: true,
      summary: true,
      queuedAt: true,
    },
  });
  return unanswered.map((delivery) => {
    const dueOn = isoDateOf(delivery.dueOn);
    const title = `No answer yet: ${delivery.summary}`;
    return {
      key: `ESCALATION|${delivery.key}`,
      kind: "ESCALATION" as const,
      subject: delivery.subject,
      agreementId: delivery.agreementId,
      dueOn,
      postAt: new Date(delivery.queuedAt.getTime() + afterDays * 86_400_000),
      summary: title,
      audience: "working-group" as const,
      escalates: delivery.id,
      reply: (): Reply => ({
        kind: "answer",
        title,
        text:
          `The ${ESCALATING_LEAD_DAYS}-day reminder of ${formatDate(calendarDateIn(delivery.queuedAt, context.timeZone))} ` +
          `has had no answer for ${plural(afterDays, "day")}, and the date is ${formatDate(dueOn)}. Is a renewal under way, or should it expire?`,
        actions: answerActions(delivery.id),
      }),
    };
  });
}
