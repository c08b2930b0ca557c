import type { Actor } from "../audit/audit-log.js";
import type { ChatPlatform, PrismaClient, ReminderKind } from "../generated/prisma/client.js";
import { type AskerAccess, readAskerAccess } from "../people/asker-access.js";
import { nameChatIdentities, PLATFORM_LABELS } from "../people/name-people.js";
import type { IsoDate } from "../registry/registry-document.js";
import { findDueReminders, postTime } from "../reminders/due-reminders.js";
import { ANSWER_LABELS } from "../reminders/reminder-answers.js";
import {
  ANSWERABLE_KINDS,
  changeMutes,
  changeReminderRules,
  type FailingPost,
  type LedgerEntry,
  type LedgerMessage,
  listFailingPosts,
  listLedgerOfAgreement,
  listMutes,
  MUTABLE_KINDS,
  readActorKey,
} from "../reminders/reminder-ledger.js";
import {
  ESCALATING_LEAD_DAYS,
  loadReminderRules,
  REMINDER_KINDS,
  type ReminderRule,
} from "../reminders/reminder-rules.js";
import { calendarDateIn, daysAfter } from "../shared/calendar-date.js";
import { clipText, describeActor, formatDate, formatDateTime, plural, quoteTyped } from "./format-values.js";
import type { DateWindow, Intent } from "./intent.js";
import { moreSuggestion, type Paging, pageText } from "./list-paging.js";
import type { Fact, ListItem, Reply, Suggestion } from "./reply.js";

/**
 * Chat about reminders: what is coming up, one agreement's ledger (who was reminded, what they
 * answered, whether each post went out), posts that keep failing, the rules, and the commands that
 * change them (muting one agreement, turning a rule off, its lead days). Commands are for
 * CCO-SPER coordinators and are audited; the rest anyone may ask.
 */

export type ReminderIntent = Extract<
  Intent,
  {
    kind:
      | "upcoming-reminders"
      | "reminder-history"
      | "mute-reminders"
      | "failed-posts"
      | "reminder-settings"
      | "change-reminder-rule";
  }
>;

/** An agreement named in a question, resolved as every answer resolves names ("it" included). */
export type AgreementLookup =
  | {
      readonly kind: "found";
      readonly agreement: { readonly id: number; readonly counterpartyName: string };
      /** "I took “Lisbonn” to mean Lisbon." */
      readonly note: string | null;
    }
  | { readonly kind: "reply"; readonly reply: Reply };

export interface ReminderQuestionContext {
  readonly prisma: PrismaClient;
  readonly now: Date;
  readonly timeZone: string;
  /** Local hour reminders post at (REMINDER_HOUR). */
  readonly reminderHour: number;
  /** MEETING_DATES; empty = the default quarterly meetings. */
  readonly meetingDates: readonly IsoDate[];
  readonly intakeTargetMonths: number;
  readonly asker: Actor | undefined;
  readonly paging: Paging;
  findAgreement(subject: string): Promise<AgreementLookup>;
}

export interface ReminderAnswer {
  readonly reply: Reply;
  /** The agreement the answer was about, for "it" next. */
  readonly agreementId?: number;
}

/** How far "what reminders are coming up?" looks without a time phrase; and at most with one. */
export const UPCOMING_DAYS = 30;
const LONGEST_WINDOW_DAYS = 366;
const DAY_MS = 86_400_000;
/** Longest lead a rule may have (five years, the longest term an agreement may run) and most leads per rule. */
const MAX_LEAD_DAYS = 1825;
const MAX_LEADS = 8;

/** Each a plural noun ("… reminders are", "… were"), so sentences about one kind or several read the same. */
export const REMINDER_KIND_LABELS: Record<ReminderKind, string> = {
  TERM_EXPIRY: "term expiry reminders",
  PROJECT_EXPIRY: "project end reminders",
  ANNIVERSARY: "anniversary reminders",
  MILESTONE_DUE: "milestone reminders",
  INTAKE_OVERDUE: "overdue request reminders",
  INTAKE_STEP_WAITING: "waiting request reminders",
  SIGNIFICANT_DATE: "national day reminders",
  MEETING_DIGEST: "meeting digests",
  ESCALATION: "escalations of unanswered expiry reminders",
};

