import type { Actor } from "../audit/audit-log.js";
import type { PrismaClient } from "../generated/prisma/client.js";
import { newRequestReply } from "../intake/intake-desk.js";
import { readAskerAccess } from "../people/asker-access.js";
import { answerPolicyQuestion } from "../policy/policy-answers.js";
import { INTAKE_REPORT_TARGET_MONTHS } from "../policy/policy-rules.js";
import { readSourceRef, readSources, toIsoDate } from "../registry/agreement-row.js";
import {
  AGREEMENT_VALUE_FIELDS,
  type AgreementCategory,
  type IsoDate,
  type SourcedField,
  type SourceRef,
} from "../registry/registry-document.js";
import {
  type AgreementForAnswer,
  type AgreementSummary,
  agreementWhere,
  countAgreementsByCategory,
  getAgreement,
  latestActivityYears,
  listAgreements,
  resolveAgreementName,
  termEndsWithin,
  withoutActiveProject,
  withoutActivitySince,
} from "../registry/registry-queries.js";
import { calendarDateIn } from "../shared/calendar-date.js";
import type { Clock } from "../shared/clock.js";
import { auditLogReply, requestHistoryReply } from "./answer-audit-question.js";
import {
  myRequestsReply,
  openRequestsReply,
  overdueRequestsReply,
  requestStatusReply,
} from "./answer-intake-question.js";
import { meetingDigestAnswer, nextMeetingReply } from "./answer-meeting-question.js";
import { answerReminderQuestion } from "./answer-reminder-question.js";
import { changeRoleReply } from "./answer-role-command.js";
import { type ConversationContext, loadConversationContext, saveConversationContext } from "./conversation-context.js";
import {
  categoryLabel,
  counterpartyKindLabel,
  formatDate,
  plural,
  pluralCategoryLabel,
  quoteTyped,
} from "./format-values.js";
import type { AgreementDateField, AgreementFilter, DateWindow, Intent, PolicyGap } from "./intent.js";
import { moreSuggestion, type Paging, pageText } from "./list-paging.js";
import { parseIntent } from "./parse-intent.js";
import { type Citation, type Fact, type ListItem, NOT_RECORDED, type Reply, type Suggestion } from "./reply.js";

export interface ConversationDeps {
  readonly prisma: PrismaClient;
  readonly clock: Clock;
  /** IANA zone "today" is computed in. */
  readonly timeZone: string;
  /** Largest number of items in one list reply. */
  readonly listLimit?: number;
  /** Months a request may stay open before "open longer than the target" lists it (default 6). */
  readonly intakeTargetMonths?: number;
  /** The working group's meetings (MEETING_DATES); absent or empty = the default quarterly dates. */
  readonly meetingDates?: readonly IsoDate[];
  /** Local hour (in `timeZone`) reminders post at (REMINDER_HOUR; default 9). */
  readonly reminderHour?: number;
  /** Months without recorded activity after which the meeting digest calls an agreement dormant (default 12). */
  readonly dormantMonths?: number;
}

export interface Question {
  /** Identifies the conversation ("slack:C123:1700000000.000100", "console:local") for follow-ups. */
  readonly conversationKey: string;
  readonly text: string;
  /** For "more": where the list continues (a suggestion's `offset`). */
  readonly offset?: number;
  /** Who asks, for questions about their own requests and for what they may see; absent = anonymous. */
  readonly asker?: Actor;
  /** Platform user ids @mentioned in the text, in order ("role add @Ana coordinator"). */
  readonly mentions?: readonly string[];
}

const DEFAULT_LIST_LIMIT = 25;
/** At most this many agreements in a "which one?" reply, and projects in a status answer (lists say how many in all). */
const CANDIDATES_SHOWN = 8;
const PROJECTS_SHOWN = 10;
const DEFAULT_REMINDER_HOUR = 9;
const ACTIVE_CATEGORIES: readonly AgreementCategory[] = ["PARTNERSHIP_CITY", "INTERNATIONAL_PROJECT"];
const PRONOUNS = new Set([
  "it",
  "this",
  "that",
  "they",
  "them",
  "this one",
  "that one",
  "the agreement",
  "this agreement",
]);

