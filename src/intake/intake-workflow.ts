import { z } from "zod";
import { amountCad, isoDate, text, yesNo } from "./form-fields.js";
import type { ProposalKind } from "./intake-kind.js";

/**
 * The intake workflow as one explicit state machine: the four-step assessment of the 2024
 * framework (2024 report, Attachments 2 and 3) for proposals, and a short path for enquiries.
 * Pure: `decide` reads no database and no clock; the caller loads the request, applies the
 * decision and records it.
 */

export const INTAKE_STATES = [
  "SUBMITTED",
  "INITIAL_ASSESSMENT",
  "CAPACITY_ASSESSMENT",
  "APPROVAL",
  "APPROVED",
  "DECLINED",
  "WITHDRAWN",
  "CLOSED",
] as const;
export const IntakeStateSchema = z.enum(INTAKE_STATES);
export type IntakeState = z.infer<typeof IntakeStateSchema>;

/** States nothing leaves. CLOSED is reached by enquiries only. */
export const TERMINAL_STATES = [
  "APPROVED",
  "DECLINED",
  "WITHDRAWN",
  "CLOSED",
] as const satisfies readonly IntakeState[];

/** Where a request is assessed: `assessmentRoute(kind)` in intake-kind.ts. */
export type WorkflowRoute = ProposalKind | "ENQUIRY";

/** Notes and reasons take a pasted document, like proposal descriptions (proposal-schema.ts). */
const MAX_NOTE = 200_000;
const MAX_NAME = 300;

const requiredText = (max: number, what: string) => text(max).min(1, `${what} is required`);

/** Optional text: absent, null or blank all mean "not given" (the key is left out). */
const optionalText = (max: number) =>
  z.preprocess(
    (value) => (value === null || (typeof value === "string" && value.trim() === "") ? undefined : value),
    text(max).optional(),
  );

/** One answered question of the Step 2 checklist; `key` is a key of initial-assessment.ts. */
export const AssessedElementSchema = z.object({
  key: requiredText(100, "the element key"),
  positive: yesNo,
  note: optionalText(MAX_NOTE),
});
export type AssessedElement = z.infer<typeof AssessedElementSchema>;

export const SIGNING_OFFICIALS = ["CITY_MANAGER", "DEPUTY_CITY_MANAGER", "DIVISION_HEAD"] as const;
export const SigningOfficialSchema = z.enum(SIGNING_OFFICIALS, {
  error: "must be CITY_MANAGER, DEPUTY_CITY_MANAGER or DIVISION_HEAD",
});
export type SigningOfficial = z.infer<typeof SigningOfficialSchema>;

const SIGNING_OFFICIAL_LABELS: Record<SigningOfficial, string> = {
  CITY_MANAGER: "City Manager",
  DEPUTY_CITY_MANAGER: "Deputy City Manager",
  DIVISION_HEAD: "Division Head",
};

/** Everything that can happen to a request after it is submitted; adapters validate payloads with it. */
export const IntakeEventSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("START_INITIAL_ASSESSMENT") }),
  z.object({
    type: z.literal("RECORD_INITIAL_ASSESSMENT"),
    elements: z.array(AssessedElementSchema).min(1, "at least one assessed element is required").max(50),
  }),
  z.object({
    type: z.literal("RECORD_CAPACITY"),
    divisionCode: requiredText(50, "the division code"),
    staffing: yesNo,
    budget: yesNo,
    organisational: yesNo,
    note: optionalText(MAX_NOTE),
  }),
  z.object({ type: z.literal("COMPLETE_CAPACITY_ASSESSMENT") }),
  z.object({
    type: z.literal("RECORD_COUNCIL_DECISION"),
    approved: yesNo,
    /** The Council meeting, e.g. "City Council meeting of June 26, 2026 (item EX15.3)". */
    meeting: requiredText(MAX_NAME, "the Council meeting"),
    decidedOn: isoDate,
  }),
  z.object({
    type: z.literal("RECORD_SIGNING"),
    official: SigningOfficialSchema,
    name: requiredText(MAX_NAME, "the name of the official who signed"),
    /** The official's financial signing authority, in Canadian dollars. */
    signingAuthority: amountCad,
    signedOn: isoDate,
  }),
  z.object({ type: z.literal("DECLINE"), reason: requiredText(MAX_NOTE, "a reason") }),
  z.object({ type: z.literal("WITHDRAW"), reason: optionalText(MAX_NOTE) }),
  z.object({ type: z.literal("CLOSE_ENQUIRY"), note: requiredText(MAX_NOTE, "a note") }),
  /** Gives the request to a coordinator or division representative to look after; the state stays. */
  z.object({
    type: z.literal("ASSIGN"),
    personId: z.coerce
      .number({ error: "choose who looks after the request" })
      .int()
      .min(1, "choose who looks after the request"),
  }),
]);
export type IntakeEvent = z.infer<typeof IntakeEventSchema>;
export type IntakeEventType = IntakeEvent["type"];
export const INTAKE_EVENT_TYPES = IntakeEventSchema.options.map(
  (option) => option.shape.type.value,
) as readonly IntakeEventType[];