/** The words the parser reads back for each kind that can be muted ("unmute anniversary reminders for Warsaw"). */
const MUTE_WORDS: Partial<Record<ReminderKind, string>> = {
  TERM_EXPIRY: "term expiry",
  PROJECT_EXPIRY: "project end",
  ANNIVERSARY: "anniversary",
  MILESTONE_DUE: "milestone",
};

/** Kinds whose lead days mean nothing: they fire on a count of days after something else. */
const NO_LEAD_DAYS: ReadonlySet<ReminderKind> = new Set(["INTAKE_OVERDUE", "INTAKE_STEP_WAITING", "ESCALATION"]);
const INTAKE_AUDIENCE: ReadonlySet<ReminderKind> = new Set(["INTAKE_OVERDUE", "INTAKE_STEP_WAITING"]);

export async function answerReminderQuestion(
  context: ReminderQuestionContext,
  intent: ReminderIntent,
): Promise<ReminderAnswer> {
  switch (intent.kind) {
    case "upcoming-reminders":
      return { reply: await upcomingReply(context, intent.window) };
    case "reminder-history":
      return historyReply(context, intent.subject);
    case "reminder-settings":
      return { reply: await settingsReply(context) };
    case "failed-posts":
      return { reply: await failedPostsReply(context, await readAskerAccess(context.prisma, context.asker)) };
    case "mute-reminders":
      return muteReply(context, intent, await readAskerAccess(context.prisma, context.asker));
    case "change-reminder-rule":
      return { reply: await changeRuleReply(context, intent, await readAskerAccess(context.prisma, context.asker)) };
  }
}

/** The console is the operator's; in chat, CCO-SPER coordinators. */
const isCoordinator = (access: AskerAccess): boolean =>
  access.actor?.platform === "CONSOLE" || access.person?.role === "COORDINATOR";

const capitalise = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

function kindList(kinds: readonly ReminderKind[]): string {
  const labels = kinds.map((kind) => REMINDER_KIND_LABELS[kind]);
  return labels.length <= 1 ? (labels[0] ?? "") : `${labels.slice(0, -1).join(", ")} and ${labels.at(-1)}`;
}

