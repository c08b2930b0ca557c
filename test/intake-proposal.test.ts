import { describe, expect, it } from "vitest";
import { checklistFor } from "../src/intake/initial-assessment.js";
import type { IntakeKind } from "../src/intake/intake-kind.js";
import {
  checkProposal,
  type ExistingAgreement,
  type FindExisting,
  isAcceptable,
  type ProposalFinding,
} from "../src/intake/proposal-checks.js";
import { describeProblem, type Proposal, ProposalSchema, validateProposal } from "../src/intake/proposal-schema.js";
import { TERM_LIMITS } from "../src/policy/policy-rules.js";
import { anInternationalProjectProposal, aPartnershipCityProposal } from "./support/intake-proposals.js";
import { readableText, sourceText } from "./support/source-text.js";

const STAFF_REPORT_2024 = "004_c975d6aa7d171fca.txt";

function valid(kind: IntakeKind, input: Record<string, unknown>): Proposal {
  const result = validateProposal(kind, input);
  if (!result.ok) throw new Error(`expected a valid proposal, got ${result.problems.map(describeProblem).join("; ")}`);
  return result.proposal;
}

function problemsOf(kind: IntakeKind, input: unknown): string[] {
  const result = validateProposal(kind, input);
  return result.ok ? [] : result.problems.map(describeProblem);
}

/** A registry that knows the given agreements by exact name. */
function aRegistryWith(...agreements: ExistingAgreement[]): FindExisting {
  return async (name) => agreements.filter((agreement) => agreement.name === name);
}
const anEmptyRegistry: FindExisting = async () => [];

const codes = (findings: readonly ProposalFinding[]) => findings.map((finding) => finding.code);

