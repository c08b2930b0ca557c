import type { PolicyTopic } from "../conversation/intent.js";
import type { Citation, Reply } from "../conversation/reply.js";
import type { AgreementCategory } from "../registry/registry-document.js";
import { TERM_LIMITS } from "./policy-rules.js";

const REPORT_2024 = "004_c975d6aa7d171fca.txt";
const PRESENTATION_2024 = "001_946d5fd5e3bc463a.txt";
const COUNCIL_2001 = "002_b3627e290b94d2d0.txt";

const cite = (about: string, document: string, locator: string, quote: string): Citation => ({
  about,
  source: { document, locator, quote },
});

const HOW_TO_PROPOSE_SUGGESTIONS = [
  { label: "Assessment steps", query: "what are the assessment steps?" },
  { label: "Eligibility", query: "who can be a partner?" },
  { label: "Term limits", query: "how long can a partnership last?" },
];

/** Answers about the 2024 IAP policy. Every statement cites the passage it paraphrases. */
export function answerPolicyQuestion(topic: PolicyTopic, category: AgreementCategory | null): Reply {
  switch (topic) {
    case "signing-authority":
    case "approval":
      return approvalAnswer(category);
    case "term-limit":
      return termLimitAnswer(category);
    case "how-to-propose":
      return howToProposeAnswer();
    case "eligibility":
      return eligibilityAnswer(category);
    case "assessment-steps":
      return assessmentStepsAnswer();
    case "categories":
      return categoriesAnswer();
    case "mou":
      return {
        kind: "answer",
        title: "MOUs",
        text:
          "MOUs are discontinued under the 2024 framework. A request for an MOU is handled as an International Project proposal " +
          "(no more than 3 years, one specific project).",
        suggestions: [{ label: "How to propose", query: "how do I propose a new partner city?" }],
        sources: [
          cite(
            "Policy: MOUs discontinued",
            REPORT_2024,
            "Recommendation 3",
            "Discontinue the use of MOUs, assign certain in-force MOUs to the International Project agreement category",
          ),
        ],
      };
    case "working-group":
      return {
        kind: "answer",
        title: "The IAP working group",
        text:
          "CCO-SPER leads an interdivisional working group that meets no less than quarterly, with representatives from " +
          "CMO-IAR, EDC and other divisions with significant international engagement interests.",
        sources: [
          cite(
            "Policy: working group",
            REPORT_2024,
            "Implementation Considerations",
            "This group will meet no less than quarterly and include representatives from the CMO-IAR, EDC and other divisions with significant international engagement interests and responsibilities.",
          ),
        ],
      };
    case "funding":
      return {
        kind: "answer",
        title: "Funding",
        text:
          "The 2005 basis was $44,500 a year per Partnership City and $5,000 per Friendship City (not adjusted for inflation since). " +
          "In 2024, $150,000 moved from EDC to the City Clerk's Office for the IAP coordination role.",
        sources: [
          cite(
            "Policy: funding per agreement",
            REPORT_2024,
            "Financial Impact",
            "4 X $44,500 per Partnership City agreement and 6 X $5,000 per Friendship City agreement",
          ),
          cite(
            "Policy: 2024 transfer to the City Clerk",
            REPORT_2024,
            "Recommendation 7",
            "in-year 2024 Operating Budget transfer of $150,000 gross and net from the Economic Development and Culture division to the City Clerk's Office",
          ),
        ],
      };
  }
}

function approvalAnswer(category: AgreementCategory | null): Reply {
  const partnership = cite(
    "Policy: Partnership City approval and signing",
    REPORT_2024,
    "Recommendation 1",
    "Partnership City agreements are to be executed by the Mayor, their designate or the City Manager on behalf of the City, and be in a form satisfactory to the City Solicitor.",
  );
  const partnershipCouncil = cite(
    "Policy: Partnership City needs Council",
    REPORT_2024,
    "Attachment 2, Step 4",
    "Formal approval by City Council is required to approve any new Partnership City agreement.",
  );
  const project = cite(
    "Policy: International Project signing",
    REPORT_2024,
    "Attachment 1",
    "The City Manager, Deputy City Managers or Division Heads may execute an International Project agreement on the City’s behalf, provided the agreement is in a form satisfactory to the City Solicitor; its anticipated project cost does not exceed their financial signing authority",
  );
  const partnershipFacts = [
    { label: "Partnership City: approves", value: "City Council (a staff report is required)", known: true },
    { label: "Partnership City: signs", value: "the Mayor or their designate, or the City Manager", known: true },
  ];
  const projectFacts = [
    { label: "International Project: approves", value: "no Council resolution needed", known: true },
    {
      label: "International Project: signs",
      value:
        "the City Manager, a Deputy City Manager or the Division Head most directly responsible, only if the anticipated project cost is within their financial signing authority",
      known: true,
    },
  ];
  const formNote = "Either way the agreement must be in a form satisfactory to the City Solicitor.";
  if (category === "PARTNERSHIP_CITY") {
    return {
      kind: "answer",
      title: "Who approves and signs a Partnership City agreement",
      text: `City Council approves it; the Mayor, their designate or the City Manager signs it. ${formNote}`,
      facts: partnershipFacts,
      sources: [partnershipCouncil, partnership],
    };
  }
  if (category === "INTERNATIONAL_PROJECT") {
    return {
      kind: "answer",
      title: "Who approves and signs an International Project agreement",
      text:
        "No Council resolution is needed. The City Manager, a Deputy City Manager or the Division Head most directly responsible signs it, " +
        `provided the anticipated project cost is within their financial signing authority. ${formNote}`,
      facts: projectFacts,
      sources: [project],
    };
  }
  return {
    kind: "answer",
    title: "Who approves and signs IAP agreements",
    text: `It depends on the category. ${formNote}`,
    facts: [...partnershipFacts, ...projectFacts],
    sources: [partnershipCouncil, partnership, project],
  };
}