async function upcomingReply(context: ReminderQuestionContext, window: DateWindow | null): Promise<Reply> {
  const { prisma, now, timeZone, paging } = context;
  const today = calendarDateIn(now, timeZone);
  const from = window?.from && window.from > today ? postTime(window.from, 0, timeZone) : now;
  const horizon = new Date(from.getTime() + LONGEST_WINDOW_DAYS * DAY_MS);
  const asked = window?.to
    ? postTime(daysAfter(window.to, 1), 0, timeZone)
    : new Date(from.getTime() + (window ? LONGEST_WINDOW_DAYS : UPCOMING_DAYS) * DAY_MS);
  const to = asked > horizon ? horizon : asked;
  const lastDay = calendarDateIn(new Date(to.getTime() - 1), timeZone);
  const label = window?.label ?? `in the next ${UPCOMING_DAYS} days (to ${formatDate(lastDay)})`;
  if (to <= from) {
    return { kind: "answer", title: "Reminders", text: `Nothing can come ${label}: that time has passed.` };
  }
  const rules = await loadReminderRules(prisma);
  const [found, noTermEnd] = await Promise.all([
    findDueReminders(
      {
        prisma,
        timeZone,
        postHour: context.reminderHour,
        rules,
        intakeTargetMonths: context.intakeTargetMonths,
        meetingDates: context.meetingDates,
      },
      { from, to },
    ),
    rules.TERM_EXPIRY.enabled
      ? prisma.agreement.count({
          where: { category: { in: ["PARTNERSHIP_CITY", "INTERNATIONAL_PROJECT"] }, termEnd: null },
        })
      : Promise.resolve(0),
  ]);
  // Escalations come with their own post time, which may be before the window (the next tick sends those).
  const due = found.filter((reminder) => reminder.postAt > from && reminder.postAt <= to);
  const page = due.slice(paging.offset, paging.offset + paging.limit);
  const items: ListItem[] = page.map((reminder) => ({
    text: formatDate(calendarDateIn(reminder.postAt, timeZone)),
    detail: `${clipText(reminder.summary, 200)}${reminder.audience === "intake" ? " (to CCO-SPER's intake channel)" : ""}`,
  }));
  const off = REMINDER_KINDS.filter((kind) => !rules[kind].enabled);
  const notes = [
    noTermEnd > 0
      ? `${plural(noTermEnd, "active agreement")} ${noTermEnd === 1 ? "has" : "have"} no term end recorded, so no expiry reminder can come for ${noTermEnd === 1 ? "it" : "them"}.`
      : null,
    off.length > 0 ? `Turned off: ${kindList(off)}.` : null,
  ].filter(Boolean);
  const head =
    due.length === 0
      ? `No reminders ${label}.`
      : `${plural(due.length, "reminder")} ${label}${pageText(paging, items.length, due.length)}:`;
  return {
    kind: "list",
    title: "Reminders coming up",
    text: [head, ...notes].join(" "),
    lists: due.length > 0 ? [{ items, total: due.length, offset: paging.offset }] : [],
    suggestions: [
      ...moreSuggestion(paging, items.length, due.length),
      ...(noTermEnd > 0
        ? [{ label: "Which have no term end?", query: "which agreements have no term end recorded?" }]
        : []),
      { label: "Reminder settings", query: "reminder settings" },
    ],
  };
}

async function historyReply(context: ReminderQuestionContext, subject: string): Promise<ReminderAnswer> {
  const found = await context.findAgreement(subject);
  if (found.kind === "reply") return { reply: found.reply };
  const { prisma, paging, timeZone } = context;
  const { agreement } = found;
  const name = clipText(agreement.counterpartyName, 120);
  const [page, mutes] = await Promise.all([
    listLedgerOfAgreement(prisma, agreement.id, paging),
    listMutes(prisma, agreement.id),
  ]);
  const actors: Actor[] = [
    ...page.items.flatMap((entry) => {
      const answerer = readActorKey(entry.answeredBy);
      const people = entry.messages
        .filter((message) => message.toPerson)
        .map((message) => ({ platform: message.platform, externalId: message.target }));
      return answerer ? [answerer, ...people] : people;
    }),
    ...mutes.flatMap((mute) => readActorKey(mute.mutedBy) ?? []),
  ];
  const names = await nameChatIdentities(prisma, actors);
  const who = (key: string | null) => {
    const actor = readActorKey(key);
    return actor ? describeActor(actor, names) : clipText(key ?? "someone", 60);
  };
  const items = page.items.map(
    (entry): ListItem => ({
      text: `${formatDateTime(entry.queuedAt, timeZone)}: ${clipText(entry.summary, 160)}${entry.late ? " (posted late)" : ""}`,
      detail: [
        answerText(entry, who, timeZone),
        ...(entry.messages.length > 0
          ? entry.messages.map((message) => postText(message, names, timeZone))
          : ["no post queued"]),
      ]
        .filter(Boolean)
        .join(" · "),
    }),
  );
  const muteText =
    mutes.length > 0
      ? `Muted for ${name}: ${mutes.map((mute) => `${REMINDER_KIND_LABELS[mute.kind]} (by ${who(mute.mutedBy)}, ${formatDate(calendarDateIn(mute.mutedAt, timeZone))})`).join("; ")}.`
      : null;
  const head =
    page.total === 0
      ? `No reminder about ${name} is on record yet.`
      : `${plural(page.total, "reminder")} about ${name}, newest first${pageText(paging, items.length, page.total)}:`;
  const mutedKinds = mutes.map((mute) => mute.kind);
  return {
    agreementId: agreement.id,
    reply: {
      kind: "list",
      title: `Reminders about ${name}`,
      text: [found.note, head, muteText].filter(Boolean).join(" "),
      lists: page.total > 0 ? [{ items, total: page.total, offset: paging.offset }] : [],
      suggestions: [
        ...moreSuggestion(paging, items.length, page.total),
        ...(mutedKinds.length > 0 ? [muteCommand(false, mutedKinds, agreement.counterpartyName)] : []),
        { label: `Status of ${name}`, query: `status of ${agreement.counterpartyName}`.slice(0, 500) },
      ],
    },
  };
}

