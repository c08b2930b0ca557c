import type { FormAction } from "../chat/form.js";
import type { PrismaClient } from "../generated/prisma/client.js";
import { intakeFormId, KIND_FORM_TITLES, stepActions } from "../intake/intake-forms.js";
import { assessmentRoute } from "../intake/intake-kind.js";
import {
  countOpenRequestsByState,
  getRequestDetail,
  listOpenRequests,
  listRequestsOf,
  type RequestDetail,
  type RequestLine,
} from "../intake/intake-queries.js";
import { INTAKE_STATES, isTerminal, nextStepHint, stateLabel, TRANSITIONS } from "../intake/intake-workflow.js";
import { type Age, ageCutoff, describeAge, startOfDayIn } from "../intake/request-age.js";
import { type AskerAccess, isRequester } from "../people/asker-access.js";
import { nameChatIdentities } from "../people/name-people.js";
import { INTAKE_REPORT_TARGET_MONTHS } from "../policy/policy-rules.js";
import type { IsoDate } from "../registry/registry-document.js";
import { calendarDateIn, daysBetween } from "../shared/calendar-date.js";
import { categoryLabel, clipText, describeActor, formatDate, formatDateTime, plural } from "./format-values.js";
import type { OpenRequestState } from "./intent.js";
import { moreSuggestion, type Paging, pageText } from "./list-paging.js";
import type { Citation, Fact, ListItem, Reply, Suggestion } from "./reply.js";

/** What every intake answer needs: the database, the calendar, who asks and which page. */
export interface IntakeQuestionContext {
  readonly prisma: PrismaClient;
  readonly now: Date;
  /** IANA zone dates and ages are counted in. */
  readonly timeZone: string;
  /** Months a request may stay open (INTAKE_REPORT_TARGET_MONTHS). */
  readonly targetMonths: number;
  readonly access: AskerAccess;
  readonly paging: Paging;
}

/** Longest request title shown in a heading; in a list line. Stored titles are never changed. */
const TITLE_IN_HEADING = 120;
const TITLE_IN_LIST = 80;
const STEP_SUMMARY = 240;

export const REPORT_BACK_CITATION: Citation = {
  about: "Intake target: a report back within six months of receipt",
  source: {
    document: "002_b3627e290b94d2d0.txt",
    locator: "Attachment 5",
    quote: "within six months of the receipt of the request",
  },
};

const MY_REQUESTS: Suggestion = { label: "My requests", query: "my requests" };
const NEW_REQUEST: Suggestion = { label: "New request", query: "new request" };
const PIPELINE: Suggestion = { label: "Open requests", query: "open requests" };

