import { TERM_LIMITS } from "../policy/policy-rules.js";
import type { AgreementCategory, CounterpartyKind, IsoDate, SourceRef } from "../registry/registry-document.js";
import { sameDayIn } from "../shared/calendar-date.js";
import { assessmentRoute, type ProposalKind } from "./intake-kind.js";
import { type AssessedProposal, COUNTERPARTY_KIND_LABELS, type Proposal } from "./proposal-schema.js";

/**
 * The mechanical policy checks on a valid proposal: what a coordinator would otherwise check by
 * hand before the Step 2 initial assessment. A refusal means the policy rules the proposal out as
 * submitted; warnings and notes are for the coordinator and the requester to weigh.
 */

export type FindingSeverity = "refusal" | "warning" | "info";

export type FindingCode =
  | "TERM_ENDS_BEFORE_START"
  | "TERM_TOO_LONG"
  | "SIGNATORY_NOT_MUNICIPALITY"
  | "PROJECT_ENDS_OUTSIDE_TERM"
  | "EXISTING_AGREEMENT"
  | "EARLIER_AGREEMENT_HISTORICAL"
  | "MOU_AS_INTERNATIONAL_PROJECT"
  | "NO_AGREEMENT_TO_RENEW"
  | "RENEWAL_OF_HISTORICAL";

export interface ProposalFinding {
  readonly severity: FindingSeverity;
  readonly code: FindingCode;
  /** Plain language, for the requester and the coordinator. */
  readonly message: string;
  readonly source?: SourceRef;
}

/** An agreement already in the registry, as the lookup reports it. */
export interface ExistingAgreement {
  readonly name: string;
  readonly category: AgreementCategory;
}

/**
 * The registry lookup the checks need: agreements whose counterparty is `name` (aliases and
 * spelling variants included), none when there is no such agreement. May reject; the checks pass that on.
 */
export type FindExisting = (name: string) => Promise<readonly ExistingAgreement[]>;

const STAFF_REPORT_2024 = "004_c975d6aa7d171fca.txt";

const SIGNATORY_RULE =
  "The counterpart municipality may delegate the implementation of certain activities undertaken as part of the " +
  "Agreement to a recognized third party, but the signatory to the Agreement must itself be a municipal government.";

/** The same sentence stands in both policies; cite the one for the proposal's category. */
const SIGNATORY_SOURCES: Record<ProposalKind, SourceRef> = {
  PARTNERSHIP_CITY: {
    document: STAFF_REPORT_2024,
    locator: "Attachment 2, Core Eligibility Criteria",
    quote: SIGNATORY_RULE,
  },
  INTERNATIONAL_PROJECT: {
    document: STAFF_REPORT_2024,
    locator: "Attachment 3, Core Eligibility Criteria",
    quote: SIGNATORY_RULE,
  },
};

const HISTORICAL_RULE: SourceRef = {
  document: STAFF_REPORT_2024,
  locator: "Recommendation 5",
  quote:
    "Impacted cities would be welcome to approach Toronto with new proposals for either an International Project " +
    "or Partnership City agreement, in accordance with the IAP policy.",
};

const MOU_RULE: SourceRef = {
  document: STAFF_REPORT_2024,
  locator: "Recommendation 3",
  quote:
    "Discontinue the use of MOUs, assign certain in-force MOUs to the International Project agreement category, " +
    "and as needed, terminate MOU agreements which cannot be reset as or meet the eligibility requirements of an " +
    "IAP International Project agreement.",
};

const CATEGORY_NAMES: Record<ProposalKind, string> = {
  PARTNERSHIP_CITY: "Partnership City",
  INTERNATIONAL_PROJECT: "International Project",
};

/** "a Partnership City agreement", as it reads after "Toronto already has". */
const AGREEMENT_PHRASES: Record<AgreementCategory, string> = {
  PARTNERSHIP_CITY: "a Partnership City agreement",
  INTERNATIONAL_PROJECT: "an International Project agreement",
  HISTORICAL: "a Historical agreement",
  OUTSIDE_IAP: "an agreement outside the IAP",
};

/**
 * The last day a term starting on `start` may end to last no more than `years` years: the same
 * day `years` later; a 29 February start ends by 28 February when that year has none.
 */
export function latestTermEnd(start: IsoDate, years: number): IsoDate {
  return sameDayIn(start, Number(start.slice(0, 4)) + years);
}

/** The category whose rules apply; an MOU request is held to the International Project's. */
function routeOf(proposal: AssessedProposal): ProposalKind {
  const route = assessmentRoute(proposal.kind);
  return route === "ENQUIRY" ? "INTERNATIONAL_PROJECT" : route;
}

/** Term checks: no end before the start, and no longer than the category allows. */
export function checkTerm(proposal: AssessedProposal): ProposalFinding[] {
  const route = routeOf(proposal);
  const limit = TERM_LIMITS[route];
  const { termStart, termEnd } = proposal;
  if (termEnd < termStart) {
    return [
      {
        severity: "refusal",
        code: "TERM_ENDS_BEFORE_START",
        message: `The term ends (${termEnd}) before it starts (${termStart}).`,
      },
    ];
  }
  const latest = latestTermEnd(termStart, limit.maxYears);
  if (termEnd <= latest) return [];
  return [
    {
      severity: "refusal",
      code: "TERM_TOO_LONG",
      message:
        `The proposed term, ${termStart} to ${termEnd}, is longer than the ${limit.maxYears} years ` +
        `a ${CATEGORY_NAMES[route]} agreement may last: a term starting ${termStart} must end by ${latest}.`,
      source: limit.source,
    },
  ];
}

