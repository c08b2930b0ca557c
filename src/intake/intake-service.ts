import { type Actor, recordAudit } from "../audit/audit-log.js";
import type { IntakeRequest, IntakeState, Prisma, PrismaClient } from "../generated/prisma/client.js";
import { type KnownPerson, recogniseUser } from "../people/recognise-user.js";
import { normalizeName } from "../registry/normalize-name.js";
import { text } from "./form-fields.js";
import { checklistFor } from "./initial-assessment.js";
import { assessmentRoute, type IntakeKind } from "./intake-kind.js";
import {
  type CapacityRecord,
  CapacityRecordSchema,
  decide,
  type IntakeEvent,
  IntakeEventSchema,
  stateLabel,
  type WorkflowActor,
  type WorkflowRequest,
} from "./intake-workflow.js";
import { checkProposal, type ExistingAgreement, isAcceptable, type ProposalFinding } from "./proposal-checks.js";
import { type Proposal, type ProposalProblem, ProposalSchema, validateProposal } from "./proposal-schema.js";
import { registerApprovedAgreement } from "./register-approved-agreement.js";

/** Stands for an unregistered requester's own chat identity; no person has this id. */
const UNKNOWN_REQUESTER = -1;

/** A request as the adapters show it. */
export interface IntakeSummary {
  readonly number: number;
  readonly kind: IntakeKind;
  readonly state: IntakeState;
  readonly title: string;
  readonly requester: Actor;
  readonly version: number;
  readonly agreementId: number | null;
}

export type SubmitOutcome =
  | {
      readonly ok: true;
      readonly request: IntakeSummary;
      readonly findings: readonly ProposalFinding[];
      /** True when this form was submitted before (a double click): `request` is the one it made then. */
      readonly repeated: boolean;
    }
  | {
      readonly ok: false;
      /** Every missing or invalid element, at once. */
      readonly problems: readonly ProposalProblem[];
      /** The policy checks; a refusal among them is why a complete proposal was not accepted. */
      readonly findings: readonly ProposalFinding[];
    };

/**
 * Writes, in the transaction that records a step or comment, what announces it (the outbox posts
 * to its threads and to the requester), so one is never recorded without the other. Gets the
 * request as it stands after the step, and the step's summary (a comment's text).
 */
export type AnnounceStep = (tx: Prisma.TransactionClient, request: IntakeSummary, step: string) => Promise<void>;

export type AdvanceOutcome =
  | { readonly ok: true; readonly request: IntakeSummary; readonly from: IntakeState; readonly step: string }
  | {
      readonly ok: false;
      readonly code:
        | "not-found"
        | "not-permitted"
        | "illegal-transition"
        | "invalid"
        | "over-signing-authority"
        | "conflict";
      readonly reason: string;
    };

const summaryOf = (row: {
  id: number;
  kind: IntakeKind;
  state: IntakeState;
  title: string;
  requesterPlatform: Actor["platform"];
  requesterExternalId: string;
  version: number;
  agreementId: number | null;
}): IntakeSummary => ({
  number: row.id,
  kind: row.kind,
  state: row.state,
  title: row.title,
  requester: { platform: row.requesterPlatform, externalId: row.requesterExternalId },
  version: row.version,
  agreementId: row.agreementId,
});

const KIND_TITLES: Record<IntakeKind, string> = {
  PARTNERSHIP_CITY: "Partnership City proposal",
  INTERNATIONAL_PROJECT: "International Project proposal",
  MOU_REQUEST: "MOU request (as an International Project proposal)",
  INBOUND_DELEGATION: "Inbound delegation",
  RENEWAL: "Renewal enquiry",
};

function titleOf(proposal: Proposal): string {
  const subject =
    proposal.kind === "INBOUND_DELEGATION"
      ? proposal.visitingFrom
      : proposal.kind === "RENEWAL"
        ? proposal.agreementName
        : proposal.candidateCity;
  return `${KIND_TITLES[proposal.kind]}: ${subject}`;
}

/**
 * Agreements the registry holds under exactly the name a requester typed (any alias, accents and
 * case folded). Not the fuzzy matching questions get: "Lyon" would find Lisbon.
 */
async function existingAgreements(prisma: PrismaClient, name: string): Promise<ExistingAgreement[]> {
  const rows = await prisma.agreement.findMany({
    where: { aliases: { some: { normalized: normalizeName(name) } } },
    select: { counterpartyName: true, category: true },
  });
  return rows.map((row) => ({ name: row.counterpartyName, category: row.category }));
}

