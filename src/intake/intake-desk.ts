import { randomUUID } from "node:crypto";
import type { Actor } from "../audit/audit-log.js";
import type { FormChoice, FormOpening, FormResult, FormSpec, FormValues } from "../chat/form.js";
import type { Outbound } from "../chat/outbound-port.js";
import { formatDate } from "../conversation/format-values.js";
import type { Fact, ListItem, Reply } from "../conversation/reply.js";
import type { ChatPlatform, IntakeRequest, PrismaClient } from "../generated/prisma/client.js";
import { PLATFORM_LABELS } from "../people/name-people.js";
import { recogniseUser } from "../people/recognise-user.js";
import { enqueue } from "../reminders/outbox.js";
import type { Clock } from "../shared/clock.js";
import type { Logger } from "../shared/logger.js";
import { claimThreadStart, releaseThreadStart } from "./claim-thread-start.js";
import {
  addError,
  commentFields,
  EVENT_BUTTONS,
  eventFields,
  eventInput,
  fieldOfEventIssue,
  fieldOfFinding,
  fieldOfProblem,
  type IntakeFormRef,
  intakeFormId,
  KIND_FORM_TITLES,
  proposalForm,
  proposalInput,
  readIntakeFormId,
  stepActions,
} from "./intake-forms.js";
import { assessmentRoute, INTAKE_KINDS, type IntakeKind } from "./intake-kind.js";
import {
  type AnnounceStep,
  advanceRequest,
  assignablePeople,
  commentOnRequest,
  loadWorkflowView,
  submitRequest,
} from "./intake-service.js";
import {
  checkMayAttempt,
  IntakeEventSchema,
  type IntakeEventType,
  nextStepHint,
  stateLabel,
  TERMINAL_STATES,
} from "./intake-workflow.js";
import type { ProposalFinding } from "./proposal-checks.js";
import { COUNTERPARTY_KIND_LABELS, describeProblem, type Proposal, ProposalSchema } from "./proposal-schema.js";

/**
 * CCO-SPER's front desk: the forms requests and steps are made with, and the thread each request
 * lives in. A step or comment is written (intake-service.ts) in one transaction with the outbox
 * posts that announce it in its threads and to the requester, so neither is ever kept without the
 * other; the posts go out in the background, as does the summary card that starts a new request's
 * thread, in order per request, so a slow or failing platform never holds up or loses a decision.
 * Everything is in the database either way, and "status of request N" answers from there.
 */

export interface IntakeDeskDeps {
  readonly prisma: PrismaClient;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly outbound: Outbound;
  /** CCO-SPER's intake channel per platform (INTAKE_CHANNEL_SLACK, INTAKE_CONVERSATION_TEAMS). */
  readonly intakeConversations: Partial<Record<ChatPlatform, string>>;
  /** Posts what the outbox holds now (steps and notifications are queued there); the scheduler drains it too. */
  readonly drain?: () => Promise<unknown>;
}

export interface IntakeDesk {
  /** The buttons to start a request: one kind's form, or every kind to choose from. */
  newRequestReply(kind?: IntakeKind | null): Reply;
  /** The form behind a button, built now (a request's step form reflects the request as it is). */
  openForm(formId: string, who: Actor): Promise<FormOpening>;
  /** Validates and applies a filled-in form (or a one-click step), then posts to the request's threads. */
  submitForm(formId: string, values: FormValues, who: Actor): Promise<FormResult>;
  /**
   * Starts the thread of every open request that has none on a connected intake platform: requests
   * submitted from the CLI (no chat adapter running there) or while a platform was unreachable.
   * Returns how many were queued.
   */
  announceUnthreaded(): Promise<number>;
  /** True for the ids of forms this desk makes. */
  owns(formId: string): boolean;
  /** Resolves once every thread post and notification started so far has been made or has failed. */
  settled(): Promise<void>;
}

const KIND_CHOICE_ORDER: readonly IntakeKind[] = INTAKE_KINDS;

const refused = (text: string, title?: string): FormResult => ({
  status: "refused",
  reply: { kind: "refused", text, ...(title ? { title } : {}) },
});