/** One division's Step 3 assessment: is each kind of resource available? Stored on the request. */
export const CapacityRecordSchema = z.object({
  divisionCode: z.string().min(1),
  staffing: z.boolean(),
  budget: z.boolean(),
  organisational: z.boolean(),
  note: z.string().nullable(),
});
export type CapacityRecord = z.infer<typeof CapacityRecordSchema>;

type StateTransitions = { readonly [event in IntakeEventType]?: readonly IntakeState[] };
type RouteTransitions = { readonly [state in IntakeState]: StateTransitions };

const NONE: StateTransitions = {};
const ABANDON = { DECLINE: ["DECLINED"], WITHDRAW: ["WITHDRAWN"] } as const satisfies StateTransitions;

const assessment = (approval: StateTransitions): RouteTransitions => ({
  SUBMITTED: { START_INITIAL_ASSESSMENT: ["INITIAL_ASSESSMENT"], ASSIGN: ["SUBMITTED"], ...ABANDON },
  // Only proposals assessed positively on every element may proceed to Step 3.
  INITIAL_ASSESSMENT: {
    RECORD_INITIAL_ASSESSMENT: ["CAPACITY_ASSESSMENT", "DECLINED"],
    ASSIGN: ["INITIAL_ASSESSMENT"],
    ...ABANDON,
  },
  CAPACITY_ASSESSMENT: {
    RECORD_CAPACITY: ["CAPACITY_ASSESSMENT"],
    COMPLETE_CAPACITY_ASSESSMENT: ["APPROVAL", "DECLINED"],
    ASSIGN: ["CAPACITY_ASSESSMENT"],
    ...ABANDON,
  },
  APPROVAL: { ...approval, ASSIGN: ["APPROVAL"], ...ABANDON },
  APPROVED: NONE,
  DECLINED: NONE,
  WITHDRAWN: NONE,
  CLOSED: NONE,
});

/**
 * Route × state × event → the states the event may lead to. An event absent here is an illegal
 * transition; guards (who may act, checklist, resources, signing authority) pick the target.
 */
export const TRANSITIONS: { readonly [route in WorkflowRoute]: RouteTransitions } = {
  // Step 4: formal approval by City Council (Attachment 2).
  PARTNERSHIP_CITY: assessment({ RECORD_COUNCIL_DECISION: ["APPROVED", "DECLINED"] }),
  // Step 4: no Council resolution; execution within the signer's financial signing authority (Attachment 3).
  INTERNATIONAL_PROJECT: assessment({ RECORD_SIGNING: ["APPROVED"] }),
  // An enquiry is answered by a coordinator, not assessed.
  ENQUIRY: {
    SUBMITTED: { CLOSE_ENQUIRY: ["CLOSED"], ASSIGN: ["SUBMITTED"], WITHDRAW: ["WITHDRAWN"] },
    INITIAL_ASSESSMENT: NONE,
    CAPACITY_ASSESSMENT: NONE,
    APPROVAL: NONE,
    APPROVED: NONE,
    DECLINED: NONE,
    WITHDRAWN: NONE,
    CLOSED: NONE,
  },
};

