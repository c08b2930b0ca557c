import { z } from "zod";
import type { FormAction, FormChoice, FormField, FormSpec, FormValues } from "../chat/form.js";
import { nestValues } from "../chat/form.js";
import { TERM_LIMITS } from "../policy/policy-rules.js";
import { checklistFor } from "./initial-assessment.js";
import { assessmentRoute, INTAKE_KINDS, type IntakeKind } from "./intake-kind.js";
import {
  INTAKE_EVENT_TYPES,
  type IntakeEventType,
  type IntakeState,
  isTerminal,
  type SIGNING_OFFICIALS,
  TRANSITIONS,
  type WorkflowRoute,
} from "./intake-workflow.js";
import type { ProposalFinding } from "./proposal-checks.js";
import {
  COUNTERPARTY_KIND_LABELS,
  NESTED_LABELS,
  PROPOSAL_LABELS,
  type ProposalProblem,
  TEXT_LIMITS,
} from "./proposal-schema.js";

/**
 * The intake forms: a proposal or enquiry of each kind, and each workflow step a person records
 * (assessment, capacity, decision, signing, comment). Field names are the dotted paths of the
 * schemas' own fields, so a validation problem lands next to the field it is about.
 */

/** What a form id stands for. Ids travel through buttons and modals, so they are short and parsed strictly. */
export type IntakeFormRef =
  /** `key` is set on an opened form (not on the button that opens it): one submission per key. */
  | { readonly form: "new"; readonly kind: IntakeKind; readonly key?: string }
  | {
      readonly form: "event";
      readonly number: number;
      /** The request's version when the button was made: a click after any change is refused, not applied twice. */
      readonly version: number;
      readonly type: IntakeEventType;
    }
  | { readonly form: "comment"; readonly number: number; readonly key?: string };

const FORM_KEY = /^[A-Za-z0-9_-]{8,64}$/;
const withKey = (id: string, key: string | undefined) => (key ? `${id}:${key}` : id);

const positiveInt = z.coerce.number().int().min(1).max(2_147_483_647);

export function intakeFormId(ref: IntakeFormRef): string {
  switch (ref.form) {
    case "new":
      return withKey(`intake.new:${ref.kind}`, ref.key);
    case "event":
      return `intake.event:${ref.number}:${ref.version}:${ref.type}`;
    case "comment":
      return withKey(`intake.comment:${ref.number}`, ref.key);
  }
}

/** The form an id stands for, or null for anything else (an old, foreign or tampered id). */
export function readIntakeFormId(id: string): IntakeFormRef | null {
  const [head, ...rest] = id.split(":");
  if (head === "intake.event") {
    if (rest.length !== 3) return null;
    const number = positiveInt.safeParse(rest[0]);
    const version = positiveInt.safeParse(rest[1]);
    const type = z.enum(INTAKE_EVENT_TYPES as [IntakeEventType, ...IntakeEventType[]]).safeParse(rest[2]);
    if (!number.success || !version.success || !type.success) return null;
    return { form: "event", number: number.data, version: version.data, type: type.data };
  }
  // A button's id names the form; an opened form's id adds its one-time key.
  const [subject, key, ...extra] = rest;
  if (extra.length > 0 || (key !== undefined && !FORM_KEY.test(key))) return null;
  const keyed = key === undefined ? {} : { key };
  if (head === "intake.new") {
    const kind = z.enum(INTAKE_KINDS).safeParse(subject);
    return kind.success ? { form: "new", kind: kind.data, ...keyed } : null;
  }
  if (head === "intake.comment") {
    const number = positiveInt.safeParse(subject);
    return number.success ? { form: "comment", number: number.data, ...keyed } : null;
  }
  return null;
}

/** What each kind is called on buttons and form titles. */
export const KIND_FORM_TITLES: Record<IntakeKind, string> = {
  PARTNERSHIP_CITY: "Partnership City proposal",
  INTERNATIONAL_PROJECT: "International Project proposal",
  MOU_REQUEST: "MOU request",
  INBOUND_DELEGATION: "Inbound delegation",
  RENEWAL: "Renewal enquiry",
};

/** Empty activity slots a Partnership City form offers; blank ones are left out. */
export const ACTIVITY_SLOTS = 3;

const long = (name: string, label: string, required = true, hint?: string): FormField => ({
  name,
  label,
  kind: "long-text",
  required,
  maxLength: TEXT_LIMITS.long,
  ...(hint ? { hint } : {}),
});
const short = (name: string, label: string, max: number, required = true, hint?: string): FormField => ({
  name,
  label,
  kind: "text",
  required,
  maxLength: max,
  ...(hint ? { hint } : {}),
});
const date = (name: string, label: string, hint?: string): FormField => ({
  name,
  label,
  kind: "date",
  required: true,
  ...(hint ? { hint } : {}),
});
const yesNo = (name: string, label: string, required = true): FormField => ({ name, label, kind: "yes-no", required });