/** "status of request 12": where it stands, for its requester, coordinators and division representatives. */
export async function requestStatusReply(context: IntakeQuestionContext, number: number): Promise<Reply> {
  const request = await getRequestDetail(context.prisma, number);
  if (!request) return noSuchRequest(number);
  const mine = isRequester(context.access, request);
  if (!mine && !context.access.seesAllRequests) return notYours(number, context.access);

  const { timeZone } = context;
  const today = calendarDateIn(context.now, timeZone);
  const submitted = calendarDateIn(request.submittedAt, timeZone);
  const days = daysBetween(submitted, today);
  const open = !isTerminal(request.state);
  const route = assessmentRoute(request.kind);
  const lastStep = request.steps[0] ?? null;
  const requester = { platform: request.requesterPlatform, externalId: request.requesterExternalId };
  const stepActor = lastStep ? { platform: lastStep.actorPlatform, externalId: lastStep.actorExternalId } : null;
  const names = await nameChatIdentities(context.prisma, stepActor ? [requester, stepActor] : [requester]);
  const overTarget = open && isOverTarget(submitted, today, context.targetMonths);

  const facts: Fact[] = [
    known("Kind", KIND_FORM_TITLES[request.kind]),
    known("Stands at", stateLabel(request.state)),
    known("Submitted", formatDate(submitted)),
    known(
      "Age",
      open
        ? `${plural(days, "day")} open${overTarget ? `, over the ${context.targetMonths}-month target` : ""}`
        : `${plural(days, "day")} since it was submitted`,
    ),
    known("Requested by", describeActor(requester, names)),
    ...(request.assignee ? [known("Looked after by", clipText(request.assignee.displayName, 60))] : []),
    lastStep && stepActor
      ? known(
          "Last step",
          `${clipText(lastStep.summary, STEP_SUMMARY)} (${describeActor(stepActor, names)}, ${formatDateTime(lastStep.at, timeZone)})`,
        )
      : { label: "Last step", value: "none recorded", known: false },
    known("Next", nextStepHint(route, request.state)),
    ...(request.agreement
      ? [
          known(
            "Registry agreement",
            `${request.agreement.counterpartyName} (${categoryLabel(request.agreement.category)})`,
          ),
        ]
      : []),
  ];
  const sentences = [
    `Request ${request.id} ${open ? "stands at" : "ended at"} “${stateLabel(request.state)}”, ${plural(days, "day")} after it was submitted on ${formatDate(submitted)}.`,
    overTarget ? `It has been open longer than the ${context.targetMonths}-month target.` : null,
    request.agreement
      ? `Its approval put ${request.agreement.counterpartyName} in the registry as ${categoryLabel(request.agreement.category)}.`
      : null,
  ];
  return {
    kind: "answer",
    title: `Request ${request.id}: ${clipText(request.title, TITLE_IN_HEADING)}`,
    text: sentences.filter(Boolean).join(" "),
    facts,
    // A coordinator gets the request's step buttons wherever they ask, not only in its thread.
    actions: context.access.seesAudit ? stepActions(request) : requestActions(request, mine),
    suggestions: [
      ...(request.agreement
        ? [
            {
              label: `Status of ${request.agreement.counterpartyName}`,
              query: `status of ${request.agreement.counterpartyName}`,
            },
          ]
        : []),
      ...(context.access.seesAudit ? [{ label: "History", query: `history of request ${request.id}` }] : []),
      ...(mine ? [MY_REQUESTS] : []),
      ...(context.access.seesAllRequests ? [PIPELINE] : []),
    ],
  };
}

/** A comment for anyone who may see the request; withdrawing for its requester while it is open. */
function requestActions(request: RequestDetail, mine: boolean): FormAction[] {
  const route = assessmentRoute(request.kind);
  const canWithdraw = mine && TRANSITIONS[route][request.state].WITHDRAW !== undefined;
  return [
    { label: "Add a comment", formId: intakeFormId({ form: "comment", number: request.id }), hasFields: true },
    ...(canWithdraw
      ? [
          {
            label: "Withdraw",
            formId: intakeFormId({ form: "event", number: request.id, version: request.version, type: "WITHDRAW" }),
            hasFields: true,
            style: "danger" as const,
          },
        ]
      : []),
  ];
}

function noSuchRequest(number: number): Reply {
  return {
    kind: "not-found",
    text: `There is no request ${number}. Ask “my requests” for the numbers of yours.`,
    suggestions: [MY_REQUESTS, NEW_REQUEST],
  };
}

/** Says no without saying what the request is about. */
function notYours(number: number, access: AskerAccess): Reply {
  return {
    kind: "refused",
    title: `Request ${number}`,
    text: access.actor
      ? `Request ${number} is not yours; ask CCO-SPER (the intake coordinators) about it. Only its requester, ` +
        "CCO-SPER coordinators and division representatives can see a request."
      : `I can't tell who is asking here, so I can't show request ${number}: only its requester, CCO-SPER ` +
        "coordinators and division representatives can see it. Ask in Slack or Teams.",
    suggestions: [MY_REQUESTS, NEW_REQUEST],
  };
}