/** Who may cause an event: a CCO-SPER coordinator, a division representative for their own division, the requester. */
export type WorkflowParty = "COORDINATOR" | "DIVISION_REP_OF_DIVISION" | "REQUESTER";

export const PERMITTED_PARTIES: { readonly [event in IntakeEventType]: readonly WorkflowParty[] } = {
  START_INITIAL_ASSESSMENT: ["COORDINATOR"],
  RECORD_INITIAL_ASSESSMENT: ["COORDINATOR"],
  // Step 3 is by CCO-SPER and the division(s) most directly responsible.
  RECORD_CAPACITY: ["COORDINATOR", "DIVISION_REP_OF_DIVISION"],
  COMPLETE_CAPACITY_ASSESSMENT: ["COORDINATOR"],
  RECORD_COUNCIL_DECISION: ["COORDINATOR"],
  RECORD_SIGNING: ["COORDINATOR"],
  DECLINE: ["COORDINATOR"],
  WITHDRAW: ["REQUESTER", "COORDINATOR"],
  CLOSE_ENQUIRY: ["COORDINATOR"],
  ASSIGN: ["COORDINATOR"],
};

export interface WorkflowRequest {
  readonly route: WorkflowRoute;
  readonly state: IntakeState;
  /** The requester's Person id; null when they were not a recognised person. */
  readonly requesterPersonId: number | null;
  /** The International Project's anticipated project cost in Canadian dollars; null when not given. */
  readonly anticipatedCost: number | null;
  /** Step 3 assessments recorded so far, oldest first; a later record for a division replaces an earlier one. */
  readonly capacity: readonly CapacityRecord[];
}

/** Who is acting; an unknown user is `{ personId: null, role: "STAFF", divisionCode: null }`. */
export interface WorkflowActor {
  readonly personId: number | null;
  readonly role: "COORDINATOR" | "DIVISION_REP" | "STAFF";
  readonly divisionCode: string | null;
}

export interface DecideOptions {
  /** The Step 2 checklist keys of the request's route (initial-assessment.ts); empty for enquiries. */
  readonly checklistKeys: readonly string[];
  /** Who may be given a request to look after (coordinators and division representatives): person id → name. */
  readonly assignable?: ReadonlyMap<number, string>;
}

export type RefusalCode = "not-permitted" | "illegal-transition" | "invalid" | "over-signing-authority";

export type Decision =
  | {
      readonly ok: true;
      readonly from: IntakeState;
      readonly to: IntakeState;
      /** Plain-language summary for the request's thread. */
      readonly step: string;
      /** The capacity record to append (RECORD_CAPACITY only). */
      readonly record?: CapacityRecord;
    }
  | {
      readonly ok: false;
      readonly code: RefusalCode;
      /** A sentence saying what is wrong and what to do. */
      readonly reason: string;
    };

const STATE_LABELS: Record<IntakeState, string> = {
  SUBMITTED: "Submitted",
  INITIAL_ASSESSMENT: "Initial assessment",
  CAPACITY_ASSESSMENT: "Internal capacity assessment",
  APPROVAL: "Approval",
  APPROVED: "Approved",
  DECLINED: "Declined",
  WITHDRAWN: "Withdrawn",
  CLOSED: "Closed",
};

/** What a person sees for a state, e.g. "Internal capacity assessment". */
export function stateLabel(state: IntakeState): string {
  return STATE_LABELS[state];
}

export function isTerminal(state: IntakeState): boolean {
  return (TERMINAL_STATES as readonly IntakeState[]).includes(state);
}

const TERMINAL_HINTS: Record<(typeof TERMINAL_STATES)[number], string> = {
  APPROVED: "Nothing further: the request is approved.",
  DECLINED: "Nothing further: the request is declined; a new proposal may be submitted if circumstances change.",
  WITHDRAWN: "Nothing further: the request was withdrawn; it may be submitted again.",
  CLOSED: "Nothing further: the enquiry is closed.",
};