function counterpartyFields(labels: Readonly<Record<string, string>>): FormField[] {
  return [
    short("candidateCity", labels.candidateCity as string, TEXT_LIMITS.name),
    short("country", labels.country as string, TEXT_LIMITS.name),
    {
      name: "counterpartyKind",
      label: labels.counterpartyKind as string,
      kind: "choice",
      required: true,
      hint: "The signatory must itself be a municipal government.",
      options: Object.entries(COUNTERPARTY_KIND_LABELS).map(([value, label]) => ({ value, label })),
      initial: "MUNICIPALITY",
    },
  ];
}

function termFields(kind: IntakeKind, labels: Readonly<Record<string, string>>): FormField[] {
  const route = assessmentRoute(kind) === "PARTNERSHIP_CITY" ? "PARTNERSHIP_CITY" : "INTERNATIONAL_PROJECT";
  return [
    date("termStart", labels.termStart as string, "A date like 2027-01-01."),
    date("termEnd", labels.termEnd as string, `At most ${TERM_LIMITS[route].maxYears} years after the term start.`),
  ];
}

function requesterFields(labels: Readonly<Record<string, string>>): FormField[] {
  return [
    short("requestingDivision", labels.requestingDivision as string, TEXT_LIMITS.code, false),
    short("requesterContact", labels.requesterContact as string, TEXT_LIMITS.contact, false),
    long("note", labels.note as string, false),
  ];
}

function proposalFields(kind: IntakeKind): FormField[] {
  const labels = PROPOSAL_LABELS[kind];
  const label = (name: string) => labels[name] as string;
  switch (kind) {
    case "PARTNERSHIP_CITY":
      return [
        ...counterpartyFields(labels),
        long("cityEconomy", label("cityEconomy")),
        long("cityCulturalAndCommunityResources", label("cityCulturalAndCommunityResources")),
        long("cityMunicipalPriorities", label("cityMunicipalPriorities")),
        long("goals", label("goals")),
        ...Array.from({ length: ACTIVITY_SLOTS }, (_, slot) => {
          const item = `Activity or project ${slot + 1}`;
          const required = slot === 0;
          const hint = slot === 0 ? "At least one activity or project, with its resources." : "Optional.";
          return [
            long(`activities.${slot}.description`, `${item}: ${NESTED_LABELS.activities.description}`, required, hint),
            long(
              `activities.${slot}.financialResources`,
              `${item}: ${NESTED_LABELS.activities.financialResources}`,
              required,
            ),
            long(
              `activities.${slot}.staffingResources`,
              `${item}: ${NESTED_LABELS.activities.staffingResources}`,
              required,
            ),
          ];
        }).flat(),
        ...termFields(kind, labels),
        { ...yesNo("renewalOption", label("renewalOption")), initial: "yes" },
        ...requesterFields(labels),
      ];
    case "INTERNATIONAL_PROJECT":
    case "MOU_REQUEST":
      return [
        ...counterpartyFields(labels),
        long("goals", label("goals")),
        short("project.name", NESTED_LABELS.project.name, TEXT_LIMITS.name),
        long("project.objective", NESTED_LABELS.project.objective),
        long("project.activity", NESTED_LABELS.project.activity),
        long("project.measure", NESTED_LABELS.project.measure),
        short("project.assignee", NESTED_LABELS.project.assignee, TEXT_LIMITS.name),
        long("project.resources", NESTED_LABELS.project.resources),
        date("project.endDate", NESTED_LABELS.project.endDate, "Within the agreement's term."),
        long("financialResources", label("financialResources")),
        long("staffingResources", label("staffingResources")),
        {
          name: "anticipatedCostCad",
          label: label("anticipatedCostCad"),
          kind: "amount",
          required: true,
          hint: "In Canadian dollars, e.g. 25000. The signing official's authority must cover it.",
        },
        ...termFields(kind, labels),
        ...requesterFields(labels),
      ];
    case "INBOUND_DELEGATION":
      return [
        short("visitingFrom", label("visitingFrom"), TEXT_LIMITS.name),
        date("visitStart", label("visitStart")),
        date("visitEnd", label("visitEnd")),
        long("purpose", label("purpose")),
        short("contact", label("contact"), TEXT_LIMITS.contact),
        ...requesterFields(labels),
      ];
    case "RENEWAL":
      return [
        short("agreementName", label("agreementName"), TEXT_LIMITS.name, true, "As the registry names it, e.g. Milan."),
        long("reasonToRenew", label("reasonToRenew")),
        long("pastPerformance", label("pastPerformance")),
        ...requesterFields(labels),
      ];
  }
}