/** "my requests": the asker's requests, newest first. */
export async function myRequestsReply(context: IntakeQuestionContext): Promise<Reply> {
  const { access, paging } = context;
  if (!access.actor) {
    return {
      kind: "refused",
      text: "I can't tell who is asking here, so I can't find your requests. Ask in Slack or Teams, where I know you.",
      suggestions: [NEW_REQUEST],
    };
  }
  const page = await listRequestsOf(
    context.prisma,
    { actor: access.actor, personId: access.person?.personId ?? null },
    paging,
  );
  if (page.total === 0) {
    return {
      kind: "answer",
      title: "Your requests",
      text: "You have not submitted any requests to CCO-SPER. To bring one, ask “new request”.",
      suggestions: [NEW_REQUEST, { label: "How to propose", query: "how do I propose a new partner city?" }],
    };
  }
  const today = calendarDateIn(context.now, context.timeZone);
  const items = page.items.map((line) => requestItem(line, context, today, { withState: true }));
  return {
    kind: "list",
    title: "Your requests",
    text: `You have submitted ${plural(page.total, "request")}, ${page.open} still open; newest first${pageText(paging, items.length, page.total)}:`,
    lists: [{ items, total: page.total, offset: paging.offset }],
    suggestions: [
      ...moreSuggestion(paging, items.length, page.total),
      { label: `Request ${page.items[0]!.id}`, query: `status of request ${page.items[0]!.id}` },
      NEW_REQUEST,
    ],
  };
}

/** Why someone who is not a coordinator or division representative sees no pipeline, and what they can ask. */
function pipelineRefusal(): Reply {
  return {
    kind: "refused",
    text:
      "Only CCO-SPER coordinators and division representatives can see the intake pipeline. " +
      "You can ask “my requests” for where yours stand, or “new request” to bring one.",
    suggestions: [MY_REQUESTS, NEW_REQUEST],
  };
}

/** "what's waiting for approval?", "open requests": open requests at one state or all, oldest first. */
export async function openRequestsReply(
  context: IntakeQuestionContext,
  state: OpenRequestState | null,
): Promise<Reply> {
  if (!context.access.seesAllRequests) return pipelineRefusal();
  const { paging } = context;
  const [page, counts] = await Promise.all([
    listOpenRequests(context.prisma, { state }, paging),
    state ? Promise.resolve(null) : countOpenRequestsByState(context.prisma),
  ]);
  const overdue: Suggestion = {
    label: `Open longer than ${context.targetMonths} months`,
    query: "overdue requests",
  };
  if (page.total === 0) {
    return {
      kind: "list",
      title: state ? `Waiting at “${stateLabel(state)}”` : "Open requests",
      text: state ? `No requests are waiting at “${stateLabel(state)}”.` : "No requests are open.",
      suggestions: state ? [PIPELINE] : [],
    };
  }
  const today = calendarDateIn(context.now, context.timeZone);
  const requesters = await requesterNames(context.prisma, page.items);
  const items = page.items.map((line) => requestItem(line, context, today, { withState: state === null, requesters }));
  return {
    kind: "list",
    title: state ? `Waiting at “${stateLabel(state)}”` : "Open requests",
    text: state
      ? `${plural(page.total, "request")} waiting at “${stateLabel(state)}”, oldest first${pageText(paging, items.length, page.total)}:`
      : `${plural(page.total, "open request")}, oldest first${pageText(paging, items.length, page.total)}:`,
    ...(counts
      ? {
          facts: openStates().map((open) => known(stateLabel(open), String(counts.get(open) ?? 0))),
        }
      : {}),
    lists: [{ items, total: page.total, offset: paging.offset }],
    suggestions: [...moreSuggestion(paging, items.length, page.total), overdue, ...(state ? [PIPELINE] : [])],
  };
}

/**
 * "overdue requests", "open longer than 3 months": open requests submitted before today minus the
 * age (by default the target), oldest first.
 */