/** What happens next to a request on `route` in `state`, in a sentence. */
export function nextStepHint(route: WorkflowRoute, state: IntakeState): string {
  if (route === "ENQUIRY") {
    if (state === "SUBMITTED") return "A CCO-SPER coordinator answers the enquiry and closes it with a note.";
    if (isTerminal(state)) return TERMINAL_HINTS[state as (typeof TERMINAL_STATES)[number]];
    return "Enquiries are not assessed; a CCO-SPER coordinator answers and closes them with a note.";
  }
  switch (state) {
    case "SUBMITTED":
      return "A CCO-SPER coordinator starts the initial assessment.";
    case "INITIAL_ASSESSMENT":
      return (
        "CCO-SPER records the initial assessment; only proposals assessed positively on every element go on to " +
        "the internal capacity assessment."
      );
    case "CAPACITY_ASSESSMENT":
      return (
        "CCO-SPER and the division(s) most directly responsible record whether staffing, budget and organisational " +
        "resources are available; a coordinator then completes the capacity assessment."
      );
    case "APPROVAL":
      return route === "PARTNERSHIP_CITY"
        ? "A report goes to City Council; record its decision with the meeting and date."
        : "The City Manager, a Deputy City Manager or the Division Head most directly responsible signs, provided " +
            "the anticipated project cost does not exceed their financial signing authority; record the signing.";
    case "APPROVED":
      return route === "PARTNERSHIP_CITY"
        ? "Council has approved it: the Mayor, their designate or the City Manager executes the agreement, in a form " +
            "satisfactory to the City Solicitor."
        : TERMINAL_HINTS.APPROVED;
    default:
      return TERMINAL_HINTS[state];
  }
}

/** Why nothing leaves a terminal state, and what to do instead. */
const TERMINAL_REFUSALS: Record<(typeof TERMINAL_STATES)[number], string> = {
  APPROVED: "Request is APPROVED; an approved request cannot be advanced. Changes to the agreement go to the registry.",
  DECLINED:
    "Request is DECLINED; a declined request cannot be advanced. Submit a new proposal if circumstances change.",
  WITHDRAWN: "Request is WITHDRAWN; a withdrawn request cannot be advanced. Submit it again if it is still wanted.",
  CLOSED: "Request is CLOSED; a closed enquiry cannot be advanced. Submit a new request if there is more to ask.",
};

/** The action each event stands for, to complete "you can …". */
const EVENT_ACTIONS: Record<IntakeEventType, string> = {
  START_INITIAL_ASSESSMENT: "start the initial assessment",
  RECORD_INITIAL_ASSESSMENT: "record the initial assessment",
  RECORD_CAPACITY: "record a capacity assessment",
  COMPLETE_CAPACITY_ASSESSMENT: "complete the internal capacity assessment",
  RECORD_COUNCIL_DECISION: "record City Council's decision",
  RECORD_SIGNING: "record the signing",
  DECLINE: "decline a request",
  WITHDRAW: "withdraw a request",
  CLOSE_ENQUIRY: "close an enquiry",
  ASSIGN: "assign or reassign a request",
};

/** Why an event does not belong on a route at all. */
function offRouteReason(route: WorkflowRoute, type: IntakeEventType): string {
  if (route === "ENQUIRY") {
    return type === "DECLINE"
      ? "An enquiry is answered, not declined; a CCO-SPER coordinator closes it with a note."
      : "An enquiry is answered, not assessed; a CCO-SPER coordinator closes it with a note.";
  }
  if (type === "CLOSE_ENQUIRY") {
    return "Only enquiries are closed; a proposal goes through the four-step assessment (decline it with a reason instead).";
  }
  if (type === "RECORD_COUNCIL_DECISION") {
    return (
      "An International Project agreement needs no City Council resolution; record its signing by the City " +
      "Manager, a Deputy City Manager or the Division Head instead."
    );
  }
  return "A Partnership City agreement is approved by City Council, not by signing alone; record Council's decision with the meeting and date.";
}

const formatCad = (amount: number) =>
  new Intl.NumberFormat("en-CA", {
    style: "currency",
    currency: "CAD",
    minimumFractionDigits: 0,
    maximumFractionDigits: 2,
  }).format(amount);