export function createIntakeDesk(deps: IntakeDeskDeps): IntakeDesk {
  const { prisma, logger } = deps;
  /** Per request, the tail of its chain of posts: each waits for the one before. */
  const chains = new Map<number, Promise<void>>();

  function inOrder(number: number, task: () => Promise<void>): void {
    const previous = chains.get(number) ?? Promise.resolve();
    const next = previous
      .then(task)
      .catch((error: unknown) => logger.error({ err: error, request: number }, "intake thread post failed"));
    chains.set(number, next);
    void next.finally(() => {
      if (chains.get(number) === next) chains.delete(number);
    });
  }

  async function nameOf(who: Actor): Promise<string> {
    const person = await recogniseUser(prisma, who.platform, who.externalId);
    return person?.displayName ?? `${PLATFORM_LABELS[who.platform]} user ${who.externalId}`;
  }

  /** Where CCO-SPER hears about requests: the configured conversation of every connected platform. */
  function intakePlaces(): { platform: ChatPlatform; conversationId: string }[] {
    return deps.outbound.connected().flatMap((platform) => {
      const conversationId = deps.intakeConversations[platform];
      return conversationId ? [{ platform, conversationId }] : [];
    });
  }

  /** Starts the request's thread (with its summary card) on every intake platform that has none yet. */
  async function startMissingThreads(number: number): Promise<void> {
    const threads = await prisma.intakeThread.findMany({ where: { requestId: number }, select: { platform: true } });
    for (const place of intakePlaces()) {
      if (threads.some((thread) => thread.platform === place.platform)) continue;
      try {
        await startThread(number, place);
      } catch (error) {
        logger.error(
          { err: error, request: number, platform: place.platform },
          "could not post to the CCO-SPER intake thread",
        );
      }
    }
  }

  /**
   * How this desk announces a step or comment `who` made, in the transaction that records it: in
   * the request's thread on every intake platform that has one (a thread started later shows the
   * step in its summary card), and to the requester by direct message when someone else made it.
   * The outbox posts them, retrying until the platform takes them.
   */
  function announceAs(who: Actor, by: string, describe: (step: string) => string = (step) => step): AnnounceStep {
    return async (tx, request, recorded) => {
      const row = {
        id: request.number,
        kind: request.kind,
        state: request.state,
        version: request.version,
        title: request.title,
      };
      const step = describe(recorded);
      const now = deps.clock();
      const threads = await tx.intakeThread.findMany({ where: { requestId: request.number } });
      const targets = intakePlaces().flatMap((place) => {
        const thread = threads.find((candidate) => candidate.platform === place.platform);
        return thread ? [{ platform: place.platform, target: thread.conversationId, threadId: thread.threadId }] : [];
      });
      await enqueue(tx, { reply: stepReply(row, step, by, "thread"), targets, now });
      const { requester } = request;
      const isRequester = requester.platform === who.platform && requester.externalId === who.externalId;
      // The console has no direct messages: its users ask "status of request N".
      if (isRequester || requester.platform === "CONSOLE") return;
      await enqueue(tx, {
        reply: stepReply(row, step, by, "requester"),
        targets: [{ platform: requester.platform, target: requester.externalId, toPerson: true }],
        now,
      });
    };
  }

  /**
   * Posts the summary card that starts the request's thread on `place`, unless another replica
   * holds the lease to do so, or has done it since the caller looked.
   */
  async function startThread(number: number, place: { platform: ChatPlatform; conversationId: string }): Promise<void> {
    if (!(await claimThreadStart(prisma, number, place.platform, deps.clock()))) return;
    try {
      const existing = await prisma.intakeThread.findUnique({
        where: { requestId_platform: { requestId: number, platform: place.platform } },
      });
      if (existing) return;
      const posted = await deps.outbound
        .port(place.platform)
        .postToConversation(place.conversationId, await summaryCard(number));
      await prisma.intakeThread.create({
        data: {
          requestId: number,
          platform: place.platform,
          conversationId: posted.conversationId,
          threadId: posted.threadId,
        },
      });
    } finally {
      await releaseThreadStart(prisma, number, place.platform);
    }
  }

  /** The request as its thread opens with it: what is proposed, by whom, where it stands, and the next steps' buttons. */
  async function summaryCard(number: number): Promise<Reply> {
    const row = await prisma.intakeRequest.findUniqueOrThrow({
      where: { id: number },
      include: { assignee: { select: { displayName: true } } },
    });
    const proposal = ProposalSchema.parse(row.proposal);
    const requester = await nameOf({ platform: row.requesterPlatform, externalId: row.requesterExternalId });
    return {
      kind: "answer",
      title: `Request ${row.id}: ${row.title}`,
      text: `${stateLabel(row.state)}. Next: ${nextStepHint(assessmentRoute(row.kind), row.state)}`,
      facts: [
        { label: "Request", value: String(row.id), known: true },
        { label: "Kind", value: KIND_FORM_TITLES[row.kind], known: true },
        { label: "Requested by", value: `${requester} (${PLATFORM_LABELS[row.requesterPlatform]})`, known: true },
        { label: "Submitted", value: formatDate(row.submittedAt.toISOString().slice(0, 10)), known: true },
        { label: "Stands at", value: stateLabel(row.state), known: true },
        row.assignee
          ? { label: "Looked after by", value: row.assignee.displayName, known: true }
          : { label: "Looked after by", value: "nobody yet (a coordinator assigns it)", known: false },
        ...proposalFacts(proposal),
      ],
      actions: stepActions(row),
      suggestions: [{ label: `Status of request ${row.id}`, query: `status of request ${row.id}` }],
    };
  }

  /** What changed, for the thread and for the requester. */
  function stepReply(
    row: Pick<IntakeRequest, "id" | "kind" | "state" | "version" | "title">,
    step: string,
    by: string,
    audience: "thread" | "requester",
  ): Reply {
    const route = assessmentRoute(row.kind);
    return {
      kind: "answer",
      title:
        audience === "requester"
          ? `Your request ${row.id}: ${stateLabel(row.state)}`
          : `Request ${row.id}: ${stateLabel(row.state)}`,
      text: step,
      facts: [
        { label: "Request", value: row.title, known: true },
        { label: "By", value: by, known: true },
        { label: "Next", value: nextStepHint(route, row.state), known: true },
      ],
      ...(audience === "thread" ? { actions: stepActions(row) } : {}),
      suggestions: [{ label: `Status of request ${row.id}`, query: `status of request ${row.id}` }],
    };
  }

  async function openForm(formId: string, who: Actor): Promise<FormOpening> {
    const ref = readIntakeFormId(formId);
    if (!ref) return { ok: false, reply: unknownForm() };
    // An opened form gets its own key, so submitting it twice makes one request, not two.
    if (ref.form === "new")
      return { ok: true, form: { ...proposalForm(ref.kind), id: intakeFormId({ ...ref, key: newFormKey() }) } };
    const view = await loadWorkflowView(prisma, ref.number, who);
    if (!view) return { ok: false, reply: { kind: "not-found", text: `There is no request ${ref.number}.` } };
    const { row } = view;
    if (ref.form === "comment") {
      if (!view.isRequester && view.actor.role === "STAFF") {
        return {
          ok: false,
          reply: {
            kind: "refused",
            text: "Only the requester, CCO-SPER coordinators and division representatives can comment on a request.",
          },
        };
      }
      return {
        ok: true,
        form: {
          id: intakeFormId({ form: "comment", number: row.id, key: newFormKey() }),
          title: `Comment on request ${row.id}`,
          intro: row.title,
          submitLabel: "Post comment",
          fields: commentFields(),
        },
      };
    }
    if (ref.version !== row.version) {
      return { ok: false, reply: { kind: "refused", text: movedOn(row) } };
    }
    const refusal = checkMayAttempt(view.workflow, ref.type, view.actor);
    if (refusal) return { ok: false, reply: { kind: "refused", text: refusal.reason } };
    return { ok: true, form: eventForm(formId, row, ref.type, view.actor, await assigneeChoices(ref.type)) };
  }

  function eventForm(
    formId: string,
    row: Pick<IntakeRequest, "id" | "kind" | "state" | "title">,
    type: IntakeEventType,
    actor: { divisionCode: string | null },
    assignees: readonly FormChoice[],
  ): FormSpec {
    const route = assessmentRoute(row.kind);
    return {
      id: formId,
      title: `Request ${row.id}: ${EVENT_BUTTONS[type].label}`,
      intro: `${row.title}. ${nextStepHint(route, row.state)}`,
      submitLabel: EVENT_BUTTONS[type].label,
      fields: eventFields(route, type, actor, assignees),
    };
  }

  async function assigneeChoices(type: IntakeEventType): Promise<FormChoice[]> {
    if (type !== "ASSIGN") return [];
    const people = await assignablePeople(prisma);
    return [...people].map(([id, name]) => ({ value: String(id), label: name }));
  }

  async function submitProposal(
    ref: Extract<IntakeFormRef, { form: "new" }>,
    values: FormValues,
    who: Actor,
  ): Promise<FormResult> {
    const { kind } = ref;
    const form = proposalForm(kind);
    const { input, slots } = proposalInput(kind, values);
    const outcome = await submitRequest(prisma, {
      kind,
      input,
      requester: who,
      now: deps.clock(),
      ...(ref.key ? { submissionKey: `${who.platform}:${who.externalId}:${ref.key}` } : {}),
    });
    if (!outcome.ok) {
      const errors: Record<string, string> = {};
      for (const problem of outcome.problems)
        addError(errors, fieldOfProblem(form, problem, slots), `${problem.message}.`);
      const refusals = outcome.findings.filter((finding) => finding.severity === "refusal");
      for (const finding of refusals) addError(errors, fieldOfFinding(form, finding), findingText(finding));
      const items: ListItem[] = [
        ...outcome.problems.map((problem) => ({ text: describeProblem(problem) })),
        ...refusals.map((finding) => ({ text: findingText(finding) })),
      ];
      return {
        status: "invalid",
        errors,
        reply: {
          kind: "refused",
          title: `${KIND_FORM_TITLES[kind]} not submitted`,
          text:
            outcome.problems.length > 0
              ? `${items.length === 1 ? "One element is" : `${items.length} elements are`} missing or invalid; correct ${items.length === 1 ? "it" : "them"} and submit again. Nothing was stored.`
              : "The proposal does not meet the policy as written; change it and submit again. Nothing was stored.",
          lists: [{ title: "To correct", items, total: items.length }],
        },
      };
    }
    const { request } = outcome;
    if (outcome.repeated) {
      return {
        status: "done",
        reply: {
          kind: "answer",
          title: `Request ${request.number} was already submitted`,
          text: `This form was submitted before, as request ${request.number} (${request.title}); nothing new was made. It stands at "${stateLabel(request.state)}".`,
          suggestions: [{ label: `Status of request ${request.number}`, query: `status of request ${request.number}` }],
        },
      };
    }
    inOrder(request.number, () => startMissingThreads(request.number));
    const places = intakePlaces();
    const notes = outcome.findings.map((finding) => ({ text: findingText(finding) }));
    return {
      status: "done",
      reply: {
        kind: "answer",
        title: `Request ${request.number} submitted to CCO-SPER`,
        text:
          `${request.title}. It stands at "${stateLabel(request.state)}". Next: ${nextStepHint(assessmentRoute(request.kind), request.state)} ` +
          (places.length > 0
            ? `It is posted in CCO-SPER's intake channel (${places.map((place) => PLATFORM_LABELS[place.platform]).join(" and ")}); you will get a message here at every step.`
            : "CCO-SPER's intake channel is not configured on this bot, so coordinators will find it by asking what is waiting; you will get a message at every step."),
        ...(notes.length > 0 ? { lists: [{ title: "For CCO-SPER to weigh", items: notes, total: notes.length }] } : {}),
        actions: [
          {
            label: "Add a comment",
            formId: intakeFormId({ form: "comment", number: request.number }),
            hasFields: true,
          },
          {
            label: "Withdraw",
            formId: intakeFormId({ form: "event", number: request.number, version: request.version, type: "WITHDRAW" }),
            hasFields: true,
            style: "danger",
          },
        ],
        suggestions: [
          { label: `Status of request ${request.number}`, query: `status of request ${request.number}` },
          { label: "My requests", query: "my requests" },
        ],
      },
    };
  }

  async function submitStep(
    ref: Extract<IntakeFormRef, { form: "event" }>,
    values: FormValues,
    who: Actor,
  ): Promise<FormResult> {
    const view = await loadWorkflowView(prisma, ref.number, who);
    if (!view) return refused(`There is no request ${ref.number}.`);
    if (ref.version !== view.row.version) return refused(movedOn(view.row));
    const fields = eventFields(view.route, ref.type, view.actor, await assigneeChoices(ref.type));
    const parsed = IntakeEventSchema.safeParse(eventInput(view.route, ref.type, values));
    if (!parsed.success) {
      const errors: Record<string, string> = {};
      for (const issue of parsed.error.issues) {
        addError(errors, fieldOfEventIssue(view.route, ref.type, issue.path, fields), `${issue.message}.`);
      }
      return {
        status: "invalid",
        errors,
        reply: {
          kind: "refused",
          text: "Nothing was recorded; correct these and submit again.",
          lists: [{ items: Object.values(errors).map((text) => ({ text })), total: Object.keys(errors).length }],
        },
      };
    }
    const by = await nameOf(who);
    const outcome = await advanceRequest(prisma, {
      number: ref.number,
      event: parsed.data,
      actor: who,
      now: deps.clock(),
      expectedVersion: ref.version,
      announce: announceAs(who, by),
    });
    if (!outcome.ok) {
      if (outcome.code === "over-signing-authority" || (outcome.code === "invalid" && fields.length > 0)) {
        const field = outcome.code === "over-signing-authority" ? "signingAuthority" : (fields[0]?.name ?? "");
        return {
          status: "invalid",
          errors: { [field]: outcome.reason },
          reply: { kind: "refused", text: `Nothing was recorded: ${outcome.reason}` },
        };
      }
      return refused(outcome.reason);
    }
    const { request } = outcome;
    // The step's posts are queued with it; a platform without the request's thread yet gets one now.
    inOrder(request.number, async () => {
      await startMissingThreads(request.number);
      await deps.drain?.();
    });
    return {
      status: "done",
      reply: {
        kind: "answer",
        title: `Request ${request.number}: ${stateLabel(request.state)}`,
        text: `Recorded. ${outcome.step}`,
        suggestions: [{ label: `Status of request ${request.number}`, query: `status of request ${request.number}` }],
      },
    };
  }

  async function submitComment(
    ref: Extract<IntakeFormRef, { form: "comment" }>,
    values: FormValues,
    who: Actor,
  ): Promise<FormResult> {
    const { number } = ref;
    const by = await nameOf(who);
    const outcome = await commentOnRequest(prisma, {
      number,
      text: values.text ?? "",
      actor: who,
      now: deps.clock(),
      ...(ref.key ? { submissionKey: `${who.platform}:${who.externalId}:${ref.key}` } : {}),
      announce: announceAs(who, by, (text) => `${by} commented: ${text}`),
    });
    if (!outcome.ok) {
      if (outcome.code === "invalid") {
        return {
          status: "invalid",
          errors: { text: outcome.reason },
          reply: { kind: "refused", text: outcome.reason },
        };
      }
      return refused(outcome.reason);
    }
    if (outcome.repeated) {
      return {
        status: "done",
        reply: { kind: "answer", text: `That comment is already on request ${number}'s record.` },
      };
    }
    inOrder(number, async () => {
      await startMissingThreads(number);
      await deps.drain?.();
    });
    return {
      status: "done",
      reply: { kind: "answer", text: `Your comment is on request ${number}'s record and posted in its thread.` },
    };
  }

  return {
    newRequestReply,
    openForm,
    async submitForm(formId, values, who) {
      const ref = readIntakeFormId(formId);
      if (!ref) return { status: "refused", reply: unknownForm() };
      if (ref.form === "new") return submitProposal(ref, values, who);
      if (ref.form === "comment") return submitComment(ref, values, who);
      return submitStep(ref, values, who);
    },
    async announceUnthreaded() {
      const platforms = intakePlaces().map((place) => place.platform);
      if (platforms.length === 0) return 0;
      const open = await prisma.intakeRequest.findMany({
        where: {
          state: { notIn: [...TERMINAL_STATES] },
          OR: platforms.map((platform) => ({ threads: { none: { platform } } })),
        },
        select: { id: true },
        orderBy: { id: "asc" },
      });
      // Each goes through its request's chain, which reads the threads again: one already being
      // started by a submission is not started twice.
      for (const { id } of open) inOrder(id, () => startMissingThreads(id));
      return open.length;
    },
    owns: (formId) => readIntakeFormId(formId) !== null,
    async settled() {
      while (chains.size > 0) await Promise.all([...chains.values()]);
    },
  };
}