/** Answers one message. The one entry point every adapter calls for questions. */
export async function answerQuestion(deps: ConversationDeps, question: Question): Promise<Reply> {
  const now = deps.clock();
  const intent = parseIntent(question.text, { now, timeZone: deps.timeZone });
  let loading: Promise<ConversationContext> | null = null;
  const loadContext = () => {
    loading ??= loadConversationContext(deps.prisma, question.conversationKey);
    return loading;
  };
  // Loaded alongside the answer's own queries: only "source?" and "it"/"that one" need it first.
  // An answer about an agreement named in the question never reads it: one query fewer.
  if (!namesItsAgreement(intent)) {
    loadContext().catch(() => undefined); // awaited below; this only stops an early failure going unhandled
  }
  if (intent.kind === "source") return sourcesReply((await loadContext()).lastSources);

  const paging: Paging = {
    question: question.text,
    offset: Math.max(0, Math.trunc(question.offset ?? 0)),
    limit: deps.listLimit ?? DEFAULT_LIST_LIMIT,
  };
  const answer = await answerIntent(deps, intent, paging, async () => (await loadContext()).agreementId, now, question);
  if (loading) await loading; // a failed read of the context fails the answer, needed or not
  if (answer.remember) {
    await saveConversationContext(deps.prisma, question.conversationKey, {
      agreementId: answer.agreementId ?? (await loadContext()).agreementId,
      lastSources: answer.reply.sources ?? [],
    });
  }
  return answer.reply;
}

/** A status or date question naming its agreement: its answer, when it remembers, names the agreement itself. */
function namesItsAgreement(intent: Intent): boolean {
  return (
    (intent.kind === "agreement-status" || intent.kind === "agreement-date") &&
    !PRONOUNS.has(intent.subject.trim().toLowerCase())
  );
}

interface Answer {
  readonly reply: Reply;
  /** The agreement the answer was about, for "when does it end?" next. */
  readonly agreementId?: number | null;
  /** Whether "source?" should now refer to this answer. */
  readonly remember: boolean;
}

async function answerIntent(
  deps: ConversationDeps,
  intent: Intent,
  paging: Paging,
  lastAgreementId: () => Promise<number | null>,
  now: Date,
  question: Question,
): Promise<Answer> {
  const today = calendarDateIn(now, deps.timeZone);
  switch (intent.kind) {
    case "request-status":
    case "my-requests":
    case "open-requests":
    case "overdue-requests":
    case "new-request":
    case "change-role":
    case "request-history":
    case "audit-log":
      return answerIntakeIntent(deps, intent, paging, now, question);
    case "upcoming-reminders":
    case "reminder-history":
    case "mute-reminders":
    case "failed-posts":
    case "reminder-settings":
    case "change-reminder-rule": {
      const answer = await answerReminderQuestion(
        {
          prisma: deps.prisma,
          now,
          timeZone: deps.timeZone,
          reminderHour: deps.reminderHour ?? DEFAULT_REMINDER_HOUR,
          meetingDates: deps.meetingDates ?? [],
          intakeTargetMonths: deps.intakeTargetMonths ?? INTAKE_REPORT_TARGET_MONTHS,
          asker: question.asker,
          paging,
          findAgreement: (subject) => findAgreement(deps.prisma, subject, lastAgreementId),
        },
        intent,
      );
      return {
        reply: answer.reply,
        agreementId: answer.agreementId ?? null,
        remember: answer.agreementId !== undefined,
      };
    }
    case "agreement-status":
    case "agreement-date": {
      const found = await findAgreement(deps.prisma, intent.subject, lastAgreementId);
      if (found.kind !== "found") return { reply: found.reply, remember: false };
      const reply =
        intent.kind === "agreement-status"
          ? statusReply(found.agreement, today, found.note)
          : dateReply(found.agreement, intent.which, found.note);
      return { reply, agreementId: found.agreement.id, remember: true };
    }
    case "list-agreements":
      return { reply: await listReply(deps.prisma, intent.filter, paging), remember: true };
    case "count-agreements":
      return { reply: await countReply(deps.prisma, intent.filter), remember: true };
    case "expiring":
      return { reply: await expiringReply(deps.prisma, intent.window, intent.filter, paging), remember: true };
    case "gap":
      return { reply: await gapReply(deps.prisma, intent.gap, intent.filter, today, paging), remember: true };
    case "policy":
      return { reply: answerPolicyQuestion(intent.topic, intent.category), remember: true };
    case "meeting-digest": {
      const digestDeps = { ...deps, meetingDates: deps.meetingDates ?? [] };
      const access = await readAskerAccess(deps.prisma, question.asker);
      return { reply: await meetingDigestAnswer(digestDeps, intent.quarter, access), remember: true };
    }
    case "next-meeting":
      return { reply: nextMeetingReply(now, deps.timeZone, deps.meetingDates ?? []), remember: true };
    case "help":
      return { reply: helpReply(), remember: false };
    case "greeting":
      return {
        reply: { ...helpReply(), text: "Hello! I answer questions about Toronto's IAP agreements. For example:" },
        remember: false,
      };
    case "source":
    case "unknown":
      return {
        reply: {
          ...helpReply(),
          kind: "help",
          text:
            intent.kind === "unknown" && intent.text
              ? `I didn't understand ${quoteTyped(intent.text)}. Try one of these:`
              : "Ask me about IAP agreements. For example:",
        },
        remember: false,
      };
  }
}