function answerText(entry: LedgerEntry, who: (key: string | null) => string, timeZone: string): string | null {
  if (!entry.answer) {
    const escalated = entry.escalatedAt ? `; escalated ${formatDateTime(entry.escalatedAt, timeZone)}` : "";
    return ANSWERABLE_KINDS.includes(entry.kind) ? `no answer yet${escalated}` : null;
  }
  const when = entry.answeredAt ? ` on ${formatDateTime(entry.answeredAt, timeZone)}` : "";
  const until = entry.snoozedUntil ? ` until ${formatDate(entry.snoozedUntil)}` : "";
  const note = entry.answerNote ? `: ${quoteTyped(entry.answerNote, 160)}` : "";
  return `answered “${ANSWER_LABELS[entry.answer]}”${until} by ${who(entry.answeredBy)}${when}${note}`;
}

/** "Slack C0WG: posted 1 December 2026, 09:00", "direct message to Avery (Slack): not posted after 3 attempts …". */
function postText(message: LedgerMessage, names: ReadonlyMap<string, string>, timeZone: string): string {
  const where = message.toPerson
    ? `direct message to ${describeActor({ platform: message.platform, externalId: message.target }, names)}`
    : `${PLATFORM_LABELS[message.platform]} ${clipText(message.target, 40)}${message.threadId ? " (in a thread)" : ""}`;
  if (message.state === "SENT") {
    return `${where}: posted${message.sentAt ? ` ${formatDateTime(message.sentAt, timeZone)}` : ""}`;
  }
  if (message.attempts === 0) return `${where}: waiting to post`;
  return `${where}: not posted after ${plural(message.attempts, "attempt")}, next try ${formatDateTime(message.nextAttemptAt, timeZone)}${message.lastError ? ` (last error: ${clipText(message.lastError, 160)})` : ""}`;
}

async function failedPostsReply(context: ReminderQuestionContext, access: AskerAccess): Promise<Reply> {
  if (!isCoordinator(access)) {
    return { kind: "refused", text: "Only CCO-SPER coordinators can see the posts that failed." };
  }
  const { prisma, paging, timeZone } = context;
  const page = await listFailingPosts(prisma, paging);
  const untried =
    page.untried > 0
      ? `${plural(page.untried, "other post")} ${page.untried === 1 ? "waits" : "wait"} for a first try.`
      : null;
  if (page.total === 0) {
    return {
      kind: "answer",
      title: "Failed posts",
      text: ["No post is failing.", untried].filter(Boolean).join(" "),
    };
  }
  const names = await nameChatIdentities(
    prisma,
    page.items.filter((post) => post.toPerson).map((post) => ({ platform: post.platform, externalId: post.target })),
  );
  const items = page.items.map((post) => failingItem(post, names, timeZone));
  return {
    kind: "list",
    title: "Failed posts",
    text: [
      `${plural(page.total, "post")} failed and ${page.total === 1 ? "is" : "are"} being retried; nothing is dropped.`,
      untried,
      `Oldest first${pageText(paging, items.length, page.total)}:`,
    ]
      .filter(Boolean)
      .join(" "),
    lists: [{ items, total: page.total, offset: paging.offset }],
    suggestions: moreSuggestion(paging, items.length, page.total),
  };
}

