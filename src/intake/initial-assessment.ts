import type { SourceRef } from "../registry/registry-document.js";
import type { ProposalKind } from "./intake-kind.js";

/**
 * Step 2, the initial assessment by CCO-SPER, as the policy words it (2024 report, Attachments 2
 * and 3). Only proposals assessed positively on every question may proceed to Step 3.
 */

export interface ChecklistQuestion {
  /** Stable key for a recorded answer. */
  readonly key: string;
  /** The policy's own wording. */
  readonly question: string;
}

export interface InitialAssessmentChecklist {
  readonly route: ProposalKind;
  readonly questions: readonly ChecklistQuestion[];
  readonly source: SourceRef;
}

const STAFF_REPORT_2024 = "004_c975d6aa7d171fca.txt";

export const INITIAL_ASSESSMENT_CHECKLISTS = {
  PARTNERSHIP_CITY: {
    route: "PARTNERSHIP_CITY",
    questions: [
      {
        key: "meetsCoreEligibility",
        question: "Does the candidate city meet all IAP Partnership City core eligibility criteria?",
      },
      { key: "clearAndCompelling", question: "Is the information in the Proposal clear and compelling?" },
      {
        key: "strongMarketOrPartner",
        question:
          "Is the candidate city a strong current or future market or partner for goods, services, and/or " +
          "innovation of importance to Toronto and its economy?",
      },
      {
        key: "comparablePopulationAndGdp",
        question: "Is the candidate city's population and GDP comparable to Toronto's?",
      },
      {
        key: "jurisdictionOfInterest",
        question:
          "Has the candidate city been identified as a jurisdiction of interest for enhanced engagement by " +
          "Toronto based business, community, academic, and/or public institutions which are in a position to " +
          "commit the resources needed to support projects or activities linked to the proposed Partnership City " +
          "agreement?",
      },
      {
        key: "interestAndCapacity",
        question:
          "Does the candidate city demonstrate not only the interest but the institutional resources and capacity " +
          "to engage in meaningful, sustained activities as part of a Partnership City agreement, as demonstrated " +
          "through a previously completed International Project agreement or other collaboration with Toronto?",
      },
    ],
    source: {
      document: STAFF_REPORT_2024,
      locator: "Attachment 2, Step 2: Initial Assessment",
      quote: "Only proposals assessed positively on all elements may proceed to Step 3.",
    },
  },
  INTERNATIONAL_PROJECT: {
    route: "INTERNATIONAL_PROJECT",
    questions: [
      {
        key: "meetsCoreEligibility",
        question: "Does the candidate city meet all IAP International Project core eligibility criteria?",
      },
      { key: "clearAndCompelling", question: "Is the information in the proposal clear and compelling?" },
      {
        key: "jurisdictionOfInterest",
        question:
          "Has the candidate city been identified as a jurisdiction of interest for enhanced engagement by City " +
          "Divisions or Toronto-based business, community, academic, and/or public institutions which are in a " +
          "position to commit the resources needed to support activities linked to the proposed International " +
          "Project agreement?",
      },
      {
        key: "interestAndCapacity",
        question:
          "Does the candidate city demonstrate not only the interest but the institutional resources and capacity " +
          "to undertake the activities specified in the proposed International Project agreement?",
      },
    ],
    source: {
      document: STAFF_REPORT_2024,
      locator: "Attachment 3, Step 2: Initial Assessment",
      quote: "Only proposals assessed positively on all elements may proceed to Step 3.",
    },
  },
} as const satisfies { readonly [route in ProposalKind]: InitialAssessmentChecklist & { route: route } };

/** The Step 2 questions for a proposal on `route` (an MOU request takes the International Project route). */
export function checklistFor(route: ProposalKind): InitialAssessmentChecklist {
  return INITIAL_ASSESSMENT_CHECKLISTS[route];
}