/** The buttons to start a request: one kind's form, or every kind to choose from. */
export function newRequestReply(kind?: IntakeKind | null): Reply {
  const kinds = kind ? [kind] : KIND_CHOICE_ORDER;
  return {
    kind: "answer",
    title: kind ? `New ${KIND_FORM_TITLES[kind]}` : "New request to CCO-SPER",
    text: kind
      ? kind === "MOU_REQUEST"
        ? "MOUs are discontinued (2024 report, Recommendation 3): an MOU request is made as an International Project proposal. Open the form to fill it in."
        : "Open the form to fill it in; CCO-SPER, the single point of entry since 2024, takes it from there."
      : "Every request for a new international relationship goes to CCO-SPER. What would you like to bring?",
    actions: kinds.map((choice) => ({
      label: KIND_FORM_TITLES[choice],
      formId: intakeFormId({ form: "new", kind: choice }),
      hasFields: true,
      ...(kind ? { style: "primary" as const } : {}),
    })),
    suggestions: [{ label: "How do I propose a partner city?", query: "how do I propose a partnership city?" }],
  };
}

/** A one-time key for an opened form. */
function newFormKey(): string {
  return randomUUID().replaceAll("-", "");
}

function unknownForm(): Reply {
  return {
    kind: "refused",
    text: 'That button belongs to a form this bot no longer knows. Ask again (for example "new request") to get a fresh one.',
  };
}