function failingItem(post: FailingPost, names: ReadonlyMap<string, string>, timeZone: string): ListItem {
  const where = post.toPerson
    ? `direct message to ${describeActor({ platform: post.platform, externalId: post.target }, names)}`
    : `${PLATFORM_LABELS[post.platform]} ${clipText(post.target, 40)}`;
  return {
    text: post.delivery ? clipText(post.delivery.summary, 160) : `Post ${post.id}`,
    detail:
      `${where}: ${plural(post.attempts, "attempt")} since ${formatDateTime(post.createdAt, timeZone)}, ` +
      `next try ${formatDateTime(post.nextAttemptAt, timeZone)}` +
      (post.lastError ? `; last error: ${clipText(post.lastError, 200)}` : ""),
  };
}

function leadText(rule: ReminderRule, intakeTargetMonths: number): string {
  const options = rule.options;
  switch (rule.kind) {
    case "INTAKE_OVERDUE":
      return `when a request passes the ${intakeTargetMonths}-month target`;
    case "INTAKE_STEP_WAITING":
      return `when a request has waited ${plural(options.waitingDays ?? 30, "day")} at one step`;
    case "ESCALATION":
      return `${plural(options.escalateAfterDays ?? 7, "day")} after an unanswered ${ESCALATING_LEAD_DAYS}-day expiry reminder`;
    case "MEETING_DIGEST":
      return `${plural(rule.leadDays[0] ?? 7, "day")} before each meeting`;
    default: {
      const ahead = rule.leadDays.filter((days) => days > 0);
      const parts = [
        ahead.length > 0
          ? `${ahead.length === 1 ? ahead[0] : `${ahead.slice(0, -1).join(", ")} and ${ahead.at(-1)}`} ${ahead.length === 1 && ahead[0] === 1 ? "day" : "days"} ahead`
          : null,
        rule.leadDays.includes(0) ? "on the day" : null,
      ].filter(Boolean);
      const every = rule.kind === "ANNIVERSARY" ? `every ${options.everyYears ?? 5}th year, ` : "";
      return `${every}${parts.join(", and ")}`;
    }
  }
}

function channelText(rule: ReminderRule): string {
  const set = Object.entries(rule.channels).filter(([, channel]) => channel);
  if (set.length > 0) {
    return `posts to ${set.map(([platform, channel]) => `${PLATFORM_LABELS[platform as ChatPlatform]} ${channel}`).join(", ")}`;
  }
  return INTAKE_AUDIENCE.has(rule.kind) ? "posts to CCO-SPER's intake channel" : "posts to the working group's channel";
}

async function settingsReply(context: ReminderQuestionContext): Promise<Reply> {
  const rules = await loadReminderRules(context.prisma);
  const items = REMINDER_KINDS.map((kind): ListItem => {
    const rule = rules[kind];
    return {
      text: `${capitalise(REMINDER_KIND_LABELS[kind])}: ${rule.enabled ? "on" : "off"}`,
      detail: `${leadText(rule, context.intakeTargetMonths)}; ${channelText(rule)}`,
    };
  });
  return {
    kind: "list",
    title: "Reminder settings",
    text: `Reminders post at ${String(context.reminderHour).padStart(2, "0")}:00 (${context.timeZone}). Coordinators can change them:`,
    lists: [{ items, total: items.length }],
    suggestions: [
      { label: "Turn off anniversary reminders", query: "turn off anniversary reminders" },
      { label: "Set expiry reminders to 120, 60, 14 days", query: "set expiry reminders to 120, 60, 14 days" },
      { label: "Reminders coming up", query: "what reminders are coming up?" },
    ],
  };
}

const RULE_EXAMPLES: Suggestion[] = [
  { label: "Turn off anniversary reminders", query: "turn off anniversary reminders" },
  { label: "Set expiry reminders to 120, 60, 14 days", query: "set expiry reminders to 120, 60, 14 days" },
  { label: "Reminder settings", query: "reminder settings" },
];