type IntakeIntent = Extract<
  Intent,
  {
    kind:
      | "request-status"
      | "my-requests"
      | "open-requests"
      | "overdue-requests"
      | "new-request"
      | "change-role"
      | "request-history"
      | "audit-log";
  }
>;

/** Questions and commands about CCO-SPER's intake; what the asker may see depends on their role. */
async function answerIntakeIntent(
  deps: ConversationDeps,
  intent: IntakeIntent,
  paging: Paging,
  now: Date,
  question: Question,
): Promise<Answer> {
  if (intent.kind === "new-request") return { reply: newRequestReply(intent.requestKind), remember: false };
  if (intent.kind === "change-role") {
    const reply = await changeRoleReply(deps.prisma, {
      intent,
      asker: question.asker,
      mentions: question.mentions ?? [],
      now,
    });
    return { reply, remember: false };
  }
  const access = await readAskerAccess(deps.prisma, question.asker);
  const context = {
    prisma: deps.prisma,
    now,
    timeZone: deps.timeZone,
    targetMonths: deps.intakeTargetMonths ?? INTAKE_REPORT_TARGET_MONTHS,
    access,
    paging,
  };
  switch (intent.kind) {
    case "request-status":
      return { reply: await requestStatusReply(context, intent.number), remember: false };
    case "my-requests":
      return { reply: await myRequestsReply(context), remember: false };
    case "open-requests":
      return { reply: await openRequestsReply(context, intent.state), remember: false };
    case "overdue-requests":
      return { reply: await overdueRequestsReply(context, intent.olderThan), remember: true };
    case "request-history":
      return { reply: await requestHistoryReply(context, intent.number), remember: false };
    case "audit-log":
      return { reply: await auditLogReply(context), remember: false };
  }
}

type Found =
  | { readonly kind: "found"; readonly agreement: AgreementForAnswer; readonly note: string | null }
  | { readonly kind: "reply"; readonly reply: Reply };

async function findAgreement(
  prisma: PrismaClient,
  subject: string,
  lastAgreementId: () => Promise<number | null>,
): Promise<Found> {
  if (PRONOUNS.has(subject.trim().toLowerCase())) {
    const id = await lastAgreementId();
    const agreement = id ? await getAgreement(prisma, id) : null;
    if (agreement) return { kind: "found", agreement, note: null };
    return {
      kind: "reply",
      reply: { kind: "help", text: "Which agreement do you mean? Name the city, e.g. “when does Lisbon end?”." },
    };
  }
  const resolution = await resolveAgreementName(prisma, subject);
  if (resolution.kind === "none") return { kind: "reply", reply: notFoundReply(subject) };
  if (resolution.kind === "ambiguous") return { kind: "reply", reply: ambiguousReply(subject, resolution.candidates) };
  const agreement = await getAgreement(prisma, resolution.agreementId);
  if (!agreement) return { kind: "reply", reply: notFoundReply(subject) };
  const note = resolution.fuzzy ? `I took ${quoteTyped(subject)} to mean ${agreement.counterpartyName}.` : null;
  return { kind: "found", agreement, note };
}