export async function overdueRequestsReply(context: IntakeQuestionContext, olderThan: Age | null): Promise<Reply> {
  if (!context.access.seesAllRequests) return pipelineRefusal();
  const { paging, timeZone } = context;
  const age: Age = olderThan ?? { amount: context.targetMonths, unit: "month" };
  const today = calendarDateIn(context.now, timeZone);
  const cutoff = ageCutoff(today, age);
  const page = await listOpenRequests(
    context.prisma,
    { state: null, submittedBefore: startOfDayIn(cutoff, timeZone) },
    paging,
  );
  const target =
    context.targetMonths === INTAKE_REPORT_TARGET_MONTHS
      ? `The target is ${INTAKE_REPORT_TARGET_MONTHS} months: the 2001 IAP policy asks for a report back within six months of receipt of a request.`
      : `The target here is ${context.targetMonths} months (INTAKE_REPORT_TARGET_MONTHS); the 2001 IAP policy asks for a report back within six months of receipt of a request.`;
  const head =
    page.total === 0
      ? `No request has been open longer than ${describeAge(age)} (none still open was submitted before ${formatDate(cutoff)}).`
      : `${plural(page.total, "request")} ${page.total === 1 ? "has" : "have"} been open longer than ${describeAge(age)} ` +
        `(submitted before ${formatDate(cutoff)}), oldest first${pageText(paging, page.items.length, page.total)}:`;
  const requesters = await requesterNames(context.prisma, page.items);
  const items = page.items.map((line) => requestItem(line, context, today, { withState: true, requesters }));
  return {
    kind: "list",
    title: `Open longer than ${describeAge(age)}`,
    text: `${head} ${target}`,
    lists: page.total > 0 ? [{ items, total: page.total, offset: paging.offset }] : [],
    suggestions: [...moreSuggestion(paging, page.items.length, page.total), PIPELINE],
    sources: [REPORT_BACK_CITATION],
  };
}

function openStates(): OpenRequestState[] {
  return INTAKE_STATES.filter((state): state is OpenRequestState => !isTerminal(state));
}

function isOverTarget(submitted: IsoDate, today: IsoDate, targetMonths: number): boolean {
  return submitted < ageCutoff(today, { amount: targetMonths, unit: "month" });
}

/**
 * "Request 12: Partnership City proposal: Lyon" — "Initial assessment · submitted 23 May 2026 · 184
 * days open · from Avery Chen (Slack)". `requesters` adds who asked (pipeline lists).
 */
function requestItem(
  line: RequestLine,
  context: IntakeQuestionContext,
  today: IsoDate,
  show: { readonly withState: boolean; readonly requesters?: ReadonlyMap<string, string> },
): ListItem {
  const submitted = calendarDateIn(line.submittedAt, context.timeZone);
  const open = !isTerminal(line.state);
  const days = daysBetween(submitted, today);
  const requester = { platform: line.requesterPlatform, externalId: line.requesterExternalId };
  const detail = [
    show.withState ? stateLabel(line.state) : null,
    `submitted ${formatDate(submitted)}`,
    open ? `${plural(days, "day")} open` : null,
    open && isOverTarget(submitted, today, context.targetMonths)
      ? `over the ${context.targetMonths}-month target`
      : null,
    show.requesters ? `from ${describeActor(requester, show.requesters)}` : null,
    line.assignee ? `looked after by ${clipText(line.assignee.displayName, 40)}` : null,
  ];
  return {
    text: `Request ${line.id}: ${clipText(line.title, TITLE_IN_LIST)}`,
    detail: detail.filter(Boolean).join(" · "),
  };
}

async function requesterNames(prisma: PrismaClient, lines: readonly RequestLine[]): Promise<Map<string, string>> {
  return nameChatIdentities(
    prisma,
    lines.map((line) => ({ platform: line.requesterPlatform, externalId: line.requesterExternalId })),
  );
}

const known = (label: string, value: string): Fact => ({ label, value, known: true });