const listed = (items: readonly string[]) =>
  items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;

const withNote = (sentence: string, note: string | null | undefined) => (note ? `${sentence} Note: ${note}` : sentence);

type Refusal = Extract<Decision, { ok: false }>;
const refuse = (code: RefusalCode, reason: string): Refusal => ({ ok: false, code, reason });

const sameDivision = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/** A refusal when `actor` may not cause `event` on `request`; null when they may. */
function checkPermitted(request: WorkflowRequest, event: IntakeEvent, actor: WorkflowActor): Refusal | null {
  const parties = PERMITTED_PARTIES[event.type];
  const isParty = (party: WorkflowParty) => {
    switch (party) {
      case "COORDINATOR":
        return actor.role === "COORDINATOR";
      case "DIVISION_REP_OF_DIVISION":
        return (
          event.type === "RECORD_CAPACITY" &&
          actor.role === "DIVISION_REP" &&
          actor.divisionCode !== null &&
          sameDivision(actor.divisionCode, event.divisionCode)
        );
      case "REQUESTER":
        // An unrecognised person cannot be matched to anyone: null never equals null here.
        return actor.personId !== null && actor.personId === request.requesterPersonId;
    }
  };
  if (parties.some(isParty)) return null;

  if (event.type === "RECORD_CAPACITY" && actor.role === "DIVISION_REP") {
    return refuse(
      "not-permitted",
      actor.divisionCode === null
        ? "No division is recorded for you, so you cannot record a capacity assessment; ask a CCO-SPER coordinator to record it or to update your division."
        : `As a representative of ${actor.divisionCode} you can record the capacity assessment for ${actor.divisionCode} only; ask a CCO-SPER coordinator or a ${event.divisionCode} representative to record ${event.divisionCode}'s.`,
    );
  }
  if (event.type === "RECORD_CAPACITY") {
    return refuse(
      "not-permitted",
      "Only CCO-SPER coordinators, or a division representative for their own division, can record a capacity assessment.",
    );
  }
  if (event.type === "WITHDRAW") {
    return refuse(
      "not-permitted",
      "Only the requester or a CCO-SPER coordinator can withdraw this request; ask the requester or a coordinator.",
    );
  }
  return refuse("not-permitted", `Only CCO-SPER coordinators can ${EVENT_ACTIONS[event.type]}.`);
}

/** A refusal when the transition table has no place for `type` on `request`; null when it has. */
function checkLegal(request: WorkflowRequest, type: IntakeEventType): Refusal | null {
  const { route, state } = request;
  if (isTerminal(state)) {
    return refuse("illegal-transition", TERMINAL_REFUSALS[state as (typeof TERMINAL_STATES)[number]]);
  }
  if (TRANSITIONS[route][state][type]) return null;
  const allowedIn = INTAKE_STATES.filter((candidate) => TRANSITIONS[route][candidate][type]);
  if (allowedIn.length === 0) return refuse("illegal-transition", offRouteReason(route, type));
  return refuse(
    "illegal-transition",
    `Request is at "${stateLabel(state)}"; you can ${EVENT_ACTIONS[type]} only at ` +
      `${listed(allowedIn.map((candidate) => `"${stateLabel(candidate)}"`))}. Next: ${nextStepHint(route, state)}`,
  );
}

/**
 * Whether `actor` may open the form for `type` on `request` at all: the transition exists and they
 * are one of the parties who may cause it (a division representative may open the capacity form;
 * the division they name is checked on submission). Null when they may.
 */
export function checkMayAttempt(request: WorkflowRequest, type: IntakeEventType, actor: WorkflowActor): Refusal | null {
  const legal = checkLegal(request, type);
  if (legal) return legal;
  if (type === "RECORD_CAPACITY" && actor.role === "DIVISION_REP" && actor.divisionCode !== null) return null;
  const probe = { type, divisionCode: actor.divisionCode ?? "" } as IntakeEvent;
  return checkPermitted(request, probe, actor);
}