function termLimitAnswer(category: AgreementCategory | null): Reply {
  const partnership = TERM_LIMITS.PARTNERSHIP_CITY;
  const project = TERM_LIMITS.INTERNATIONAL_PROJECT;
  const facts = [
    {
      label: "Partnership City",
      value: `no more than ${partnership.maxYears} years, renewable by mutual consent`,
      known: true,
    },
    {
      label: "International Project",
      value: `no more than ${project.maxYears} years, one specific project`,
      known: true,
    },
  ];
  const rule6 = cite(
    "Policy: every agreement time-limited",
    REPORT_2024,
    "Recommendation 6",
    "are time-limited and identify (at least) one tangible project to jointly deliver over their term",
  );
  const only =
    category === "PARTNERSHIP_CITY" ? [facts[0]!] : category === "INTERNATIONAL_PROJECT" ? [facts[1]!] : facts;
  return {
    kind: "answer",
    title: "How long an agreement can last",
    text:
      category === "PARTNERSHIP_CITY"
        ? `A Partnership City agreement lasts no more than ${partnership.maxYears} years, with options to renew by mutual consent.`
        : category === "INTERNATIONAL_PROJECT"
          ? `An International Project agreement lasts no more than ${project.maxYears} years.`
          : "Every IAP agreement must be time-limited and name at least one tangible project.",
    facts: only,
    sources: [
      ...(category !== "INTERNATIONAL_PROJECT"
        ? [{ about: "Policy: Partnership City term", source: partnership.source }]
        : []),
      ...(category !== "PARTNERSHIP_CITY"
        ? [{ about: "Policy: International Project term", source: project.source }]
        : []),
      rule6,
    ],
  };
}

function howToProposeAnswer(): Reply {
  return {
    kind: "answer",
    title: "Proposing a new partner city or project",
    text:
      "Every request for a new international relationship goes to CCO-SPER (City Clerk's Office, Strategic Protocol and External Relations), " +
      "the single point of entry. Prepare a proposal with every required element: proposals missing required components are not considered.",
    lists: [
      {
        title: "A Partnership City proposal must include",
        items: [
          { text: "the name of the candidate city" },
          {
            text: "its economy, cultural and community resources, and relevant municipal priorities, services and programs",
          },
          { text: "the proposed agreement goals" },
          { text: "the proposed activities or projects, with the financial and staffing resources they need" },
          { text: "a proposed term of no more than five years, with option to renew" },
        ],
        total: 5,
      },
      {
        title: "An International Project proposal must include",
        items: [
          { text: "every required element listed on the City's website" },
          { text: "the specific project" },
          { text: "a term of no more than three years" },
        ],
        total: 3,
      },
    ],
    suggestions: HOW_TO_PROPOSE_SUGGESTIONS,
    sources: [
      cite(
        "Policy: CCO-SPER is the point of entry",
        PRESENTATION_2024,
        "Key Recommendations",
        "Centralized point of entry",
      ),
      cite(
        "Policy: Partnership City proposal elements",
        REPORT_2024,
        "Attachment 2, Step 1",
        "Proposed agreement term of no more than five years, with option to renew.",
      ),
      cite(
        "Policy: incomplete proposals",
        REPORT_2024,
        "Attachment 3, Step 1",
        "Proposals missing required components will not be considered.",
      ),
    ],
  };
}