describe("validating a proposal", () => {
  it("accepts a complete Partnership City proposal and fills the optional contact fields with null", () => {
    const proposal = valid("PARTNERSHIP_CITY", aPartnershipCityProposal({ candidateCity: "  Lyon  " }));
    expect(proposal).toMatchObject({
      kind: "PARTNERSHIP_CITY",
      candidateCity: "Lyon",
      renewalOption: true,
      requestingDivision: null,
      requesterContact: null,
      note: null,
    });
  });

  it("accepts a complete International Project proposal, and the same fields as an MOU request", () => {
    expect(valid("INTERNATIONAL_PROJECT", anInternationalProjectProposal())).toMatchObject({
      kind: "INTERNATIONAL_PROJECT",
      anticipatedCostCad: 25000,
    });
    expect(valid("MOU_REQUEST", anInternationalProjectProposal()).kind).toBe("MOU_REQUEST");
  });

  it("takes the kind from the caller, not from the submitted fields", () => {
    expect(valid("PARTNERSHIP_CITY", aPartnershipCityProposal({ kind: "RENEWAL" })).kind).toBe("PARTNERSHIP_CITY");
  });

  it("reads back a stored proposal with the same schema", () => {
    const proposal = valid("MOU_REQUEST", anInternationalProjectProposal());
    expect(ProposalSchema.parse(JSON.parse(JSON.stringify(proposal)))).toEqual(proposal);
  });

  it("lists every required element of a Partnership City proposal at once, by label", () => {
    expect(problemsOf("PARTNERSHIP_CITY", {})).toEqual([
      "Candidate city: required",
      "Country: required",
      "Type of government or organization that would sign: required",
      "The candidate city's economy: required",
      "The candidate city's cultural and community resources: required",
      "The candidate city's relevant municipal priorities, services and programs: required",
      "Proposed goals: required",
      "Proposed activities or projects: required",
      "Term start: required",
      "Term end: required",
      "Option to renew: required",
    ]);
  });

  it("lists every required element of an International Project proposal at once, by label", () => {
    expect(problemsOf("INTERNATIONAL_PROJECT", {})).toEqual([
      "Candidate city: required",
      "Country: required",
      "Type of government or organization that would sign: required",
      "Proposed goals: required",
      "The specific project: required",
      "Financial resources required: required",
      "Staffing resources required: required",
      "Anticipated project cost (CAD): required",
      "Term start: required",
      "Term end: required",
    ]);
    expect(problemsOf("INTERNATIONAL_PROJECT", anInternationalProjectProposal({ project: {} }))).toEqual([
      "Project name: required",
      "Project objective (specific): required",
      "Project activity: required",
      "How success will be measured: required",
      "Who is responsible for the project: required",
      "Resources the project will use: required",
      "Project end date: required",
    ]);
  });

  it("lists the required fields of the delegation and renewal enquiries", () => {
    expect(problemsOf("INBOUND_DELEGATION", {})).toEqual([
      "Visiting from (city, government or organization): required",
      "First day of the visit: required",
      "Last day of the visit: required",
      "Purpose of the visit: required",
      "Delegation contact: required",
    ]);
    expect(problemsOf("RENEWAL", {})).toEqual([
      "Agreement to renew: required",
      "Why renew: required",
      "What the agreement has achieved so far: required",
    ]);
  });

  it("accepts a delegation enquiry and refuses one whose last day is before its first", () => {
    const delegation = {
      visitingFrom: "Osaka",
      visitStart: "2027-05-10",
      visitEnd: "2027-05-12",
      purpose: "Study visit on transit",
      contact: "protocol@osaka.example",
    };
    expect(valid("INBOUND_DELEGATION", delegation).kind).toBe("INBOUND_DELEGATION");
    expect(problemsOf("INBOUND_DELEGATION", { ...delegation, visitEnd: "2027-05-09" })).toEqual([
      "Last day of the visit: must be on or after the visit start",
    ]);
  });

  it("treats blank text as missing", () => {
    expect(problemsOf("PARTNERSHIP_CITY", aPartnershipCityProposal({ goals: " \n\t " }))).toEqual([
      "Proposed goals: required",
    ]);
  });

  it("names each field of the wrong type in plain words", () => {
    expect(
      problemsOf(
        "PARTNERSHIP_CITY",
        aPartnershipCityProposal({
          candidateCity: 42,
          counterpartyKind: "CITY_STATE",
          activities: "a trade mission",
          renewalOption: "maybe",
        }),
      ),
    ).toEqual([
      "Candidate city: must be text",
      "Type of government or organization that would sign: must be one of: Municipality (city government); " +
        "Regional government (state, province, region); Country (national government); Chamber of commerce; " +
        "Trade or investment agency",
      "Proposed activities or projects: must be a list of activities or projects",
      "Option to renew: must be yes or no",
    ]);
  });

  it("labels the fields of each activity by its number, and wants at least one", () => {
    expect(
      problemsOf("PARTNERSHIP_CITY", aPartnershipCityProposal({ activities: [{ description: "Mission" }] })),
    ).toEqual([
      "Activity or project 1: financial resources it needs: required",
      "Activity or project 1: staffing resources it needs: required",
    ]);
    expect(problemsOf("PARTNERSHIP_CITY", aPartnershipCityProposal({ activities: [] }))).toEqual([
      "Proposed activities or projects: add at least one activity or project",
    ]);
  });

  it("refuses a date that is not YYYY-MM-DD or not on the calendar", () => {
    expect(
      problemsOf("PARTNERSHIP_CITY", aPartnershipCityProposal({ termStart: "2027-02-30", termEnd: "next June" })),
    ).toEqual([
      "Term start: is not a real calendar date (a date like 2027-06-30)",
      "Term end: must be a date like 2027-06-30",
    ]);
  });

  it("reads toggles and amounts sent as text, and refuses a negative cost", () => {
    const proposal = valid(
      "INTERNATIONAL_PROJECT",
      anInternationalProjectProposal({ anticipatedCostCad: "$25,000.50" }),
    );
    expect(proposal).toMatchObject({ anticipatedCostCad: 25000.5 });
    expect(valid("PARTNERSHIP_CITY", aPartnershipCityProposal({ renewalOption: "No" }))).toMatchObject({
      renewalOption: false,
    });
    expect(problemsOf("INTERNATIONAL_PROJECT", anInternationalProjectProposal({ anticipatedCostCad: -1 }))).toEqual([
      "Anticipated project cost (CAD): must not be negative",
    ]);
    expect(
      problemsOf("INTERNATIONAL_PROJECT", anInternationalProjectProposal({ anticipatedCostCad: "about 25k" })),
    ).toEqual(["Anticipated project cost (CAD): must be an amount in Canadian dollars, e.g. 25000"]);
  });

  it("keeps 100 KB pasted into a description, and refuses it in a name with the limit in the message", () => {
    const huge = "x".repeat(100 * 1024);
    expect(problemsOf("PARTNERSHIP_CITY", aPartnershipCityProposal({ candidateCity: huge, goals: huge }))).toEqual([
      "Candidate city: must be at most 300 characters",
    ]);
    expect(valid("PARTNERSHIP_CITY", aPartnershipCityProposal({ goals: huge }))).toMatchObject({ goals: huge });
    expect(problemsOf("PARTNERSHIP_CITY", aPartnershipCityProposal({ goals: "x".repeat(200_001) }))).toEqual([
      "Proposed goals: must be at most 200,000 characters",
    ]);
  });

  it("keeps control characters as typed, refuses only NUL (PostgreSQL cannot store it), and unifies line breaks", () => {
    expect(valid("PARTNERSHIP_CITY", aPartnershipCityProposal({ goals: "Trade\u0007\u001b[31m" }))).toMatchObject({
      goals: "Trade\u0007\u001b[31m",
    });
    expect(problemsOf("PARTNERSHIP_CITY", aPartnershipCityProposal({ country: "Fra\u0000nce" }))).toEqual([
      "Country: must not contain NUL characters (U+0000); remove them",
    ]);
    const proposal = valid("PARTNERSHIP_CITY", aPartnershipCityProposal({ goals: "Trade:\r\n\t- life sciences" }));
    expect(proposal).toMatchObject({ goals: "Trade:\n\t- life sciences" });
  });

  it("keeps chat markup such as <!channel> and @everyone verbatim: rendering escapes it", () => {
    const goals = "<!channel> @everyone *grow* trade <https://example.com|here> & <b>more</b>";
    expect(valid("PARTNERSHIP_CITY", aPartnershipCityProposal({ goals }))).toMatchObject({ goals });
  });

  it.each([
    ["null", null],
    ["a list", [aPartnershipCityProposal()]],
    ["a number", 42],
    ["a string", "Lyon please"],
    ["nothing", undefined],
  ])("answers %s with a problem instead of throwing", (_name, input) => {
    const result = validateProposal("PARTNERSHIP_CITY", input);
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.problems).toHaveLength(1);
  });

  it("answers an object whose fields cannot be read with a problem instead of throwing", () => {
    const hostile = Object.defineProperty({}, "goals", {
      enumerable: true,
      get() {
        throw new Error("boom");
      },
    });
    expect(validateProposal("PARTNERSHIP_CITY", hostile)).toMatchObject({ ok: false });
  });
});