const KIND_INTROS: Record<IntakeKind, string> = {
  PARTNERSHIP_CITY:
    "A long-term agreement with a city government, up to 5 years. CCO-SPER checks it, then it goes through the " +
    "initial assessment, the internal capacity assessment and a decision by City Council.",
  INTERNATIONAL_PROJECT:
    "A short-term agreement with a city government for one specific project, up to 3 years. CCO-SPER checks it, " +
    "then it goes through the initial and capacity assessments and is signed by an official whose signing " +
    "authority covers its cost.",
  MOU_REQUEST:
    "MOUs are discontinued (2024 report, Recommendation 3): an MOU request is made and assessed as an " +
    "International Project proposal, up to 3 years, for one specific project.",
  INBOUND_DELEGATION: "A delegation from abroad wants to visit Toronto. A CCO-SPER coordinator answers.",
  RENEWAL:
    "Renewal of an existing agreement is a decision point, based on what the agreement has achieved. A CCO-SPER " +
    "coordinator answers.",
};

/** The form for a new request of `kind`. */
export function proposalForm(kind: IntakeKind): FormSpec {
  return {
    id: intakeFormId({ form: "new", kind }),
    title: KIND_FORM_TITLES[kind],
    intro: KIND_INTROS[kind],
    submitLabel: "Submit to CCO-SPER",
    fields: proposalFields(kind),
  };
}

/** A proposal form's values as the proposal schema reads them. */
export function proposalInput(kind: IntakeKind, values: FormValues) {
  return nestValues(values, kind === "PARTNERSHIP_CITY" ? ["activities"] : []);
}

/** The form field a validation problem belongs to ("activities.0.description" typed in slot 2 is shown there). */
export function fieldOfProblem(
  form: FormSpec,
  problem: Pick<ProposalProblem, "field">,
  slots: Readonly<Record<string, readonly number[]>>,
): string {
  const names = form.fields.map((field) => field.name);
  const path = problem.field.split(".");
  const [top, index, ...rest] = path;
  if (top && index !== undefined && /^\d+$/.test(index) && slots[top]) {
    const slot = slots[top][Number(index)] ?? Number(index);
    const candidate = [top, String(slot), ...rest].join(".");
    if (names.includes(candidate)) return candidate;
    const first = names.find((name) => name.startsWith(`${top}.${slot}.`));
    if (first) return first;
  }
  if (names.includes(problem.field)) return problem.field;
  const within = names.find((name) => top !== undefined && top !== "" && name.startsWith(`${top}.`));
  return within ?? names[0] ?? problem.field;
}

/** The field a refusing policy check is about; the first field when it is about the whole proposal. */
export function fieldOfFinding(form: FormSpec, finding: ProposalFinding): string {
  const byCode: Partial<Record<ProposalFinding["code"], string>> = {
    TERM_TOO_LONG: "termEnd",
    TERM_ENDS_BEFORE_START: "termEnd",
    SIGNATORY_NOT_MUNICIPALITY: "counterpartyKind",
  };
  const name = byCode[finding.code];
  return name && form.fields.some((field) => field.name === name) ? name : (form.fields[0]?.name ?? "");
}

/** Several problems with one field are shown together. */
export function addError(errors: Record<string, string>, field: string, message: string): void {
  errors[field] = errors[field] ? `${errors[field]} ${message}` : message;
}

const SIGNING_OFFICIAL_CHOICES = [
  { value: "CITY_MANAGER", label: "City Manager" },
  { value: "DEPUTY_CITY_MANAGER", label: "Deputy City Manager" },
  { value: "DIVISION_HEAD", label: "Division Head" },
] as const satisfies readonly { value: (typeof SIGNING_OFFICIALS)[number]; label: string }[];

/** The label of each workflow event's button. */
export const EVENT_BUTTONS: Record<IntakeEventType, { readonly label: string; readonly style?: "primary" | "danger" }> =
  {
    START_INITIAL_ASSESSMENT: { label: "Start initial assessment", style: "primary" },
    RECORD_INITIAL_ASSESSMENT: { label: "Record initial assessment", style: "primary" },
    RECORD_CAPACITY: { label: "Record capacity (a division)" },
    COMPLETE_CAPACITY_ASSESSMENT: { label: "Complete capacity assessment", style: "primary" },
    RECORD_COUNCIL_DECISION: { label: "Record Council decision", style: "primary" },
    RECORD_SIGNING: { label: "Record signing", style: "primary" },
    DECLINE: { label: "Decline", style: "danger" },
    WITHDRAW: { label: "Withdraw", style: "danger" },
    CLOSE_ENQUIRY: { label: "Answer and close", style: "primary" },
    ASSIGN: { label: "Assign" },
  };

