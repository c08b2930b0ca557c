import { z } from "zod";
import { CounterpartyKindSchema } from "../registry/registry-document.js";
import { amountCad, isoDate, requiredOr, text, yesNo } from "./form-fields.js";
import type { IntakeKind } from "./intake-kind.js";

/**
 * What a requester submits, per intake kind (2024 report, Attachments 2 and 3, Step 1). Text is
 * stored as typed, markup included: renderers escape it. Every field has a plain-language label,
 * because a requester sees labels, never keys.
 */

/**
 * Longest accepted text, by the kind of field. Descriptions take a pasted document (100 KB and more
 * is stored as given; replies clip it); names and codes are short by nature and say their limit.
 */
export const TEXT_LIMITS = { name: 300, code: 50, contact: 1_000, long: 200_000 } as const;

const MAX_ACTIVITIES = 50;

const requiredText = (max: number) => text(max).min(1, "required");

/** Optional text: absent, null or blank all mean "not given" (null). */
const optionalText = (max: number) =>
  text(max)
    .transform((value) => (value === "" ? null : value))
    .nullish()
    .transform((value) => value ?? null);

/** Labels shown to requesters for the counterparty kinds (the registry's enum values). */
export const COUNTERPARTY_KIND_LABELS = {
  MUNICIPALITY: "Municipality (city government)",
  REGIONAL_GOVERNMENT: "Regional government (state, province, region)",
  COUNTRY: "Country (national government)",
  CHAMBER_OF_COMMERCE: "Chamber of commerce",
  TRADE_OR_INVESTMENT_AGENCY: "Trade or investment agency",
} as const satisfies Record<z.infer<typeof CounterpartyKindSchema>, string>;

const counterpartyKind = z.enum(CounterpartyKindSchema.options, {
  error: requiredOr(`must be one of: ${Object.values(COUNTERPARTY_KIND_LABELS).join("; ")}`),
});

/** Who is asking: optional on every kind. */
const requesterShape = {
  requestingDivision: optionalText(TEXT_LIMITS.code),
  requesterContact: optionalText(TEXT_LIMITS.contact),
  note: optionalText(TEXT_LIMITS.long),
};
const requesterLabels = {
  requestingDivision: "Requesting division (code, e.g. EDC)",
  requesterContact: "Requester contact",
  note: "Note",
} as const satisfies Record<keyof typeof requesterShape, string>;

const counterpartyShape = {
  candidateCity: requiredText(TEXT_LIMITS.name),
  country: requiredText(TEXT_LIMITS.name),
  counterpartyKind,
};
const counterpartyLabels = {
  candidateCity: "Candidate city",
  country: "Country",
  counterpartyKind: "Type of government or organization that would sign",
} as const satisfies Record<keyof typeof counterpartyShape, string>;

const termShape = { termStart: isoDate, termEnd: isoDate };
const termLabels = { termStart: "Term start", termEnd: "Term end" } as const satisfies Record<
  keyof typeof termShape,
  string
>;

export const ProposedActivitySchema = z.object({
  description: requiredText(TEXT_LIMITS.long),
  financialResources: requiredText(TEXT_LIMITS.long),
  staffingResources: requiredText(TEXT_LIMITS.long),
});
export type ProposedActivity = z.infer<typeof ProposedActivitySchema>;

const activityLabels = {
  description: "what it is",
  financialResources: "financial resources it needs",
  staffingResources: "staffing resources it needs",
} as const satisfies Record<keyof ProposedActivity, string>;

const partnershipCityShape = {
  kind: z.literal("PARTNERSHIP_CITY"),
  ...counterpartyShape,
  cityEconomy: requiredText(TEXT_LIMITS.long),
  cityCulturalAndCommunityResources: requiredText(TEXT_LIMITS.long),
  cityMunicipalPriorities: requiredText(TEXT_LIMITS.long),
  goals: requiredText(TEXT_LIMITS.long),
  activities: z
    .array(ProposedActivitySchema, { error: requiredOr("must be a list of activities or projects") })
    .min(1, "add at least one activity or project")
    .max(MAX_ACTIVITIES, `list at most ${MAX_ACTIVITIES} activities or projects`),
  ...termShape,
  renewalOption: yesNo,
  ...requesterShape,
};

/** A Partnership City proposal: exactly the elements Attachment 2, Step 1 requires, plus optional contact. */
export const PartnershipCityProposalSchema = z.object(partnershipCityShape);
export type PartnershipCityProposal = z.infer<typeof PartnershipCityProposalSchema>;