/**
 * Opens a request: validated element by element, then checked against the policy's mechanical
 * rules. Nothing is stored unless it is complete and acceptable; then the request, its first
 * step and the audit entry are written in one transaction.
 */
export async function submitRequest(
  prisma: PrismaClient,
  submission: {
    readonly kind: IntakeKind;
    readonly input: unknown;
    readonly requester: Actor;
    readonly now: Date;
    /** The opened form's one-time key: submitted again, the form makes no second request. */
    readonly submissionKey?: string;
  },
): Promise<SubmitOutcome> {
  const validation = validateProposal(submission.kind, submission.input);
  if (!validation.ok) return { ok: false, problems: validation.problems, findings: [] };
  const proposal = validation.proposal;
  const findings = await checkProposal(proposal, (name) => existingAgreements(prisma, name));
  if (!isAcceptable(findings)) return { ok: false, problems: [], findings };

  const person = await recogniseUser(prisma, submission.requester.platform, submission.requester.externalId);
  const request = await prisma.$transaction(async (tx) => {
    // ON CONFLICT DO NOTHING on the key: of two submissions of one form, the second makes nothing.
    const [row] = await tx.intakeRequest.createManyAndReturn({
      skipDuplicates: true,
      data: {
        submissionKey: submission.submissionKey ?? null,
        kind: submission.kind,
        title: titleOf(proposal),
        proposal: proposal as Prisma.InputJsonValue,
        requesterPersonId: person?.personId ?? null,
        requesterPlatform: submission.requester.platform,
        requesterExternalId: submission.requester.externalId,
        submittedAt: submission.now,
      },
    });
    if (!row) return null;
    await tx.intakeStep.create({
      data: {
        requestId: row.id,
        fromState: null,
        toState: "SUBMITTED",
        event: { type: "SUBMIT" },
        summary: `Submitted to CCO-SPER: ${row.title}.`,
        actorPlatform: submission.requester.platform,
        actorExternalId: submission.requester.externalId,
        at: submission.now,
      },
    });
    await recordAudit(tx, {
      actor: submission.requester,
      action: "intake.submit",
      entity: "IntakeRequest",
      entityId: row.id,
      after: { state: row.state, kind: row.kind, proposal },
      at: submission.now,
    });
    return row;
  });
  if (request) return { ok: true, request: summaryOf(request), findings, repeated: false };
  const earlier = await prisma.intakeRequest.findUniqueOrThrow({ where: { submissionKey: submission.submissionKey } });
  return { ok: true, request: summaryOf(earlier), findings, repeated: true };
}

/**
 * Applies one workflow event to a request. The state machine (intake-workflow.ts) decides; this
 * writes the outcome in one transaction, guarded by the request's version: of two coordinators
 * deciding at once, or a button clicked twice, exactly one change is recorded.
 */