/** The fields of a workflow step's form; empty for a step that is a single click. */
export function eventFields(
  route: WorkflowRoute,
  type: IntakeEventType,
  actor: { readonly divisionCode: string | null },
  /** Coordinators and division representatives, for the Assign form (value: person id). */
  assignees: readonly FormChoice[] = [],
): FormField[] {
  switch (type) {
    case "START_INITIAL_ASSESSMENT":
    case "COMPLETE_CAPACITY_ASSESSMENT":
      return [];
    case "RECORD_INITIAL_ASSESSMENT": {
      if (route === "ENQUIRY") return [];
      return checklistFor(route).questions.flatMap((question): FormField[] => [
        yesNo(question.key, question.question),
        long(`${question.key}.note`, "Note (why)", false),
      ]);
    }
    case "RECORD_CAPACITY":
      return [
        {
          ...short("divisionCode", "Division (code, e.g. EDC)", 50),
          ...(actor.divisionCode ? { initial: actor.divisionCode } : {}),
        },
        yesNo("staffing", "Staffing resources available?"),
        yesNo("budget", "Budget available?"),
        yesNo("organisational", "Organisational resources available?"),
        long("note", "Note", false),
      ];
    case "RECORD_COUNCIL_DECISION":
      return [
        yesNo("approved", "Did City Council approve the agreement?"),
        short("meeting", "Council meeting and item", 300, true, "e.g. City Council meeting of June 26, 2027 (EX15.3)"),
        date("decidedOn", "Date of the decision"),
      ];
    case "RECORD_SIGNING":
      return [
        {
          name: "official",
          label: "Signing official",
          kind: "choice",
          required: true,
          options: SIGNING_OFFICIAL_CHOICES,
        },
        short("name", "Name of the official who signed", 300),
        {
          name: "signingAuthority",
          label: "Their financial signing authority (CAD)",
          kind: "amount",
          required: true,
          hint: "Must cover the anticipated project cost.",
        },
        date("signedOn", "Date signed"),
      ];
    case "DECLINE":
      return [long("reason", "Reason (shown to the requester)")];
    case "WITHDRAW":
      return [long("reason", "Reason", false)];
    case "CLOSE_ENQUIRY":
      return [long("note", "Answer (shown to the requester)")];
    case "ASSIGN":
      return [
        {
          name: "personId",
          label: "Who looks after the request",
          kind: "choice",
          required: true,
          hint: "CCO-SPER coordinators and division representatives.",
          options: assignees,
        },
      ];
  }
}

/** A step's form values as the workflow event schema reads them. */
export function eventInput(route: WorkflowRoute, type: IntakeEventType, values: FormValues): Record<string, unknown> {
  if (type === "RECORD_INITIAL_ASSESSMENT" && route !== "ENQUIRY") {
    const given = (name: string) => (values[name]?.trim() ? values[name] : undefined);
    return {
      type,
      elements: checklistFor(route).questions.map((question) => ({
        key: question.key,
        positive: given(question.key),
        note: given(`${question.key}.note`),
      })),
    };
  }
  return { ...nestValues(values).input, type };
}

/** The form field an event validation issue is about. */
export function fieldOfEventIssue(
  route: WorkflowRoute,
  type: IntakeEventType,
  path: readonly PropertyKey[],
  fields: readonly FormField[],
): string {
  if (type === "RECORD_INITIAL_ASSESSMENT" && route !== "ENQUIRY" && path[0] === "elements") {
    const key = checklistFor(route).questions[Number(path[1])]?.key;
    if (key) return path[2] === "note" ? `${key}.note` : key;
  }
  const name = String(path[0] ?? "");
  return fields.some((field) => field.name === name) ? name : (fields[0]?.name ?? name);
}

/** The comment form: anyone involved in a request can add to its thread. */
export function commentFields(): FormField[] {
  return [long("text", "Comment (posted in the request's thread)")];
}

/**
 * The buttons for what can happen next to a request: one per event its state allows (each
 * carrying the request's version), and a comment. Everyone sees them; permission is checked on click.
 */
export function stepActions(request: {
  readonly id: number;
  readonly kind: IntakeKind;
  readonly state: IntakeState;
  readonly version: number;
}): FormAction[] {
  if (isTerminal(request.state)) return [];
  const route = assessmentRoute(request.kind);
  const types = Object.keys(TRANSITIONS[route][request.state]) as IntakeEventType[];
  return [
    ...types.map((type) => ({
      label: EVENT_BUTTONS[type].label,
      formId: intakeFormId({ form: "event", number: request.id, version: request.version, type }),
      hasFields: eventFields(route, type, { divisionCode: null }).length > 0,
      ...(EVENT_BUTTONS[type].style ? { style: EVENT_BUTTONS[type].style } : {}),
    })),
    { label: "Add a comment", formId: intakeFormId({ form: "comment", number: request.id }), hasFields: true },
  ];
}