const ok = (from: IntakeState, to: IntakeState, step: string, record?: CapacityRecord): Decision =>
  record ? { ok: true, from, to, step, record } : { ok: true, from, to, step };

/** The latest record for each division, in the order divisions were first assessed. */
function latestByDivision(records: readonly CapacityRecord[]): CapacityRecord[] {
  const latest = new Map<string, CapacityRecord>();
  for (const record of records) latest.set(record.divisionCode.trim().toLowerCase(), record);
  return [...latest.values()];
}

function missingResources(record: CapacityRecord): string[] {
  return [
    ...(record.staffing ? [] : ["staffing"]),
    ...(record.budget ? [] : ["budget"]),
    ...(record.organisational ? [] : ["organisational resources"]),
  ];
}

function recordInitialAssessment(
  request: WorkflowRequest,
  elements: readonly AssessedElement[],
  checklistKeys: readonly string[],
): Decision {
  if (checklistKeys.length === 0) {
    return refuse(
      "invalid",
      "No initial-assessment checklist was supplied for this request, so it cannot be assessed.",
    );
  }
  const given = elements.map((element) => element.key);
  const repeated = [...new Set(given.filter((key, index) => given.indexOf(key) !== index))];
  const missing = checklistKeys.filter((key) => !given.includes(key));
  const unknown = [...new Set(given.filter((key) => !checklistKeys.includes(key)))];
  if (repeated.length > 0 || missing.length > 0 || unknown.length > 0) {
    const problems = [
      ...(missing.length > 0 ? [`missing ${listed(missing)}`] : []),
      ...(unknown.length > 0 ? [`not on the checklist: ${listed(unknown)}`] : []),
      ...(repeated.length > 0 ? [`answered more than once: ${listed(repeated)}`] : []),
    ];
    return refuse(
      "invalid",
      `The initial assessment must answer each checklist element exactly once (${problems.join("; ")}). ` +
        `Answer these: ${checklistKeys.join(", ")}.`,
    );
  }
  const failed = elements.filter((element) => !element.positive);
  if (failed.length === 0) {
    return ok(
      request.state,
      "CAPACITY_ASSESSMENT",
      `Initial assessment recorded: all ${elements.length} elements positive; on to the internal capacity assessment.`,
    );
  }
  const named = failed.map((element) => (element.note ? `${element.key} (${element.note})` : element.key));
  return ok(
    request.state,
    "DECLINED",
    `Initial assessment recorded: not positive on ${listed(named)}. Only proposals assessed positively on all ` +
      "elements may proceed to Step 3, so the request is declined.",
  );
}

/**
 * Decides what `event` by `actor` does to `request`: the next state and a summary for the thread,
 * or a coded refusal. Checks, in order: the event is well formed; the transition is in
 * TRANSITIONS; the actor is permitted; then the step's own guards pick the target state.
 */