export async function advanceRequest(
  prisma: PrismaClient,
  command: {
    readonly number: number;
    readonly event: unknown;
    readonly actor: Actor;
    readonly now: Date;
    /** The version the actor saw (a button's); any change since makes this a conflict, not a second transition. */
    readonly expectedVersion?: number;
    readonly announce?: AnnounceStep;
  },
): Promise<AdvanceOutcome> {
  const parsed = IntakeEventSchema.safeParse(command.event);
  if (!parsed.success) {
    return { ok: false, code: "invalid", reason: parsed.error.issues.map((issue) => issue.message).join("; ") };
  }
  const event: IntakeEvent = parsed.data;
  const view = await loadWorkflowView(prisma, command.number, command.actor);
  if (!view) return { ok: false, code: "not-found", reason: `There is no request ${command.number}.` };
  const { row, route, proposal, capacity, workflow, actor } = view;
  if (command.expectedVersion !== undefined && command.expectedVersion !== row.version) {
    return conflict(row.id, row.state);
  }
  const decision = decide(workflow, event, actor, {
    checklistKeys: route === "ENQUIRY" ? [] : checklistFor(route).questions.map((question) => question.key),
    assignable: event.type === "ASSIGN" ? await assignablePeople(prisma) : undefined,
  });
  if (!decision.ok) return decision;

  return prisma.$transaction(async (tx) => {
    const nextCapacity: CapacityRecord[] = decision.record ? [...capacity, decision.record] : capacity;
    const claimed = await tx.intakeRequest.updateMany({
      where: { id: row.id, version: row.version },
      data: {
        state: decision.to,
        version: { increment: 1 },
        capacity: nextCapacity as unknown as Prisma.InputJsonValue,
        ...(event.type === "ASSIGN" ? { assigneePersonId: event.personId } : {}),
      },
    });
    if (claimed.count === 0) {
      const now = await tx.intakeRequest.findUniqueOrThrow({ where: { id: row.id }, select: { state: true } });
      return conflict(row.id, now.state);
    }
    let agreementId = row.agreementId;
    if (decision.to === "APPROVED" && proposal.kind !== "INBOUND_DELEGATION" && proposal.kind !== "RENEWAL") {
      agreementId = await registerApprovedAgreement(tx, {
        requestId: row.id,
        category: route === "PARTNERSHIP_CITY" ? "PARTNERSHIP_CITY" : "INTERNATIONAL_PROJECT",
        counterpartyName: proposal.candidateCity,
        city: proposal.candidateCity,
        country: proposal.country,
        counterpartyKind: proposal.counterpartyKind,
        termStart: proposal.termStart,
        termEnd: proposal.termEnd,
        renewalOption: proposal.kind === "PARTNERSHIP_CITY" ? proposal.renewalOption : false,
        leadDivision: proposal.requestingDivision ?? null,
        projects:
          proposal.kind === "PARTNERSHIP_CITY"
            ? proposal.activities.map((activity, index) => ({
                name: `Activity ${index + 1}`,
                objective: proposal.goals,
                activity: activity.description,
                measure: null,
                assignee: null,
                resources: `${activity.financialResources}; ${activity.staffingResources}`,
                startDate: proposal.termStart,
                endDate: proposal.termEnd,
              }))
            : [
                {
                  name: proposal.project.name,
                  objective: proposal.project.objective,
                  activity: proposal.project.activity,
                  measure: proposal.project.measure,
                  assignee: proposal.project.assignee,
                  resources: proposal.project.resources,
                  startDate: proposal.termStart,
                  endDate: proposal.project.endDate,
                },
              ],
        source: { document: `intake request ${row.id}`, locator: "approval", quote: decision.step },
      });
      await tx.intakeRequest.update({ where: { id: row.id }, data: { agreementId } });
    }
    await tx.intakeStep.create({
      data: {
        requestId: row.id,
        fromState: decision.from,
        toState: decision.to,
        event: event as Prisma.InputJsonValue,
        summary: decision.step,
        actorPlatform: command.actor.platform,
        actorExternalId: command.actor.externalId,
        at: command.now,
      },
    });
    await recordAudit(tx, {
      actor: command.actor,
      action: "intake.transition",
      entity: "IntakeRequest",
      entityId: row.id,
      before: { state: row.state, version: row.version, assigneePersonId: row.assigneePersonId },
      after: {
        state: decision.to,
        version: row.version + 1,
        event,
        agreementId,
        assigneePersonId: event.type === "ASSIGN" ? event.personId : row.assigneePersonId,
      },
      at: command.now,
    });
    const request = summaryOf({ ...row, state: decision.to, version: row.version + 1, agreementId });
    await command.announce?.(tx, request, decision.step);
    return { ok: true as const, from: decision.from, step: decision.step, request };
  });
}

function conflict(number: number, state: IntakeState): AdvanceOutcome {
  return {
    ok: false,
    code: "conflict",
    reason:
      `Request ${number} changed before this reached it (it is now at "${stateLabel(state)}"), so nothing was ` +
      "recorded: it was already done, or someone else acted first. Look at the latest message in its thread and " +
      "act from there if still needed.",
  };
}

/** A request as the workflow sees it, and the actor as the workflow sees them. */
export interface WorkflowView {
  readonly row: IntakeRequest;
  readonly route: ReturnType<typeof assessmentRoute>;
  readonly proposal: Proposal;
  readonly capacity: CapacityRecord[];
  readonly workflow: WorkflowRequest;
  readonly actor: WorkflowActor;
  readonly isRequester: boolean;
  readonly actorPerson: KnownPerson | null;
}