function notFoundReply(subject: string): Reply {
  return {
    kind: "not-found",
    text:
      `Toronto has no agreement with ${quoteTyped(subject)} in the registry. ` +
      "To propose a new partner city or project, send a proposal to CCO-SPER, the single point of entry for new requests.",
    suggestions: [
      { label: "How to propose", query: "how do I propose a new partner city?" },
      { label: "List partnership cities", query: "list partnership cities" },
    ],
  };
}

function ambiguousReply(subject: string, candidates: readonly AgreementSummary[]): Reply {
  // Many agreements can share a name or alias (imports set them); a reply offers a handful.
  const shown = candidates.slice(0, CANDIDATES_SHOWN);
  const narrow =
    shown.length < candidates.length ? ` The first ${shown.length}; type more of the name to narrow it.` : "";
  return {
    kind: "ambiguous",
    text: `${quoteTyped(subject)} could mean ${plural(candidates.length, "agreement")}. Which one?${narrow}`,
    lists: [{ items: shown.map(summaryItem), total: candidates.length }],
    suggestions: shown.map((candidate) => ({
      label: candidate.counterpartyName,
      query: `status of ${candidate.counterpartyName}`,
    })),
  };
}

function place(agreement: Pick<AgreementSummary, "city" | "country" | "counterpartyName">): string {
  const city = agreement.city && agreement.city !== agreement.counterpartyName ? `${agreement.city}, ` : "";
  return agreement.counterpartyName === agreement.country ? "" : `${city}${agreement.country}`;
}

function summaryItem(agreement: AgreementSummary): ListItem {
  const where = place(agreement);
  const details = [
    categoryLabel(agreement.category),
    agreement.establishedYear ? `est. ${agreement.establishedYear}` : null,
    agreement.termEnd ? `ends ${formatDate(agreement.termEnd)}` : null,
  ].filter(Boolean);
  return {
    text: where ? `${agreement.counterpartyName} (${where})` : agreement.counterpartyName,
    detail: details.join(" · "),
  };
}

function citationsFor(agreement: AgreementForAnswer, fields: readonly SourcedField[]): Citation[] {
  const sources = readSources(agreement.sources);
  const citations: Citation[] = [];
  for (const field of fields) {
    const source = sources[field];
    if (source) citations.push({ about: `${agreement.counterpartyName}: ${FIELD_LABELS[field]}`, source });
  }
  return citations;
}

const FIELD_LABELS: Record<SourcedField, string> = {
  counterpartyName: "name",
  aliases: "other names",
  counterpartyKind: "kind of counterparty",
  city: "city",
  country: "country",
  category: "category",
  previousDesignation: "designation before 2024",
  establishedYear: "year established",
  establishedOn: "date established",
  termStart: "term start",
  termEnd: "term end",
  renewalOption: "renewal option",
  leadDivision: "lead division",
  contacts: "contacts",
  notes: "notes",
};

const fact = (label: string, value: string | null): Fact =>
  value === null ? { label, value: NOT_RECORDED, known: false } : { label, value, known: true };

function establishedText(agreement: AgreementForAnswer): string | null {
  if (agreement.establishedOn) return formatDate(agreement.establishedOn);
  return agreement.establishedYear ? String(agreement.establishedYear) : null;
}

const RENEWAL_ANSWERS = {
  RENEWAL_UNDER_WAY: "renewal under way",
  LET_EXPIRE: "to let it expire",
  SNOOZED: "snoozed",
  ACKNOWLEDGED: "acknowledged",
} as const;