async function changeRuleReply(
  context: ReminderQuestionContext,
  intent: Extract<ReminderIntent, { kind: "change-reminder-rule" }>,
  access: AskerAccess,
): Promise<Reply> {
  if (!isCoordinator(access) || !access.actor) {
    return {
      kind: "refused",
      text: "Only CCO-SPER coordinators can change the reminder rules; ask one of them.",
      suggestions: [{ label: "Reminder settings", query: "reminder settings" }],
    };
  }
  const kinds = intent.reminderKinds;
  if (intent.subject) {
    const muteKinds = kinds.filter((kind) => MUTABLE_KINDS.includes(kind));
    return {
      kind: "refused",
      text: `Reminder rules apply to every agreement, so nothing was changed. To silence reminders about ${quoteTyped(intent.subject)} only, mute them.`,
      suggestions: [muteCommand(true, muteKinds.length > 0 ? muteKinds : MUTABLE_KINDS, intent.subject)],
    };
  }
  if (kinds.length === 0 || (intent.enabled === null && intent.leadDays === null)) {
    return {
      kind: "help",
      text:
        kinds.length === 0
          ? `Which reminders? Name them: ${kindList(REMINDER_KINDS)}. For example:`
          : "Say what to change: turn them on or off, or set the days ahead. For example:",
      suggestions: RULE_EXAMPLES,
    };
  }
  const leadDays = intent.leadDays ? [...new Set(intent.leadDays)].sort((a, b) => b - a) : null;
  if (leadDays) {
    const problem = leadDaysProblem(kinds, leadDays);
    if (problem) return { kind: "refused", text: `Nothing was changed: ${problem}`, suggestions: RULE_EXAMPLES };
  }
  const results = await changeReminderRules(context.prisma, {
    kinds,
    change: {
      ...(intent.enabled === null ? {} : { enabled: intent.enabled }),
      ...(leadDays ? { leadDays } : {}),
    },
    actor: access.actor,
    now: context.now,
  });
  const describe = (rule: ReminderRule) =>
    `${rule.enabled ? "on" : "off"}, ${leadText(rule, context.intakeTargetMonths)}`;
  const facts: Fact[] = results.map(({ before, after }) => ({
    label: capitalise(REMINDER_KIND_LABELS[after.kind]),
    value:
      describe(before) === describe(after)
        ? `unchanged: ${describe(after)}`
        : `${describe(before)} → ${describe(after)}`,
    known: true,
  }));
  const rules = await loadReminderRules(context.prisma);
  const noEscalation =
    leadDays &&
    !leadDays.includes(ESCALATING_LEAD_DAYS) &&
    rules.ESCALATION.enabled &&
    kinds.some((kind) => ANSWERABLE_KINDS.includes(kind))
      ? `Escalations follow only the ${ESCALATING_LEAD_DAYS}-day expiry reminder, so with these days an unanswered expiry no longer escalates.`
      : null;
  return {
    kind: "answer",
    title: "Reminder rules changed",
    text: ["Changed, and recorded in the audit log.", noEscalation].filter(Boolean).join(" "),
    facts,
    suggestions: [
      { label: "Reminder settings", query: "reminder settings" },
      { label: "Reminders coming up", query: "what reminders are coming up?" },
    ],
  };
}

function leadDaysProblem(kinds: readonly ReminderKind[], leadDays: readonly number[]): string | null {
  const without = kinds.filter((kind) => NO_LEAD_DAYS.has(kind));
  if (without.length > 0) {
    return `${capitalise(kindList(without))} have no days ahead: they come a set time after something else happens.`;
  }
  if (leadDays.length > MAX_LEADS) return `give at most ${MAX_LEADS} days ahead.`;
  const tooFar = leadDays.find((days) => days > MAX_LEAD_DAYS);
  if (tooFar !== undefined) return `${tooFar} days is too far ahead; the most is ${MAX_LEAD_DAYS} (five years).`;
  if (kinds.includes("MEETING_DIGEST") && leadDays.length > 1) {
    return "the meeting digest goes out once before each meeting: give one number of days.";
  }
  return null;
}