/** Loads request `number` for the workflow, with `actor` recognised; null when there is no such request. */
export async function loadWorkflowView(prisma: PrismaClient, number: number, who: Actor): Promise<WorkflowView | null> {
  const [row, person] = await Promise.all([
    prisma.intakeRequest.findUnique({ where: { id: number } }),
    recogniseUser(prisma, who.platform, who.externalId),
  ]);
  if (!row) return null;
  const route = assessmentRoute(row.kind);
  const proposal = ProposalSchema.parse(row.proposal);
  const capacity = CapacityRecordSchema.array().parse(row.capacity);
  // The requester is whoever submitted from this chat identity, known to the registry or not; an
  // unknown requester has no person id, so the workflow gets one stand-in id for "this identity".
  const isRequester = row.requesterPlatform === who.platform && row.requesterExternalId === who.externalId;
  const actor: WorkflowActor = {
    personId: person?.personId ?? (isRequester ? UNKNOWN_REQUESTER : null),
    role: person?.role ?? "STAFF",
    divisionCode: person?.divisionCode ?? null,
  };
  const workflow: WorkflowRequest = {
    route,
    state: row.state,
    requesterPersonId: isRequester ? actor.personId : (row.requesterPersonId ?? null),
    anticipatedCost: "anticipatedCostCad" in proposal ? proposal.anticipatedCostCad : null,
    capacity,
  };
  return { row, route, proposal, capacity, workflow, actor, isRequester, actorPerson: person };
}

export type CommentOutcome =
  | {
      readonly ok: true;
      readonly request: IntakeSummary;
      readonly text: string;
      /** True when this comment form was submitted before: nothing new was recorded. */
      readonly repeated: boolean;
    }
  | { readonly ok: false; readonly code: "not-found" | "not-permitted" | "invalid"; readonly reason: string };

const CommentSchema = text(200_000).min(1, "write something to comment");

/**
 * Adds a comment to a request's record (its thread shows it). The requester, coordinators and
 * division representatives may comment; a comment changes no state, so it does not bump the version.
 */
export async function commentOnRequest(
  prisma: PrismaClient,
  command: {
    readonly number: number;
    readonly text: unknown;
    readonly actor: Actor;
    readonly now: Date;
    /** The opened comment form's one-time key: submitted twice, the comment is recorded once. */
    readonly submissionKey?: string;
    readonly announce?: AnnounceStep;
  },
): Promise<CommentOutcome> {
  const parsed = CommentSchema.safeParse(command.text);
  if (!parsed.success) return { ok: false, code: "invalid", reason: `Comment ${parsed.error.issues[0]?.message}` };
  const view = await loadWorkflowView(prisma, command.number, command.actor);
  if (!view) return { ok: false, code: "not-found", reason: `There is no request ${command.number}.` };
  if (!view.isRequester && view.actor.role === "STAFF") {
    return {
      ok: false,
      code: "not-permitted",
      reason: "Only the requester, CCO-SPER coordinators and division representatives can comment on a request.",
    };
  }
  const { row } = view;
  const recorded = await prisma.$transaction(async (tx) => {
    const { count } = await tx.intakeStep.createMany({
      skipDuplicates: true,
      data: {
        requestId: row.id,
        fromState: row.state,
        toState: row.state,
        event: { type: "COMMENT", text: parsed.data },
        summary: `Comment: ${parsed.data}`,
        submissionKey: command.submissionKey ?? null,
        actorPlatform: command.actor.platform,
        actorExternalId: command.actor.externalId,
        at: command.now,
      },
    });
    if (count === 0) return false;
    await recordAudit(tx, {
      actor: command.actor,
      action: "intake.comment",
      entity: "IntakeRequest",
      entityId: row.id,
      after: { text: parsed.data },
      at: command.now,
    });
    await command.announce?.(tx, summaryOf(row), parsed.data);
    return true;
  });
  return { ok: true, request: summaryOf(row), text: parsed.data, repeated: !recorded };
}

/** Who a request may be given to: CCO-SPER coordinators and division representatives, by person id. */
export async function assignablePeople(prisma: PrismaClient): Promise<Map<number, string>> {
  const people = await prisma.person.findMany({
    where: { role: { in: ["COORDINATOR", "DIVISION_REP"] } },
    select: { id: true, displayName: true, role: true, division: { select: { code: true } } },
    orderBy: [{ role: "asc" }, { displayName: "asc" }],
  });
  return new Map(
    people.map((person) => [
      person.id,
      person.division ? `${person.displayName} (${person.division.code})` : person.displayName,
    ]),
  );
}