const partnershipCityLabels = {
  kind: "Kind of request",
  ...counterpartyLabels,
  cityEconomy: "The candidate city's economy",
  cityCulturalAndCommunityResources: "The candidate city's cultural and community resources",
  cityMunicipalPriorities: "The candidate city's relevant municipal priorities, services and programs",
  goals: "Proposed goals",
  activities: "Proposed activities or projects",
  ...termLabels,
  renewalOption: "Option to renew",
  ...requesterLabels,
} as const satisfies Record<keyof typeof partnershipCityShape, string>;

/** The one specific project of an International Project, SMART: specific, measurable, assignable, resourced, time-bound. */
export const ProposedProjectSchema = z.object(
  {
    name: requiredText(TEXT_LIMITS.name),
    objective: requiredText(TEXT_LIMITS.long),
    activity: requiredText(TEXT_LIMITS.long),
    measure: requiredText(TEXT_LIMITS.long),
    assignee: requiredText(TEXT_LIMITS.name),
    resources: requiredText(TEXT_LIMITS.long),
    endDate: isoDate,
  },
  { error: requiredOr("must be the project's details") },
);
export type ProposedProject = z.infer<typeof ProposedProjectSchema>;

const projectLabels = {
  name: "Project name",
  objective: "Project objective (specific)",
  activity: "Project activity",
  measure: "How success will be measured",
  assignee: "Who is responsible for the project",
  resources: "Resources the project will use",
  endDate: "Project end date",
} as const satisfies Record<keyof ProposedProject, string>;

const internationalProjectShape = {
  // An MOU request is assessed as an International Project: MOUs are discontinued (Recommendation 3).
  kind: z.enum(["INTERNATIONAL_PROJECT", "MOU_REQUEST"]),
  ...counterpartyShape,
  goals: requiredText(TEXT_LIMITS.long),
  project: ProposedProjectSchema,
  financialResources: requiredText(TEXT_LIMITS.long),
  staffingResources: requiredText(TEXT_LIMITS.long),
  anticipatedCostCad: amountCad,
  ...termShape,
  ...requesterShape,
};

/** An International Project proposal (Attachment 3, Step 1); also what an MOU request is. */
export const InternationalProjectProposalSchema = z.object(internationalProjectShape);
export type InternationalProjectProposal = z.infer<typeof InternationalProjectProposalSchema>;

const internationalProjectLabels = {
  kind: "Kind of request",
  ...counterpartyLabels,
  goals: "Proposed goals",
  project: "The specific project",
  financialResources: "Financial resources required",
  staffingResources: "Staffing resources required",
  anticipatedCostCad: "Anticipated project cost (CAD)",
  ...termLabels,
  ...requesterLabels,
} as const satisfies Record<keyof typeof internationalProjectShape, string>;

const inboundDelegationShape = {
  kind: z.literal("INBOUND_DELEGATION"),
  visitingFrom: requiredText(TEXT_LIMITS.name),
  visitStart: isoDate,
  visitEnd: isoDate,
  purpose: requiredText(TEXT_LIMITS.long),
  contact: requiredText(TEXT_LIMITS.contact),
  ...requesterShape,
};

/** An enquiry about a delegation visiting Toronto; a coordinator answers it. */
export const InboundDelegationEnquirySchema = z
  .object(inboundDelegationShape)
  .refine((enquiry) => enquiry.visitEnd >= enquiry.visitStart, {
    path: ["visitEnd"],
    message: "must be on or after the visit start",
  });
export type InboundDelegationEnquiry = z.infer<typeof InboundDelegationEnquirySchema>;

const inboundDelegationLabels = {
  kind: "Kind of request",
  visitingFrom: "Visiting from (city, government or organization)",
  visitStart: "First day of the visit",
  visitEnd: "Last day of the visit",
  purpose: "Purpose of the visit",
  contact: "Delegation contact",
  ...requesterLabels,
} as const satisfies Record<keyof typeof inboundDelegationShape, string>;

const renewalShape = {
  kind: z.literal("RENEWAL"),
  agreementName: requiredText(TEXT_LIMITS.name),
  reasonToRenew: requiredText(TEXT_LIMITS.long),
  pastPerformance: requiredText(TEXT_LIMITS.long),
  ...requesterShape,
};