/** The signatory must itself be a municipal government; anyone else can only deliver activities. */
export function checkSignatory(
  route: ProposalKind,
  candidateCity: string,
  counterpartyKind: CounterpartyKind,
): ProposalFinding[] {
  if (counterpartyKind === "MUNICIPALITY") return [];
  return [
    {
      severity: "refusal",
      code: "SIGNATORY_NOT_MUNICIPALITY",
      message:
        `A ${COUNTERPARTY_KIND_LABELS[counterpartyKind].toLowerCase()} is not eligible to sign: the signatory must ` +
        `itself be a municipal government. The municipal government of ${candidateCity} can sign and delegate ` +
        "activities to a recognized third party.",
      source: SIGNATORY_SOURCES[route],
    },
  ];
}

/** Agreements Toronto already has with the candidate: a renewal, a duplicate, or a Historical one to start afresh. */
export function checkExisting(existing: readonly ExistingAgreement[]): ProposalFinding[] {
  const findings: ProposalFinding[] = [];
  const seen = new Set<string>();
  for (const agreement of existing) {
    const key = `${agreement.category}|${agreement.name}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (agreement.category === "HISTORICAL") {
      findings.push({
        severity: "info",
        code: "EARLIER_AGREEMENT_HISTORICAL",
        message: `${agreement.name}'s earlier agreement is Historical; the policy lets it propose a new agreement.`,
        source: HISTORICAL_RULE,
      });
    } else {
      findings.push({
        severity: "warning",
        code: "EXISTING_AGREEMENT",
        message: `Toronto already has ${AGREEMENT_PHRASES[agreement.category]} with ${agreement.name}: is this a renewal or a duplicate?`,
      });
    }
  }
  return findings;
}

/** An International Project's one project should be delivered within the agreement's term. */
function checkProjectWithinTerm(termStart: IsoDate, termEnd: IsoDate, projectEnd: IsoDate): ProposalFinding[] {
  if (projectEnd >= termStart && projectEnd <= termEnd) return [];
  return [
    {
      severity: "warning",
      code: "PROJECT_ENDS_OUTSIDE_TERM",
      message: `The project ends on ${projectEnd}, outside the proposed term (${termStart} to ${termEnd}).`,
    },
  ];
}

const MOU_NOTE: ProposalFinding = {
  severity: "info",
  code: "MOU_AS_INTERNATIONAL_PROJECT",
  message:
    "MOUs are discontinued under the 2024 framework, so this request is handled as an International Project " +
    "proposal: no more than 3 years, one specific project.",
  source: MOU_RULE,
};

/**
 * Every mechanical check that applies to `proposal`, refusals first. Enquiries get the checks that
 * make sense for them (a renewal names an agreement that should exist); a delegation gets none.
 */
export async function checkProposal(proposal: Proposal, findExisting: FindExisting): Promise<ProposalFinding[]> {
  const findings: ProposalFinding[] = [];
  switch (proposal.kind) {
    case "PARTNERSHIP_CITY":
    case "INTERNATIONAL_PROJECT":
    case "MOU_REQUEST": {
      const route = routeOf(proposal);
      if (proposal.kind === "MOU_REQUEST") findings.push(MOU_NOTE);
      findings.push(...checkTerm(proposal));
      findings.push(...checkSignatory(route, proposal.candidateCity, proposal.counterpartyKind));
      if (proposal.kind !== "PARTNERSHIP_CITY") {
        findings.push(...checkProjectWithinTerm(proposal.termStart, proposal.termEnd, proposal.project.endDate));
      }
      findings.push(...checkExisting(await findExisting(proposal.candidateCity)));
      break;
    }
    case "RENEWAL":
      findings.push(...checkRenewal(proposal.agreementName, await findExisting(proposal.agreementName)));
      break;
    case "INBOUND_DELEGATION":
      break;
  }
  return sortBySeverity(findings);
}

function checkRenewal(agreementName: string, existing: readonly ExistingAgreement[]): ProposalFinding[] {
  if (existing.length === 0) {
    return [
      {
        severity: "warning",
        code: "NO_AGREEMENT_TO_RENEW",
        message: `The registry has no agreement with ${agreementName}: check the name, or make this a new proposal.`,
      },
    ];
  }
  const historical = existing.find((agreement) => agreement.category === "HISTORICAL");
  if (!historical || existing.some((agreement) => agreement.category !== "HISTORICAL")) return [];
  return [
    {
      severity: "info",
      code: "RENEWAL_OF_HISTORICAL",
      message:
        `${historical.name}'s agreement is Historical: the City allocates it no further resources, ` +
        "but the policy lets it propose a new agreement.",
      source: HISTORICAL_RULE,
    },
  ];
}

const SEVERITY_ORDER: Record<FindingSeverity, number> = { refusal: 0, warning: 1, info: 2 };

function sortBySeverity(findings: ProposalFinding[]): ProposalFinding[] {
  // Array.prototype.sort is stable: within a severity, findings keep the order they were checked in.
  return findings.sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
}

/** True when no finding is a refusal: the proposal may go on to the initial assessment. */
export function isAcceptable(findings: readonly ProposalFinding[]): boolean {
  return !findings.some((finding) => finding.severity === "refusal");
}