describe("checking a proposal against the policy", () => {
  const partnershipCity = (overrides: Record<string, unknown> = {}) =>
    valid("PARTNERSHIP_CITY", aPartnershipCityProposal(overrides));
  const internationalProject = (overrides: Record<string, unknown> = {}, kind: IntakeKind = "INTERNATIONAL_PROJECT") =>
    valid(kind, anInternationalProjectProposal(overrides));

  it("accepts a Partnership City term of exactly 5 years", async () => {
    const findings = await checkProposal(
      partnershipCity({ termStart: "2027-03-15", termEnd: "2032-03-15" }),
      anEmptyRegistry,
    );
    expect(findings).toEqual([]);
    expect(isAcceptable(findings)).toBe(true);
  });

  it("refuses a Partnership City term of 5 years and a day, quoting the rule", async () => {
    const findings = await checkProposal(
      partnershipCity({ termStart: "2027-03-15", termEnd: "2032-03-16" }),
      anEmptyRegistry,
    );
    expect(findings).toEqual([
      {
        severity: "refusal",
        code: "TERM_TOO_LONG",
        message:
          "The proposed term, 2027-03-15 to 2032-03-16, is longer than the 5 years a Partnership City agreement " +
          "may last: a term starting 2027-03-15 must end by 2032-03-15.",
        source: TERM_LIMITS.PARTNERSHIP_CITY.source,
      },
    ]);
    expect(findings[0]!.source!.quote).toBe(
      "Partnership City agreements have a term of no more than 5 years, with options to renew by mutual consent.",
    );
    expect(isAcceptable(findings)).toBe(false);
  });

  it("counts a term from 29 February to 28 February five years on as 5 years", async () => {
    const within = await checkProposal(
      partnershipCity({ termStart: "2028-02-29", termEnd: "2033-02-28" }),
      anEmptyRegistry,
    );
    const over = await checkProposal(
      partnershipCity({ termStart: "2028-02-29", termEnd: "2033-03-01" }),
      anEmptyRegistry,
    );
    expect(codes(within)).toEqual([]);
    expect(codes(over)).toEqual(["TERM_TOO_LONG"]);
  });

  it("accepts an International Project term of exactly 3 years and refuses 3 years and a day, quoting the rule", async () => {
    const within = await checkProposal(
      internationalProject({ termStart: "2027-01-01", termEnd: "2030-01-01" }),
      anEmptyRegistry,
    );
    const over = await checkProposal(
      internationalProject({ termStart: "2027-01-01", termEnd: "2030-01-02" }),
      anEmptyRegistry,
    );
    expect(within).toEqual([]);
    expect(over).toHaveLength(1);
    expect(over[0]).toMatchObject({ severity: "refusal", code: "TERM_TOO_LONG" });
    expect(over[0]!.source).toEqual(TERM_LIMITS.INTERNATIONAL_PROJECT.source);
  });

  it("holds an MOU request to the International Project's 3 years", async () => {
    const findings = await checkProposal(
      internationalProject({ termStart: "2027-01-01", termEnd: "2031-01-01" }, "MOU_REQUEST"),
      anEmptyRegistry,
    );
    expect(codes(findings)).toEqual(["TERM_TOO_LONG", "MOU_AS_INTERNATIONAL_PROJECT"]);
    expect(findings[0]!.source).toEqual(TERM_LIMITS.INTERNATIONAL_PROJECT.source);
  });

  it("refuses a term that ends before it starts", async () => {
    const findings = await checkProposal(
      partnershipCity({ termStart: "2027-01-01", termEnd: "2026-12-31" }),
      anEmptyRegistry,
    );
    expect(findings).toEqual([
      {
        severity: "refusal",
        code: "TERM_ENDS_BEFORE_START",
        message: "The term ends (2026-12-31) before it starts (2027-01-01).",
      },
    ]);
  });

  it.each(["REGIONAL_GOVERNMENT", "COUNTRY", "CHAMBER_OF_COMMERCE", "TRADE_OR_INVESTMENT_AGENCY"])(
    "refuses a %s as the signatory, quoting the rule that the signatory must be a municipal government",
    async (counterpartyKind) => {
      const findings = await checkProposal(partnershipCity({ counterpartyKind }), anEmptyRegistry);
      expect(findings).toHaveLength(1);
      expect(findings[0]).toMatchObject({
        severity: "refusal",
        code: "SIGNATORY_NOT_MUNICIPALITY",
        source: { document: STAFF_REPORT_2024, locator: "Attachment 2, Core Eligibility Criteria" },
      });
      expect(findings[0]!.message).toContain("the signatory must itself be a municipal government");
      expect(findings[0]!.source!.quote).toBe(
        "The counterpart municipality may delegate the implementation of certain activities undertaken as part of the " +
          "Agreement to a recognized third party, but the signatory to the Agreement must itself be a municipal government.",
      );
    },
  );

  it("cites Attachment 3 when an International Project's signatory is not a municipality", async () => {
    const findings = await checkProposal(internationalProject({ counterpartyKind: "COUNTRY" }), anEmptyRegistry);
    expect(findings[0]).toMatchObject({
      code: "SIGNATORY_NOT_MUNICIPALITY",
      message:
        "A country (national government) is not eligible to sign: the signatory must itself be a municipal " +
        "government. The municipal government of Porto can sign and delegate activities to a recognized third party.",
      source: { locator: "Attachment 3, Core Eligibility Criteria" },
    });
  });

  it("warns when Toronto already has an agreement with the candidate city", async () => {
    const findings = await checkProposal(
      partnershipCity({ candidateCity: "Milan" }),
      aRegistryWith({ name: "Milan", category: "PARTNERSHIP_CITY" }),
    );
    expect(findings).toEqual([
      {
        severity: "warning",
        code: "EXISTING_AGREEMENT",
        message: "Toronto already has a Partnership City agreement with Milan: is this a renewal or a duplicate?",
      },
    ]);
    expect(isAcceptable(findings)).toBe(true);
  });

  it("notes that a city whose earlier agreement is Historical may propose a new one", async () => {
    const findings = await checkProposal(
      internationalProject({ candidateCity: "Wuxi" }),
      aRegistryWith({ name: "Wuxi", category: "HISTORICAL" }),
    );
    expect(findings).toEqual([
      {
        severity: "info",
        code: "EARLIER_AGREEMENT_HISTORICAL",
        message: "Wuxi's earlier agreement is Historical; the policy lets it propose a new agreement.",
        source: {
          document: STAFF_REPORT_2024,
          locator: "Recommendation 5",
          quote:
            "Impacted cities would be welcome to approach Toronto with new proposals for either an International " +
            "Project or Partnership City agreement, in accordance with the IAP policy.",
        },
      },
    ]);
  });

  it("explains that an MOU request is handled as an International Project proposal, quoting Recommendation 3", async () => {
    const findings = await checkProposal(internationalProject({}, "MOU_REQUEST"), anEmptyRegistry);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      severity: "info",
      code: "MOU_AS_INTERNATIONAL_PROJECT",
      source: { document: STAFF_REPORT_2024, locator: "Recommendation 3" },
    });
    expect(findings[0]!.message).toContain("handled as an International Project proposal");
    expect(findings[0]!.source!.quote).toMatch(
      /^Discontinue the use of MOUs, assign certain in-force MOUs to the International Project agreement category, /,
    );
  });

  it("warns when an International Project's project ends outside its term", async () => {
    const proposal = anInternationalProjectProposal();
    const findings = await checkProposal(
      valid("INTERNATIONAL_PROJECT", {
        ...proposal,
        project: { ...(proposal.project as object), endDate: "2030-06-30" },
      }),
      anEmptyRegistry,
    );
    expect(codes(findings)).toEqual(["PROJECT_ENDS_OUTSIDE_TERM"]);
  });

  it("puts refusals first and reports every finding at once", async () => {
    const findings = await checkProposal(
      internationalProject(
        { candidateCity: "Lisbon", counterpartyKind: "COUNTRY", termEnd: "2031-01-01" },
        "MOU_REQUEST",
      ),
      aRegistryWith({ name: "Lisbon", category: "INTERNATIONAL_PROJECT" }),
    );
    expect(codes(findings)).toEqual([
      "TERM_TOO_LONG",
      "SIGNATORY_NOT_MUNICIPALITY",
      "EXISTING_AGREEMENT",
      "MOU_AS_INTERNATIONAL_PROJECT",
    ]);
  });

  it("warns when a renewal names no agreement in the registry", async () => {
    const renewal = valid("RENEWAL", { agreementName: "Atlantis", reasonToRenew: "Ties", pastPerformance: "None" });
    expect(codes(await checkProposal(renewal, anEmptyRegistry))).toEqual(["NO_AGREEMENT_TO_RENEW"]);
  });

  it("accepts findings without a refusal and refuses findings with one", () => {
    expect(isAcceptable([])).toBe(true);
    expect(isAcceptable([{ severity: "warning", code: "EXISTING_AGREEMENT", message: "…" }])).toBe(true);
    expect(isAcceptable([{ severity: "info", code: "MOU_AS_INTERNATIONAL_PROJECT", message: "…" }])).toBe(true);
    expect(
      isAcceptable([
        { severity: "info", code: "MOU_AS_INTERNATIONAL_PROJECT", message: "…" },
        { severity: "refusal", code: "TERM_TOO_LONG", message: "…" },
      ]),
    ).toBe(false);
  });

  it("quotes the documents word for word", async () => {
    const findings = await checkProposal(
      internationalProject(
        { candidateCity: "Wuxi", counterpartyKind: "COUNTRY", termEnd: "2031-01-01" },
        "MOU_REQUEST",
      ),
      aRegistryWith({ name: "Wuxi", category: "HISTORICAL" }),
    );
    const quoted = findings.filter((finding) => finding.source);
    expect(quoted).toHaveLength(4);
    for (const { source } of quoted) expect(sourceText(source!.document)).toContain(readableText(source!.quote!));
  });
});

describe("the Step 2 initial assessment checklist", () => {
  it("asks the six Partnership City questions of Attachment 2", () => {
    const checklist = checklistFor("PARTNERSHIP_CITY");
    expect(checklist.questions.map((question) => question.key)).toEqual([
      "meetsCoreEligibility",
      "clearAndCompelling",
      "strongMarketOrPartner",
      "comparablePopulationAndGdp",
      "jurisdictionOfInterest",
      "interestAndCapacity",
    ]);
    expect(checklist.source.locator).toBe("Attachment 2, Step 2: Initial Assessment");
  });

  it("asks the four International Project questions of Attachment 3", () => {
    const checklist = checklistFor("INTERNATIONAL_PROJECT");
    expect(checklist.questions).toHaveLength(4);
    expect(checklist.source.locator).toBe("Attachment 3, Step 2: Initial Assessment");
  });

  it.each(["PARTNERSHIP_CITY", "INTERNATIONAL_PROJECT"] as const)(
    "words every %s question as the policy does",
    (route) => {
      const checklist = checklistFor(route);
      const document = sourceText(checklist.source.document);
      for (const { question } of checklist.questions) expect(document).toContain(readableText(question));
      expect(document).toContain(readableText(checklist.source.quote!));
    },
  );
});