/** An enquiry about renewing an existing agreement; renewal is a decision point based on past performance. */
export const RenewalEnquirySchema = z.object(renewalShape);
export type RenewalEnquiry = z.infer<typeof RenewalEnquirySchema>;

const renewalLabels = {
  kind: "Kind of request",
  agreementName: "Agreement to renew",
  reasonToRenew: "Why renew",
  pastPerformance: "What the agreement has achieved so far",
  ...requesterLabels,
} as const satisfies Record<keyof typeof renewalShape, string>;

/** Anything a requester submits, as validated; also the shape to read a stored proposal back with. */
export const ProposalSchema = z.discriminatedUnion("kind", [
  PartnershipCityProposalSchema,
  InternationalProjectProposalSchema,
  InboundDelegationEnquirySchema,
  RenewalEnquirySchema,
]);
export type Proposal = z.infer<typeof ProposalSchema>;

/** The proposals the four-step assessment and the policy checks apply to. */
export type AssessedProposal = PartnershipCityProposal | InternationalProjectProposal;

const SCHEMAS = {
  PARTNERSHIP_CITY: PartnershipCityProposalSchema,
  INTERNATIONAL_PROJECT: InternationalProjectProposalSchema,
  MOU_REQUEST: InternationalProjectProposalSchema,
  INBOUND_DELEGATION: InboundDelegationEnquirySchema,
  RENEWAL: RenewalEnquirySchema,
} as const satisfies Record<IntakeKind, z.ZodType<Proposal>>;

/** Top-level field labels per kind, in the order a form asks for them. */
export const PROPOSAL_LABELS: { readonly [kind in IntakeKind]: Readonly<Record<string, string>> } = {
  PARTNERSHIP_CITY: partnershipCityLabels,
  INTERNATIONAL_PROJECT: internationalProjectLabels,
  MOU_REQUEST: internationalProjectLabels,
  INBOUND_DELEGATION: inboundDelegationLabels,
  RENEWAL: renewalLabels,
};

/** Labels of the fields inside list items and nested groups. */
export const NESTED_LABELS = { activities: activityLabels, project: projectLabels } as const;

/** One missing or invalid item: `field` is the key path ("activities.0.description"), `label` what a requester sees. */
export interface ProposalProblem {
  readonly field: string;
  readonly label: string;
  readonly message: string;
}

export type ProposalValidation =
  | { readonly ok: true; readonly proposal: Proposal }
  | { readonly ok: false; readonly problems: readonly ProposalProblem[] };

/** The label a requester sees for a field path, e.g. ["activities", 0, "staffingResources"]. */
export function fieldLabel(kind: IntakeKind, path: readonly PropertyKey[]): string {
  const [top, index, inner] = path;
  if (top === undefined) return "Proposal";
  const topLabel = PROPOSAL_LABELS[kind][String(top)] ?? String(top);
  if (top === "activities" && typeof index === "number") {
    const item = `Activity or project ${index + 1}`;
    return inner === undefined ? item : `${item}: ${activityLabels[inner as keyof ProposedActivity] ?? String(inner)}`;
  }
  if (top === "project" && index !== undefined) {
    return projectLabels[index as keyof ProposedProject] ?? `${topLabel}: ${String(index)}`;
  }
  return topLabel;
}

/** "Proposed goals: required", the way a problem is shown to a requester. */
export function describeProblem(problem: ProposalProblem): string {
  return `${problem.label}: ${problem.message}`;
}

function describeInput(input: unknown): string {
  if (input === null) return "nothing";
  if (Array.isArray(input)) return "a list";
  return `a ${typeof input}`;
}

/**
 * Validates a submission of `kind` and lists every missing or invalid item at once, in form order.
 * The kind comes from the caller, never from the input. Never throws.
 */
export function validateProposal(kind: IntakeKind, input: unknown): ProposalValidation {
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    return {
      ok: false,
      problems: [{ field: "", label: "Proposal", message: `must be a set of fields, not ${describeInput(input)}` }],
    };
  }
  try {
    const result = SCHEMAS[kind].safeParse({ ...input, kind });
    if (result.success) return { ok: true, proposal: result.data };
    return {
      ok: false,
      problems: result.error.issues.map((issue) => ({
        field: issue.path.map(String).join("."),
        label: fieldLabel(kind, issue.path),
        message: issue.message,
      })),
    };
  } catch {
    // Only exotic inputs get here (getters or proxies that throw); a submission from JSON never does.
    return { ok: false, problems: [{ field: "", label: "Proposal", message: "could not be read" }] };
  }
}