function eligibilityAnswer(category: AgreementCategory | null): Reply {
  const common = [
    {
      text: "a duly constituted municipal government abroad (the signatory must be the municipality; a third party may deliver activities)",
    },
    { text: "in a country with which Canada has established relations" },
    { text: "not identified by the Government of Canada as a jurisdiction of concern" },
  ];
  const partnershipOnly = [
    { text: "an Alpha, Beta or Gamma world city" },
    { text: "a key economic, cultural and/or knowledge hub within its country or region" },
  ];
  const lists = [
    ...(category !== "INTERNATIONAL_PROJECT"
      ? [{ title: "Partnership City counterparty must be", items: [...common, ...partnershipOnly], total: 5 }]
      : []),
    ...(category !== "PARTNERSHIP_CITY"
      ? [{ title: "International Project counterparty must be", items: common, total: 3 }]
      : []),
  ];
  return {
    kind: "answer",
    title: "Who can be a partner",
    text: "Only municipal governments abroad: chambers of commerce, trade agencies, regions and countries cannot sign IAP agreements.",
    lists,
    suggestions: [{ label: "How to propose", query: "how do I propose a new partner city?" }],
    sources: [
      cite(
        "Policy: eligibility",
        REPORT_2024,
        "Attachment 2, Core Eligibility Criteria",
        "Be a duly constituted municipal jurisdiction led by a duly constituted local government.",
      ),
      cite(
        "Policy: Partnership City eligibility",
        REPORT_2024,
        "Attachment 2, Core Eligibility Criteria",
        "Be an Alpha, Beta or Gamma city.",
      ),
      cite(
        "Policy: signatory",
        REPORT_2024,
        "Attachments 2 and 3",
        "but the signatory to the Agreement must itself be a municipal government.",
      ),
    ],
  };
}

function assessmentStepsAnswer(): Reply {
  return {
    kind: "answer",
    title: "How a proposal is assessed",
    text: "Four steps; a proposal moves on only when every element of a step is positive.",
    lists: [
      {
        items: [
          { text: "1. Proposal", detail: "complete, with every required element" },
          {
            text: "2. Initial assessment by CCO-SPER",
            detail: "eligibility, clear and compelling, interest and capacity; only all-positive proposals go on",
          },
          {
            text: "3. Internal capacity assessment",
            detail: "CCO-SPER and the responsible division(s): staffing, budget and organizational resources",
          },
          {
            text: "4. Approval",
            detail:
              "Partnership City: report to and decision by City Council. International Project: signed by the responsible official within their signing authority",
          },
        ],
        total: 4,
      },
    ],
    suggestions: [
      { label: "Who signs?", query: "who signs an international project?" },
      { label: "How to propose", query: "how do I propose a new partner city?" },
    ],
    sources: [
      cite(
        "Policy: step 2 gate",
        REPORT_2024,
        "Attachment 2, Step 2",
        "Only proposals assessed positively on all elements may proceed to Step 3.",
      ),
      cite(
        "Policy: step 3",
        REPORT_2024,
        "Attachment 3, Step 3",
        "will assess whether the City of Toronto possesses the required staffing, budget and organizational resources",
      ),
      cite(
        "Policy: 2001 report-back target",
        COUNCIL_2001,
        "Attachment 5",
        "within six months of the receipt of the request",
      ),
    ],
  };
}

function categoriesAnswer(): Reply {
  return {
    kind: "answer",
    title: "IAP agreement categories (2024)",
    text: "Two active categories, plus Historical agreements that receive no further City resources.",
    facts: [
      {
        label: "Partnership City",
        value: `long-term, no more than ${TERM_LIMITS.PARTNERSHIP_CITY.maxYears} years and renewable; approved by City Council`,
        known: true,
      },
      {
        label: "International Project",
        value: `short-term, no more than ${TERM_LIMITS.INTERNATIONAL_PROJECT.maxYears} years, one specific project; no Council resolution needed`,
        known: true,
      },
      {
        label: "Historical",
        value: "expired or no longer meeting the criteria; the counterparty may propose a new agreement",
        known: true,
      },
      { label: "Outside the IAP", value: "the Austin–Toronto Music City Alliance (Council, 2013)", known: true },
    ],
    suggestions: [
      { label: "List partnership cities", query: "list partnership cities" },
      { label: "List international projects", query: "list international projects" },
    ],
    sources: [
      { about: "Policy: Partnership City term", source: TERM_LIMITS.PARTNERSHIP_CITY.source },
      { about: "Policy: International Project term", source: TERM_LIMITS.INTERNATIONAL_PROJECT.source },
      cite(
        "Policy: Historical agreements",
        REPORT_2024,
        "Attachment 1",
        "An agreement which had been established prior to the current review of the program and is now either expired or no longer meets the criteria of the International Alliance Program.",
      ),
      cite(
        "Austin outside the IAP",
        REPORT_2024,
        "Recommendations",
        "continue to be considered a unique bi-lateral arrangement outside the framework of the IAP",
      ),
    ],
  };
}
