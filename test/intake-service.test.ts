import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Core, startCore } from "../src/app/start-core.js";
import { auditTrail } from "../src/audit/audit-log.js";
import { loadConfig } from "../src/config/config.js";
import { checklistFor } from "../src/intake/initial-assessment.js";
import { advanceRequest, submitRequest } from "../src/intake/intake-service.js";
import { createLogger } from "../src/shared/logger.js";
import { anInternationalProjectProposal, aPartnershipCityProposal } from "./support/intake-proposals.js";
import { disposeTestTarget, testDatabaseKinds } from "./support/test-databases.js";

const now = new Date("2026-11-23T15:00:00Z");
const REQUESTER = { platform: "SLACK", externalId: "U-REQUESTER" } as const;
const COORDINATOR = { platform: "SLACK", externalId: "U-COORD" } as const;
const SECOND_COORDINATOR = { platform: "TEAMS", externalId: "aad-coord-2" } as const;
const EDC_REP = { platform: "TEAMS", externalId: "aad-edc-rep" } as const;

const allPositive = (route: "PARTNERSHIP_CITY" | "INTERNATIONAL_PROJECT") =>
  checklistFor(route).questions.map((question) => ({ key: question.key, positive: true, note: "Meets it." }));

describe.each(testDatabaseKinds)("intake requests on $name", (kind) => {
  let core: Core;
  const target = kind.newTarget();

  beforeAll(async () => {
    core = await startCore({ config: loadConfig({}), clock: () => now, logger: createLogger("silent"), target });
    const { prisma } = core.database;
    const sper = await prisma.division.upsert({
      where: { code: "CCO-SPER" },
      create: { code: "CCO-SPER", name: "Strategic Protocol and External Relations" },
      update: {},
    });
    const edc = await prisma.division.upsert({
      where: { code: "EDC" },
      create: { code: "EDC", name: "Economic Development and Culture" },
      update: {},
    });
    const person = (
      name: string,
      role: "COORDINATOR" | "DIVISION_REP",
      divisionId: number,
      id: typeof COORDINATOR | typeof SECOND_COORDINATOR | typeof EDC_REP,
    ) =>
      prisma.person.create({
        data: {
          displayName: name,
          role,
          divisionId,
          identities: { create: [{ platform: id.platform, externalId: id.externalId }] },
        },
      });
    await person("Avery Coordinator", "COORDINATOR", sper.id, COORDINATOR);
    await person("Blake Coordinator", "COORDINATOR", sper.id, SECOND_COORDINATOR);
    await person("Casey EDC", "DIVISION_REP", edc.id, EDC_REP);
  });
  afterAll(async () => {
    await core?.close();
    await disposeTestTarget(target);
  });

  const advance = (number: number, event: unknown, actor: { platform: "SLACK" | "TEAMS"; externalId: string }) =>
    advanceRequest(core.database.prisma, { number, event, actor, now });

  it("stores nothing for an incomplete proposal, and says every missing element", async () => {
    const before = await core.database.prisma.intakeRequest.count();
    const outcome = await submitRequest(core.database.prisma, {
      kind: "PARTNERSHIP_CITY",
      input: aPartnershipCityProposal({ goals: "", activities: [] }),
      requester: REQUESTER,
      now,
    });
    expect(outcome.ok).toBe(false);
    expect(outcome.ok ? [] : outcome.problems.map((problem) => problem.field)).toEqual(["goals", "activities"]);
    expect(await core.database.prisma.intakeRequest.count()).toBe(before);
  });

  it("refuses a term over five years with the rule, storing nothing", async () => {
    const outcome = await submitRequest(core.database.prisma, {
      kind: "PARTNERSHIP_CITY",
      input: aPartnershipCityProposal({ termEnd: "2032-01-02" }),
      requester: REQUESTER,
      now,
    });
    expect(outcome).toMatchObject({ ok: false, findings: [{ severity: "refusal", code: "TERM_TOO_LONG" }] });
  });

  it("points out an existing agreement under the same name, and not one that merely looks alike", async () => {
    const warnings = async (candidateCity: string) => {
      const outcome = await submitRequest(core.database.prisma, {
        kind: "PARTNERSHIP_CITY",
        input: aPartnershipCityProposal({ candidateCity, termEnd: "2033-01-01" }), // refused, so nothing is stored
        requester: REQUESTER,
        now,
      });
      return outcome.findings.filter((finding) => finding.severity !== "refusal").map((finding) => finding.code);
    };
    expect(await warnings("Kiev")).toEqual(["EXISTING_AGREEMENT"]);
    expect(await warnings("Wuxi")).toEqual(["EARLIER_AGREEMENT_HISTORICAL"]);
    expect(await warnings("Lyon")).toEqual([]);
  });

  it("walks a Partnership City proposal to approval by Council, and the registry then answers about it", async () => {
    const submitted = await submitRequest(core.database.prisma, {
      kind: "PARTNERSHIP_CITY",
      input: aPartnershipCityProposal(),
      requester: REQUESTER,
      now,
    });
    if (!submitted.ok) throw new Error("expected the proposal to be accepted");
    const { number } = submitted.request;
    expect(submitted.request).toMatchObject({ state: "SUBMITTED", title: "Partnership City proposal: Lyon" });

    expect(await advance(number, { type: "START_INITIAL_ASSESSMENT" }, REQUESTER)).toMatchObject({
      ok: false,
      code: "not-permitted",
    });
    for (const [event, actor, state] of [
      [{ type: "START_INITIAL_ASSESSMENT" }, COORDINATOR, "INITIAL_ASSESSMENT"],
      [
        { type: "RECORD_INITIAL_ASSESSMENT", elements: allPositive("PARTNERSHIP_CITY") },
        COORDINATOR,
        "CAPACITY_ASSESSMENT",
      ],
      [
        { type: "RECORD_CAPACITY", divisionCode: "EDC", staffing: true, budget: true, organisational: true },
        EDC_REP,
        "CAPACITY_ASSESSMENT",
      ],
      [{ type: "COMPLETE_CAPACITY_ASSESSMENT" }, COORDINATOR, "APPROVAL"],
      [
        {
          type: "RECORD_COUNCIL_DECISION",
          approved: true,
          meeting: "City Council meeting CC12",
          decidedOn: "2027-03-26",
        },
        COORDINATOR,
        "APPROVED",
      ],
    ] as const) {
      const outcome = await advance(number, event, actor);
      expect(outcome).toMatchObject({ ok: true, request: { state } });
    }

    const status = await core.ask({ conversationKey: "test:lyon", text: "status of Lyon" });
    expect(status.title).toBe("Lyon");
    expect(status.facts?.find((fact) => fact.label === "Category")?.value).toBe("Partnership City");
    expect(status.facts?.find((fact) => fact.label === "Term end")?.value).toContain("2031");

    const trail = await auditTrail(core.database.prisma, "IntakeRequest", number);
    expect(trail.map((entry) => [entry.action, entry.actor.externalId])).toEqual([
      ["intake.submit", REQUESTER.externalId],
      ["intake.transition", COORDINATOR.externalId],
      ["intake.transition", COORDINATOR.externalId],
      ["intake.transition", EDC_REP.externalId],
      ["intake.transition", COORDINATOR.externalId],
      ["intake.transition", COORDINATOR.externalId],
    ]);
  });

  it("refuses to sign an International Project whose cost exceeds the official's authority", async () => {
    const submitted = await submitRequest(core.database.prisma, {
      kind: "INTERNATIONAL_PROJECT",
      input: anInternationalProjectProposal({ anticipatedCostCad: 250000 }),
      requester: REQUESTER,
      now,
    });
    if (!submitted.ok) throw new Error("expected the proposal to be accepted");
    const { number } = submitted.request;
    await advance(number, { type: "START_INITIAL_ASSESSMENT" }, COORDINATOR);
    await advance(
      number,
      { type: "RECORD_INITIAL_ASSESSMENT", elements: allPositive("INTERNATIONAL_PROJECT") },
      COORDINATOR,
    );
    await advance(
      number,
      { type: "RECORD_CAPACITY", divisionCode: "EDC", staffing: true, budget: true, organisational: true },
      EDC_REP,
    );
    await advance(number, { type: "COMPLETE_CAPACITY_ASSESSMENT" }, COORDINATOR);
    const signing = {
      type: "RECORD_SIGNING",
      official: "DIVISION_HEAD",
      name: "General Manager, EDC",
      signedOn: "2027-02-01",
    };
    expect(await advance(number, { ...signing, signingAuthority: 100000 }, COORDINATOR)).toMatchObject({
      ok: false,
      code: "over-signing-authority",
    });
    expect(await advance(number, { ...signing, signingAuthority: 500000 }, COORDINATOR)).toMatchObject({
      ok: true,
      request: { state: "APPROVED", agreementId: expect.any(Number) },
    });
  });

  it("gives a new agreement with a Historical counterparty its own registry key, keeping the old one", async () => {
    const submitted = await submitRequest(core.database.prisma, {
      kind: "INTERNATIONAL_PROJECT",
      input: anInternationalProjectProposal({ candidateCity: "Wuxi", country: "China" }),
      requester: REQUESTER,
      now,
    });
    if (!submitted.ok) throw new Error("expected the proposal to be accepted");
    const { number } = submitted.request;
    for (const [event, actor] of [
      [{ type: "START_INITIAL_ASSESSMENT" }, COORDINATOR],
      [{ type: "RECORD_INITIAL_ASSESSMENT", elements: allPositive("INTERNATIONAL_PROJECT") }, COORDINATOR],
      [{ type: "RECORD_CAPACITY", divisionCode: "EDC", staffing: true, budget: true, organisational: true }, EDC_REP],
      [{ type: "COMPLETE_CAPACITY_ASSESSMENT" }, COORDINATOR],
      [
        {
          type: "RECORD_SIGNING",
          official: "CITY_MANAGER",
          name: "City Manager",
          signingAuthority: 1000000,
          signedOn: "2027-01-01",
        },
        COORDINATOR,
      ],
    ] as const) {
      expect(await advance(number, event, actor)).toMatchObject({ ok: true });
    }
    const wuxi = await core.database.prisma.agreement.findMany({
      where: { counterpartyName: "Wuxi" },
      select: { slug: true, category: true },
      orderBy: { id: "asc" },
    });
    expect(wuxi).toEqual([
      { slug: "wuxi", category: "HISTORICAL" },
      { slug: "wuxi-2027", category: "INTERNATIONAL_PROJECT" },
    ]);
  });

  it("lets a requester the registry does not know withdraw their own request, and nobody else's", async () => {
    const submitted = await submitRequest(core.database.prisma, {
      kind: "INTERNATIONAL_PROJECT",
      input: anInternationalProjectProposal({ candidateCity: "Bilbao" }),
      requester: REQUESTER,
      now,
    });
    if (!submitted.ok) throw new Error("expected the proposal to be accepted");
    const stranger = { platform: "SLACK", externalId: "U-SOMEONE-ELSE" } as const;
    expect(await advance(submitted.request.number, { type: "WITHDRAW" }, stranger)).toMatchObject({
      ok: false,
      code: "not-permitted",
    });
    expect(
      await advance(submitted.request.number, { type: "WITHDRAW", reason: "Changed plans." }, REQUESTER),
    ).toMatchObject({
      ok: true,
      request: { state: "WITHDRAWN" },
    });
  });

  it("records one decision when two coordinators decide at once; the other is told", async () => {
    const submitted = await submitRequest(core.database.prisma, {
      kind: "PARTNERSHIP_CITY",
      input: aPartnershipCityProposal({ candidateCity: "Marseille" }),
      requester: REQUESTER,
      now,
    });
    if (!submitted.ok) throw new Error("expected the proposal to be accepted");
    const { number } = submitted.request;
    const outcomes = await Promise.all([
      advance(number, { type: "START_INITIAL_ASSESSMENT" }, COORDINATOR),
      advance(number, { type: "DECLINE", reason: "Not a priority this term." }, SECOND_COORDINATOR),
      advance(number, { type: "START_INITIAL_ASSESSMENT" }, COORDINATOR),
    ]);
    expect(outcomes.filter((outcome) => outcome.ok)).toHaveLength(1);
    for (const refused of outcomes.filter((outcome) => !outcome.ok)) {
      expect(["conflict", "illegal-transition"]).toContain(refused.ok ? null : refused.code);
    }
    const steps = await core.database.prisma.intakeStep.count({ where: { requestId: number } });
    expect(steps).toBe(2); // submitted, and the one decision that won
  });
});