function movedOn(row: Pick<IntakeRequest, "id" | "state">): string {
  return (
    `Request ${row.id} has changed since this button was made (it is now at "${stateLabel(row.state)}"), so ` +
    "nothing was recorded: it was already done, or someone else acted first. Use the buttons on the latest " +
    "message in its thread."
  );
}

function findingText(finding: ProposalFinding): string {
  return finding.source?.quote ? `${finding.message} The policy: “${finding.source.quote}”` : finding.message;
}

const fact = (label: string, value: string | null | undefined): Fact =>
  value ? { label, value, known: true } : { label, value: "not given", known: false };

function proposalFacts(proposal: Proposal): Fact[] {
  switch (proposal.kind) {
    case "PARTNERSHIP_CITY":
      return [
        fact("Candidate city", `${proposal.candidateCity}, ${proposal.country}`),
        fact("Signatory", COUNTERPARTY_KIND_LABELS[proposal.counterpartyKind]),
        fact("Term", `${formatDate(proposal.termStart)} to ${formatDate(proposal.termEnd)}`),
        fact("Goals", proposal.goals),
        fact("Activities", proposal.activities.map((activity) => activity.description).join("; ")),
        fact("Requesting division", proposal.requestingDivision),
      ];
    case "INTERNATIONAL_PROJECT":
    case "MOU_REQUEST":
      return [
        fact("Candidate city", `${proposal.candidateCity}, ${proposal.country}`),
        fact("Signatory", COUNTERPARTY_KIND_LABELS[proposal.counterpartyKind]),
        fact("Term", `${formatDate(proposal.termStart)} to ${formatDate(proposal.termEnd)}`),
        fact("Project", proposal.project.name),
        fact("Anticipated cost", `CAD ${proposal.anticipatedCostCad.toLocaleString("en-CA")}`),
        fact("Requesting division", proposal.requestingDivision),
      ];
    case "INBOUND_DELEGATION":
      return [
        fact("Visiting from", proposal.visitingFrom),
        fact("Visit", `${formatDate(proposal.visitStart)} to ${formatDate(proposal.visitEnd)}`),
        fact("Purpose", proposal.purpose),
      ];
    case "RENEWAL":
      return [fact("Agreement", proposal.agreementName), fact("Why renew", proposal.reasonToRenew)];
  }
}