/** What was answered to the current term end's expiry reminder, if anything. */
function renewalDecision(agreement: AgreementForAnswer): string | null {
  const latest = agreement.reminders[0];
  if (!latest?.answer || !agreement.termEnd || toIsoDate(latest.dueOn) !== toIsoDate(agreement.termEnd)) return null;
  const until = latest.answer === "SNOOZED" && latest.snoozedUntil ? ` until ${formatDate(latest.snoozedUntil)}` : "";
  const on = latest.answeredAt ? ` (answered ${formatDate(toIsoDate(latest.answeredAt) as string)})` : "";
  const note = latest.answerNote ? `: ${latest.answerNote}` : "";
  return `${RENEWAL_ANSWERS[latest.answer]}${until}${on}${note}`;
}

function statusReply(agreement: AgreementForAnswer, today: string, note: string | null): Reply {
  const category = categoryLabel(agreement.category);
  const previously =
    agreement.previousDesignation && agreement.previousDesignation !== category
      ? ` (previously ${agreement.previousDesignation})`
      : "";
  const facts: Fact[] = [
    fact("Category", `${category}${previously}`),
    fact("Counterparty", counterpartyKindLabel(agreement.counterpartyKind)),
    fact("Established", establishedText(agreement)),
    fact("Term start", agreement.termStart ? formatDate(agreement.termStart) : null),
    fact("Term end", agreement.termEnd ? formatDate(agreement.termEnd) : null),
    fact("Renewal option", agreement.renewalOption === null ? null : agreement.renewalOption ? "yes" : "no"),
    fact(
      "Lead division",
      agreement.leadDivision ? `${agreement.leadDivision.code} (${agreement.leadDivision.name})` : null,
    ),
  ];
  const decision = renewalDecision(agreement);
  if (decision) facts.push(fact("Renewal decision", decision));
  if (agreement.contacts) facts.push(fact("Contacts", agreement.contacts));
  if (agreement.notes) facts.push(fact("Notes", agreement.notes));

  const unknown = facts.filter((item) => !item.known).map((item) => item.label.toLowerCase());
  const activeProjects = agreement.projects.filter((project) => {
    const end = toIsoDate(project.endDate);
    const start = toIsoDate(project.startDate);
    return (!end || end >= today) && (!start || start <= today);
  });
  const where = place(agreement);
  const sentences = [
    note,
    `${agreement.counterpartyName}${where ? ` (${where})` : ""} is ${article(category)} ${category} agreement${previously}.`,
    unknown.length > 0 ? `Not recorded: ${unknown.join(", ")}.` : null,
    ACTIVE_CATEGORIES.includes(agreement.category) && (!agreement.termEnd || activeProjects.length === 0)
      ? "The 2024 policy requires every agreement to be time-limited and to name at least one tangible project; " +
        [!agreement.termEnd ? "no term end" : null, activeProjects.length === 0 ? "no active project" : null]
          .filter(Boolean)
          .join(" and ") +
        " is recorded."
      : null,
  ];

  const projectItems: ListItem[] = agreement.projects.slice(0, PROJECTS_SHOWN).map((project) => ({
    text: project.name,
    detail: [
      project.objective ? `objective: ${project.objective}` : null,
      project.measure ? `measure: ${project.measure}` : null,
      project.assignee ? `assigned to ${project.assignee}` : null,
      project.endDate ? `ends ${formatDate(project.endDate)}` : "end date not recorded",
    ]
      .filter(Boolean)
      .join(" · "),
  }));
  const activities = [...agreement.activities].sort((a, b) => (b.endYear ?? b.year) - (a.endYear ?? a.year));
  const shownActivities = activities.slice(0, 5);
  const lists = [
    {
      title: "Projects",
      items: projectItems.length > 0 ? projectItems : [{ text: "none recorded" }],
      total: agreement.projects.length,
    },
    ...(activities.length > 0
      ? [
          {
            title: "Recorded activities",
            items: shownActivities.map((activity) => ({
              text: activity.endYear ? `${activity.year}–${activity.endYear}` : String(activity.year),
              detail: activity.description,
            })),
            total: activities.length,
          },
        ]
      : []),
  ];
  const activityCitations: Citation[] = shownActivities.flatMap((activity) => {
    const source = readSourceRef(activity.source);
    return source ? [{ about: `${agreement.counterpartyName}: activity ${activity.year}`, source }] : [];
  });
  return {
    kind: "answer",
    title: agreement.counterpartyName,
    text: sentences.filter(Boolean).join(" "),
    facts,
    lists,
    suggestions: [
      { label: "When does it end?", query: `when does ${agreement.counterpartyName} end?` },
      { label: `Other ${category} agreements`, query: `list ${pluralCategoryLabel(agreement.category)}` },
      { label: "Sources", query: "source?" },
    ],
    sources: [...citationsFor(agreement, AGREEMENT_VALUE_FIELDS), ...activityCitations],
  };
}