export function decide(
  request: WorkflowRequest,
  event: IntakeEvent,
  actor: WorkflowActor,
  options: DecideOptions,
): Decision {
  const parsed = IntakeEventSchema.safeParse(event);
  if (!parsed.success) {
    return refuse("invalid", parsed.error.issues.map((issue) => `${issue.path.join(".")} ${issue.message}`).join("; "));
  }
  const valid = parsed.data;
  const refusal = checkLegal(request, valid.type) ?? checkPermitted(request, valid, actor);
  if (refusal) return refusal;

  const from = request.state;
  switch (valid.type) {
    case "START_INITIAL_ASSESSMENT":
      return ok(from, "INITIAL_ASSESSMENT", "Initial assessment started by CCO-SPER.");

    case "RECORD_INITIAL_ASSESSMENT":
      return recordInitialAssessment(request, valid.elements, options.checklistKeys);

    case "RECORD_CAPACITY": {
      const record: CapacityRecord = {
        divisionCode: valid.divisionCode,
        staffing: valid.staffing,
        budget: valid.budget,
        organisational: valid.organisational,
        note: valid.note ?? null,
      };
      const available = (yes: boolean) => (yes ? "available" : "not available");
      const replaces = request.capacity.some((earlier) => sameDivision(earlier.divisionCode, record.divisionCode));
      const step =
        `Capacity assessment recorded for ${record.divisionCode}: staffing ${available(record.staffing)}, ` +
        `budget ${available(record.budget)}, organisational resources ${available(record.organisational)}` +
        `${replaces ? ` (replaces the earlier assessment for ${record.divisionCode})` : ""}.`;
      return ok(from, "CAPACITY_ASSESSMENT", withNote(step, record.note), record);
    }

    case "COMPLETE_CAPACITY_ASSESSMENT": {
      const records = latestByDivision(request.capacity);
      if (records.length === 0) {
        return refuse(
          "illegal-transition",
          "No division has recorded a capacity assessment yet; record at least one division's staffing, budget and " +
            "organisational resources before completing the internal capacity assessment.",
        );
      }
      const short = records.filter((record) => missingResources(record).length > 0);
      const divisions = listed(records.map((record) => record.divisionCode));
      if (short.length === 0) {
        return ok(
          from,
          "APPROVAL",
          `Internal capacity assessment complete: ${divisions} ${records.length === 1 ? "has" : "have"} the staffing, ` +
            `budget and organisational resources; on to approval. ${nextStepHint(request.route, "APPROVAL")}`,
        );
      }
      const lacking = short.map((record) => `${record.divisionCode} lacks ${listed(missingResources(record))}`);
      return ok(
        from,
        "DECLINED",
        `Internal capacity assessment complete: ${lacking.join("; ")}. Without resources a proposal cannot be ` +
          "recommended, so the request is declined.",
      );
    }

    case "RECORD_COUNCIL_DECISION":
      return valid.approved
        ? ok(
            from,
            "APPROVED",
            `City Council approved the Partnership City agreement (${valid.meeting}, ${valid.decidedOn}). ` +
              nextStepHint(request.route, "APPROVED"),
          )
        : ok(
            from,
            "DECLINED",
            `City Council did not approve the Partnership City agreement (${valid.meeting}, ${valid.decidedOn}).`,
          );

    case "RECORD_SIGNING": {
      const official = `${valid.name} (${SIGNING_OFFICIAL_LABELS[valid.official]})`;
      if (request.anticipatedCost === null) {
        return refuse(
          "invalid",
          "The request records no anticipated project cost, so the signing cannot be checked against a financial " +
            "signing authority; record the anticipated project cost first.",
        );
      }
      if (request.anticipatedCost > valid.signingAuthority) {
        return refuse(
          "over-signing-authority",
          `The anticipated project cost (${formatCad(request.anticipatedCost)}) exceeds the financial signing ` +
            `authority of ${official} (${formatCad(valid.signingAuthority)}). An official may execute an ` +
            `International Project agreement only if "the anticipated project cost does not exceed their financial ` +
            `signing authority" (2024 report, Attachment 3, Step 4); record the signing by an official whose ` +
            "authority covers the cost.",
        );
      }
      return ok(
        from,
        "APPROVED",
        `International Project agreement signed by ${official} on ${valid.signedOn}: anticipated project cost ` +
          `${formatCad(request.anticipatedCost)}, within a signing authority of ${formatCad(valid.signingAuthority)}.`,
      );
    }

    case "DECLINE":
      return ok(from, "DECLINED", `Declined by CCO-SPER: ${valid.reason}`);

    case "WITHDRAW": {
      const byRequester = actor.personId !== null && actor.personId === request.requesterPersonId;
      return ok(
        from,
        "WITHDRAWN",
        withNote(`Withdrawn by ${byRequester ? "the requester" : "CCO-SPER"}.`, valid.reason),
      );
    }

    case "CLOSE_ENQUIRY":
      return ok(from, "CLOSED", `Enquiry closed by CCO-SPER: ${valid.note}`);

    case "ASSIGN": {
      const name = options.assignable?.get(valid.personId);
      if (name === undefined) {
        return refuse(
          "invalid",
          "A request can be given only to a CCO-SPER coordinator or a division representative; choose one of them.",
        );
      }
      return ok(from, from, `Assigned to ${name}.`);
    }
  }
}