/** "mute anniversary reminders for Warsaw" as a suggestion the parser reads back. */
function muteCommand(mute: boolean, kinds: readonly ReminderKind[], agreementName: string): Suggestion {
  const set = new Set(kinds);
  const what =
    MUTABLE_KINDS.every((kind) => set.has(kind)) && set.size === MUTABLE_KINDS.length
      ? "reminders"
      : set.size === 2 && set.has("TERM_EXPIRY") && set.has("PROJECT_EXPIRY")
        ? "expiry reminders"
        : `${kinds.map((kind) => MUTE_WORDS[kind] ?? "").join(" and ")} reminders`;
  const query = `${mute ? "mute" : "unmute"} ${what} for ${agreementName}`.slice(0, 500);
  return { label: capitalise(query), query };
}

async function muteReply(
  context: ReminderQuestionContext,
  intent: Extract<ReminderIntent, { kind: "mute-reminders" }>,
  access: AskerAccess,
): Promise<ReminderAnswer> {
  const verb = intent.mute ? "mute" : "unmute";
  if (!access.actor) {
    return {
      reply: {
        kind: "refused",
        text: `I can't tell who is asking here, so I can't ${verb} reminders. Coordinators do it in Slack or Teams.`,
      },
    };
  }
  if (!isCoordinator(access)) {
    return { reply: { kind: "refused", text: `Only CCO-SPER coordinators can ${verb} reminders; ask one of them.` } };
  }
  const asked = intent.reminderKinds.length > 0 ? intent.reminderKinds : MUTABLE_KINDS;
  const kinds = asked.filter((kind) => MUTABLE_KINDS.includes(kind));
  const skipped = asked.filter((kind) => !MUTABLE_KINDS.includes(kind));
  const skippedText =
    skipped.length > 0
      ? `${capitalise(kindList(skipped))} are not about one agreement, so they can only be turned off for all (“turn off ${REMINDER_KIND_LABELS[skipped[0]!]}”).`
      : null;
  if (kinds.length === 0) return { reply: { kind: "refused", text: `Nothing was changed. ${skippedText}` } };
  const found = await context.findAgreement(intent.subject);
  if (found.kind === "reply") return { reply: found.reply };
  const { agreement } = found;
  const name = clipText(agreement.counterpartyName, 120);
  const changed = await changeMutes(context.prisma, {
    agreementId: agreement.id,
    kinds,
    mute: intent.mute,
    actor: access.actor,
    now: context.now,
  });
  const mutes = await listMutes(context.prisma, agreement.id);
  const unchanged = kinds.filter((kind) => !changed.includes(kind));
  const done =
    changed.length > 0
      ? intent.mute
        ? `Muted for ${name}: ${kindList(changed)}. Recorded in the audit log; other agreements still get them. To undo: “${muteCommand(false, changed, agreement.counterpartyName).query}”.`
        : `On again for ${name}: ${kindList(changed)}. Recorded in the audit log.`
      : null;
  const already =
    unchanged.length > 0
      ? `${capitalise(kindList(unchanged))} were already ${intent.mute ? "muted" : "on"} for ${name}.`
      : null;
  return {
    agreementId: agreement.id,
    reply: {
      kind: "answer",
      title: `Reminders for ${name}`,
      text: [found.note, done, already, skippedText].filter(Boolean).join(" "),
      facts: [
        {
          label: "Muted now",
          value: mutes.length > 0 ? kindList(mutes.map((mute) => mute.kind)) : "nothing",
          known: true,
        },
      ],
      suggestions: [
        ...(intent.mute ? [muteCommand(false, kinds, agreement.counterpartyName)] : []),
        { label: `Reminders for ${name}`, query: `reminders for ${agreement.counterpartyName}`.slice(0, 500) },
      ],
    },
  };
}