function article(word: string): string {
  return /^[aeiou]/i.test(word) ? "an" : "a";
}

function dateReply(agreement: AgreementForAnswer, which: AgreementDateField, note: string | null): Reply {
  const name = agreement.counterpartyName;
  let text: string;
  let fields: SourcedField[];
  if (which === "established") {
    const established = establishedText(agreement);
    const designation = agreement.previousDesignation
      ? ` (as ${article(agreement.previousDesignation)} ${agreement.previousDesignation})`
      : "";
    text = established
      ? `${name}: established ${agreement.establishedOn ? "on" : "in"} ${established}${designation}.`
      : `When the ${name} agreement was established is not recorded.`;
    fields = ["establishedYear", "establishedOn", "previousDesignation"];
  } else {
    const value = which === "term-end" ? agreement.termEnd : agreement.termStart;
    const label = which === "term-end" ? "term end" : "term start";
    text = value
      ? `${name}: the term ${which === "term-end" ? "ends" : "started"} on ${formatDate(value)}.`
      : `The ${name} agreement's ${label} is not recorded.`;
    fields = [which === "term-end" ? "termEnd" : "termStart"];
    if (!value && which === "term-end" && ACTIVE_CATEGORIES.includes(agreement.category)) {
      text += " Under the 2024 policy every agreement must be time-limited, so this needs to be filled in.";
    }
  }
  return {
    kind: "answer",
    title: name,
    text: [note, text].filter(Boolean).join(" "),
    suggestions: [
      { label: `Status of ${name}`, query: `status of ${name}` },
      { label: "Sources", query: "source?" },
    ],
    sources: citationsFor(agreement, fields),
  };
}

function describeFilter(filter: AgreementFilter, noun = "agreements"): string {
  const what = filter.category ? pluralCategoryLabel(filter.category) : noun;
  return [
    what,
    filter.country ? `in ${filter.country}` : null,
    filter.region ? `in ${filter.region}` : null,
    filter.leadDivision ? `led by ${filter.leadDivision}` : null,
  ]
    .filter(Boolean)
    .join(" ");
}

function listSuggestions(): Suggestion[] {
  return [
    { label: "Counts by category", query: "how many agreements are there?" },
    { label: "Sources", query: "source?" },
  ];
}

const TABLE_1_CITATION: Citation = {
  about: "Categories of existing agreements",
  source: {
    document: "004_c975d6aa7d171fca.txt",
    locator: "Table 1",
    quote: "Table 1: Assignment of Agreements to Proposed IAP Categories",
  },
};

async function listReply(prisma: PrismaClient, filter: AgreementFilter, paging: Paging): Promise<Reply> {
  const page = await listAgreements(prisma, agreementWhere(filter), paging);
  const described = describeFilter(filter);
  if (page.total === 0) {
    return { kind: "list", text: `No ${described} are recorded.`, suggestions: listSuggestions() };
  }
  const shown = page.items.length;
  return {
    kind: "list",
    title: capitalise(described),
    text: `${page.total} ${described}${pageText(paging, shown, page.total)}:`,
    lists: [{ items: page.items.map(summaryItem), total: page.total, offset: paging.offset }],
    suggestions: [...moreSuggestion(paging, shown, page.total), ...listSuggestions()],
    sources: [TABLE_1_CITATION],
  };
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

async function countReply(prisma: PrismaClient, filter: AgreementFilter): Promise<Reply> {
  const counts = await countAgreementsByCategory(prisma, agreementWhere(filter));
  const total = [...counts.values()].reduce((sum, n) => sum + n, 0);
  if (filter.category) {
    const n = counts.get(filter.category) ?? 0;
    return {
      kind: "answer",
      text: `There ${n === 1 ? "is" : "are"} ${n} ${describeFilter(filter)}.`.replace(
        / 1 (\w+) agreements/,
        " 1 $1 agreement",
      ),
      suggestions: [{ label: "List them", query: `list ${describeFilter(filter)}` }],
      sources: [TABLE_1_CITATION],
    };
  }
  const order: AgreementCategory[] = ["PARTNERSHIP_CITY", "INTERNATIONAL_PROJECT", "HISTORICAL", "OUTSIDE_IAP"];
  return {
    kind: "answer",
    text: `${plural(total, "agreement")} ${describeFilter(filter, "").trim() || "in the registry"}.`.replace("  ", " "),
    facts: order.map((category) => ({
      label: categoryLabel(category),
      value: String(counts.get(category) ?? 0),
      known: true,
    })),
    suggestions: [{ label: "List partnership cities", query: "list partnership cities" }],
    sources: [TABLE_1_CITATION],
  };
}

async function expiringReply(
  prisma: PrismaClient,
  window: DateWindow,
  filter: AgreementFilter,
  paging: Paging,
): Promise<Reply> {
  const scope = agreementWhere(filter);
  const [page, unknownCount] = await Promise.all([
    listAgreements(
      prisma,
      { AND: [scope, termEndsWithin(window.from, window.to)] },
      { ...paging, orderBy: [{ termEnd: "asc" }, { counterpartyName: "asc" }] },
    ),
    prisma.agreement.count({
      where: { AND: [scope, { category: { in: [...ACTIVE_CATEGORIES] } }, { termEnd: null }] },
    }),
  ]);
  const unknownNote =
    unknownCount > 0
      ? `${plural(unknownCount, "active agreement")} ${unknownCount === 1 ? "has" : "have"} no term end recorded, so ${unknownCount === 1 ? "it" : "they"} cannot be checked.`
      : null;
  const what = describeFilter(filter);
  const head =
    page.total === 0
      ? `No recorded term ends ${window.label}${filter.category || filter.country || filter.region || filter.leadDivision ? ` for ${what}` : ""}.`
      : `${plural(page.total, "term end")} ${window.label}${pageText(paging, page.items.length, page.total)}:`;
  return {
    kind: "list",
    title: `Expiring ${window.label}`,
    text: [head, unknownNote].filter(Boolean).join(" "),
    lists: page.total > 0 ? [{ items: page.items.map(summaryItem), total: page.total, offset: paging.offset }] : [],
    suggestions: [
      ...moreSuggestion(paging, page.items.length, page.total),
      ...(unknownCount > 0
        ? [{ label: "Which have no term end?", query: "which agreements have no term end recorded?" }]
        : []),
    ],
  };
}

async function gapReply(
  prisma: PrismaClient,
  gap: PolicyGap,
  filter: AgreementFilter,
  today: string,
  paging: Paging,
): Promise<Reply> {
  // Historical agreements get no City resources (2024 report), so the policy's gaps concern active ones.
  const scope = filter.category
    ? agreementWhere(filter)
    : { AND: [agreementWhere(filter), { category: { in: [...ACTIVE_CATEGORIES] } }] };
  const scopeText = filter.category
    ? describeFilter(filter)
    : describeFilter(filter, "active agreements (Partnership City and International Project)");
  const condition = {
    "no-term-end": { termEnd: null },
    "no-active-project": withoutActiveProject(today),
    "no-activity-since": withoutActivitySince(gap.kind === "no-activity-since" ? gap.year : 0),
    "no-established-date": { establishedYear: null, establishedOn: null },
  }[gap.kind];
  const page = await listAgreements(prisma, { AND: [scope, condition] }, paging);
  const phrase = {
    "no-term-end": "have no term end recorded",
    "no-active-project": "have no active project recorded",
    "no-activity-since": `have no activity recorded since ${gap.kind === "no-activity-since" ? gap.year : ""}`,
    "no-established-date": "have no establishment date recorded",
  }[gap.kind];
  let items = page.items.map(summaryItem);
  if (gap.kind === "no-activity-since") {
    const latest = await latestActivityYears(
      prisma,
      page.items.map((item) => item.id),
    );
    items = page.items.map((item, index) => ({
      ...items[index]!,
      detail: `${items[index]!.detail} · ${latest.has(item.id) ? `last activity ${latest.get(item.id)}` : "no activity recorded"}`,
    }));
  }
  return {
    kind: "list",
    title: `${capitalise(scopeText)} that ${phrase}`,
    text:
      page.total === 0
        ? `None of the ${scopeText} ${phrase}.`
        : `${page.total} of the ${scopeText} ${phrase}${pageText(paging, items.length, page.total)}:`,
    lists: page.total > 0 ? [{ items, total: page.total, offset: paging.offset }] : [],
    suggestions: [
      ...moreSuggestion(paging, items.length, page.total),
      { label: "What does the policy require?", query: "how long can a partnership last?" },
    ],
    sources: [
      {
        about: "Policy: time-limited, with a tangible project",
        source: {
          document: "004_c975d6aa7d171fca.txt",
          locator: "Recommendation 6",
          quote: "are time-limited and identify (at least) one tangible project to jointly deliver over their term",
        },
      },
    ],
  };
}

function sourcesReply(citations: readonly Citation[]): Reply {
  if (citations.length === 0) {
    return { kind: "sources", text: "Ask me something first; then “source?” tells where the answer comes from." };
  }
  return {
    kind: "sources",
    title: "Sources",
    text: "Where the last answer comes from:",
    lists: [
      {
        items: citations.map((citation) => ({ text: citation.about, detail: describeSource(citation.source) })),
        total: citations.length,
      },
    ],
    sources: citations,
  };
}

export function describeSource(source: SourceRef): string {
  return [source.document, source.locator, source.quote ? `“${source.quote}”` : null].filter(Boolean).join(", ");
}

const EXAMPLES: Suggestion[] = [
  { label: "Status of an agreement", query: "what's happening with Milan?" },
  { label: "Lists", query: "historical agreements in China" },
  { label: "Dates", query: "when was Chongqing signed?" },
  { label: "Expiries", query: "what expires in the next 6 months?" },
  { label: "Gaps", query: "which agreements have no term end recorded?" },
  { label: "Policy", query: "who signs an international project?" },
  { label: "Proposals", query: "how do I propose a new partner city?" },
];

/** What CCO-SPER's intake answers; the last four are for coordinators (and division representatives). */
const INTAKE_EXAMPLES: Suggestion[] = [
  { label: "Bring a request to CCO-SPER", query: "new request" },
  { label: "Where yours stand", query: "my requests" },
  { label: "One request", query: "status of request 12" },
  { label: "Coordinators and division reps: the pipeline", query: "what's waiting for approval?" },
  { label: "Coordinators and division reps: over the target", query: "overdue requests" },
  { label: "Coordinators: roles", query: "role add @name coordinator" },
  { label: "Coordinators: who changed what", query: "audit log" },
];

function helpReply(): Reply {
  return {
    kind: "help",
    title: "What you can ask",
    text: "Ask about IAP agreements in plain language, or bring a request to CCO-SPER. For example:",
    lists: [
      { items: EXAMPLES.map((example) => ({ text: example.query, detail: example.label })), total: EXAMPLES.length },
      {
        title: "Requests to CCO-SPER",
        items: INTAKE_EXAMPLES.map((example) => ({ text: example.query, detail: example.label })),
        total: INTAKE_EXAMPLES.length,
      },
    ],
    suggestions: [...EXAMPLES.slice(0, 3), { label: "New request", query: "new request" }],
  };
}
