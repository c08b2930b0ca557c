import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Core, startCore } from "../src/app/start-core.js";
import type { Actor } from "../src/audit/audit-log.js";
import { loadConfig } from "../src/config/config.js";
import { answerQuestion, type ConversationDeps, type Question } from "../src/conversation/answer-question.js";
import type { Reply } from "../src/conversation/reply.js";
import { checklistFor } from "../src/intake/initial-assessment.js";
import { newRequestReply } from "../src/intake/intake-desk.js";
import { advanceRequest, submitRequest } from "../src/intake/intake-service.js";
import { recogniseUser } from "../src/people/recognise-user.js";
import { createLogger } from "../src/shared/logger.js";
import { anInternationalProjectProposal, aPartnershipCityProposal } from "./support/intake-proposals.js";
import { disposeTestTarget, testDatabaseKinds } from "./support/test-databases.js";

/** Monday 23 November 2026, 10:00 in Toronto. */
const now = new Date("2026-11-23T15:00:00Z");
const REQUESTER = { platform: "SLACK", externalId: "U-REQUESTER" } as const satisfies Actor;
const OTHER_REQUESTER = { platform: "SLACK", externalId: "U-OTHER" } as const satisfies Actor;
const COORDINATOR = { platform: "SLACK", externalId: "U-COORD" } as const satisfies Actor;
const EDC_REP = { platform: "TEAMS", externalId: "aad-edc-rep" } as const satisfies Actor;
const STRANGER = { platform: "SLACK", externalId: "U-STRANGER" } as const satisfies Actor;

const factValue = (reply: Reply, label: string) => reply.facts?.find((fact) => fact.label === label)?.value;
const items = (reply: Reply) => reply.lists?.[0]?.items ?? [];
const numbersIn = (reply: Reply) => items(reply).map((item) => Number(/^Request (\d+)/.exec(item.text)?.[1]));
const queries = (reply: Reply) => (reply.suggestions ?? []).map((suggestion) => suggestion.query);

const allPositive = (route: "PARTNERSHIP_CITY" | "INTERNATIONAL_PROJECT") =>
  checklistFor(route).questions.map((question) => ({ key: question.key, positive: true, note: "Meets it." }));

describe.each(testDatabaseKinds)("questions about the intake on $name", (kind) => {
  let core: Core;
  const target = kind.newTarget();
  let asked = 0;
  /** Requests by the city they propose. */
  const numbers: Record<string, number> = {};
  const hostileTitle = `<!channel> ${"Lyon <b>bold</b> ".repeat(6_000)}`;

  const ask = (who: Actor | undefined, text: string, options: Partial<Question> & { deps?: ConversationDeps } = {}) => {
    const { deps, ...question } = options;
    return answerQuestion(deps ?? core.conversation, {
      conversationKey: `test:intake:${++asked}`,
      text,
      ...(who ? { asker: who } : {}),
      ...question,
    });
  };

  async function submit(
    city: string,
    requestKind: "PARTNERSHIP_CITY" | "INTERNATIONAL_PROJECT",
    requester: Actor,
    at: string,
  ): Promise<number> {
    const input =
      requestKind === "PARTNERSHIP_CITY"
        ? aPartnershipCityProposal({ candidateCity: city })
        : anInternationalProjectProposal({ candidateCity: city, country: "Spain" });
    const outcome = await submitRequest(core.database.prisma, {
      kind: requestKind,
      input,
      requester,
      now: new Date(at),
    });
    if (!outcome.ok) throw new Error(`expected the ${city} proposal to be accepted`);
    numbers[city] = outcome.request.number;
    return outcome.request.number;
  }

  async function advance(number: number, event: unknown, actor: Actor, at: string) {
    const outcome = await advanceRequest(core.database.prisma, { number, event, actor, now: new Date(at) });
    if (!outcome.ok) throw new Error(`step refused: ${outcome.reason}`);
  }

  beforeAll(async () => {
    core = await startCore({ config: loadConfig({}), clock: () => now, logger: createLogger("silent"), target });
    const { prisma } = core.database;
    const division = (code: string, name: string) =>
      prisma.division.upsert({ where: { code }, create: { code, name }, update: {} });
    const sper = await division("CCO-SPER", "Strategic Protocol and External Relations");
    const edc = await division("EDC", "Economic Development and Culture");
    const person = (displayName: string, role: "COORDINATOR" | "DIVISION_REP", divisionId: number, id: Actor) =>
      prisma.person.create({
        data: { displayName, role, divisionId, identities: { create: [{ ...id }] } },
      });
    await person("Avery Coordinator", "COORDINATOR", sper.id, COORDINATOR);
    await person("Casey EDC", "DIVISION_REP", edc.id, EDC_REP);

    // Lyon: over six months old, at the initial assessment.
    const lyon = await submit("Lyon", "PARTNERSHIP_CITY", REQUESTER, "2026-03-01T15:00:00Z");
    await advance(lyon, { type: "START_INITIAL_ASSESSMENT" }, COORDINATOR, "2026-03-10T15:00:00Z");
    // Either side of six months before today, in Toronto: 22 May 23:30 and 23 May 08:00.
    await submit("Seville", "PARTNERSHIP_CITY", OTHER_REQUESTER, "2026-05-23T03:30:00Z");
    await submit("Bilbao", "PARTNERSHIP_CITY", OTHER_REQUESTER, "2026-05-23T12:00:00Z");
    await submit("Porto", "INTERNATIONAL_PROJECT", REQUESTER, "2026-10-01T15:00:00Z");
    // Malaga: approved, so it is in the registry and no longer open.
    const malaga = await submit("Malaga", "INTERNATIONAL_PROJECT", EDC_REP, "2026-06-01T15:00:00Z");
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
          signingAuthority: 1_000_000,
          signedOn: "2026-11-01",
        },
        COORDINATOR,
      ],
    ] as const) {
      await advance(malaga, event, actor, "2026-11-02T15:00:00Z");
    }
    // Stored text nobody should see in full, or be pinged by.
    const hostile = await prisma.intakeRequest.create({
      data: {
        kind: "PARTNERSHIP_CITY",
        title: hostileTitle,
        proposal: {},
        requesterPlatform: OTHER_REQUESTER.platform,
        requesterExternalId: OTHER_REQUESTER.externalId,
        submittedAt: now,
      },
    });
    numbers.hostile = hostile.id;
  });
  afterAll(async () => {
    await core?.close();
    await disposeTestTarget(target);
  });

  describe("the status of one request", () => {
    it("tells the requester where their request stands, its age against the target and what comes next", async () => {
      const reply = await ask(REQUESTER, `status of request ${numbers.Lyon}`);
      expect(reply.kind).toBe("answer");
      expect(reply.title).toBe(`Request ${numbers.Lyon}: Partnership City proposal: Lyon`);
      expect(reply.text).toContain("stands at “Initial assessment”, 267 days after it was submitted on 1 March 2026");
      expect(reply.text).toContain("longer than the 6-month target");
      expect(factValue(reply, "Kind")).toBe("Partnership City proposal");
      expect(factValue(reply, "Stands at")).toBe("Initial assessment");
      expect(factValue(reply, "Submitted")).toBe("1 March 2026");
      expect(factValue(reply, "Age")).toBe("267 days open, over the 6-month target");
      expect(factValue(reply, "Requested by")).toBe("Slack user U-REQUESTER");
      expect(factValue(reply, "Last step")).toMatch(/\(Avery Coordinator \(Slack\), 10 March 2026, 11:00\)$/);
      expect(factValue(reply, "Next")).toContain("CCO-SPER records the initial assessment");
      expect(reply.actions?.map((action) => action.label)).toEqual(["Add a comment", "Withdraw"]);
      expect(queries(reply)).toContain("my requests");
      expect(queries(reply)).not.toContain(`history of request ${numbers.Lyon}`);
    });

    it.each([["request #%d"], ["request %d"], ["where is request %d?"], ["what's happening with request %d"]])(
      "answers '%s' from Slack through the core, for the requester",
      async (template) => {
        const { reply, asker } = await core.answerChat({
          platform: "SLACK",
          conversationId: "D-REQUESTER",
          userId: REQUESTER.externalId,
          text: template.replace("%d", String(numbers.Lyon)),
        });
        expect(asker).toBeNull();
        expect(reply.title).toBe(`Request ${numbers.Lyon}: Partnership City proposal: Lyon`);
      },
    );

    it("shows any request to coordinators and division representatives, with the history for coordinators", async () => {
      const byCoordinator = await ask(COORDINATOR, `request ${numbers.Porto}`);
      expect(byCoordinator.kind).toBe("answer");
      expect(factValue(byCoordinator, "Stands at")).toBe("Submitted");
      expect(factValue(byCoordinator, "Age")).toBe("53 days open");
      // A coordinator gets the step buttons wherever they ask.
      expect(byCoordinator.actions?.map((action) => action.label)).toEqual([
        "Start initial assessment",
        "Assign",
        "Decline",
        "Withdraw",
        "Add a comment",
      ]);
      expect(queries(byCoordinator)).toContain(`history of request ${numbers.Porto}`);

      const byRep = await ask(EDC_REP, `request ${numbers.Porto}`);
      expect(byRep.kind).toBe("answer");
      expect(queries(byRep)).not.toContain(`history of request ${numbers.Porto}`);
    });

    it("names the registry agreement an approved request created", async () => {
      const reply = await ask(EDC_REP, `status of request ${numbers.Malaga}`);
      expect(factValue(reply, "Stands at")).toBe("Approved");
      expect(factValue(reply, "Requested by")).toBe("Casey EDC (Teams)");
      expect(factValue(reply, "Registry agreement")).toBe("Malaga (International Project)");
      expect(factValue(reply, "Age")).toBe("175 days since it was submitted");
      expect(reply.text).toContain("Its approval put Malaga in the registry");
      expect(queries(reply)).toContain("status of Malaga");
      expect(reply.actions?.map((action) => action.label)).toEqual(["Add a comment"]);
    });

    it("refuses someone else's request without saying what it is about", async () => {
      const reply = await ask(STRANGER, `status of request ${numbers.Lyon}`);
      expect(reply.kind).toBe("refused");
      expect(reply.text).toContain(`Request ${numbers.Lyon} is not yours; ask CCO-SPER`);
      expect(JSON.stringify(reply)).not.toMatch(/Lyon|Partnership City/);
      expect(reply.actions).toBeUndefined();

      const anonymous = await ask(undefined, `status of request ${numbers.Lyon}`);
      expect(anonymous.kind).toBe("refused");
      expect(JSON.stringify(anonymous)).not.toContain("Lyon");
    });

    it("says there is no such request, even for a number too large for the database", async () => {
      expect((await ask(COORDINATOR, "request 999999")).kind).toBe("not-found");
      const huge = await ask(COORDINATOR, "request 99999999999999");
      expect(huge.kind).toBe("not-found");
      expect(huge.text).toContain("There is no request 99999999999999");
    });
  });

  describe("the asker's own requests", () => {
    it("lists them newest first with where each stands and its age", async () => {
      const reply = await ask(REQUESTER, "my requests");
      expect(reply.kind).toBe("list");
      expect(reply.text).toContain("You have submitted 2 requests, 2 still open");
      expect(numbersIn(reply)).toEqual([numbers.Porto, numbers.Lyon]);
      expect(items(reply)[0]).toEqual({
        text: `Request ${numbers.Porto}: International Project proposal: Porto`,
        detail: "Submitted · submitted 1 October 2026 · 53 days open",
      });
      expect(items(reply)[1]?.detail).toBe(
        "Initial assessment · submitted 1 March 2026 · 267 days open · over the 6-month target",
      );
    });

    it("answers 'what did I submit' the same way, through the core", async () => {
      const { reply } = await core.answerChat({
        platform: "SLACK",
        conversationId: "D-REQUESTER",
        userId: REQUESTER.externalId,
        text: "what did I submit",
      });
      expect(numbersIn(reply)).toEqual([numbers.Porto, numbers.Lyon]);
    });

    it("says when someone has submitted nothing, and how to start", async () => {
      const reply = await ask(STRANGER, "my requests");
      expect(reply.text).toContain("You have not submitted any requests");
      expect(queries(reply)).toContain("new request");
      expect((await ask(undefined, "my requests")).kind).toBe("refused");
    });
  });

  describe("the pipeline", () => {
    it("lists what waits at one state, oldest first", async () => {
      const initial = await ask(COORDINATOR, "what's waiting for initial assessment?");
      expect(initial.kind).toBe("list");
      expect(numbersIn(initial)).toEqual([numbers.Lyon]);
      expect(items(initial)[0]?.detail).toBe(
        "submitted 1 March 2026 · 267 days open · over the 6-month target · from Slack user U-REQUESTER",
      );
      const approval = await ask(EDC_REP, "what is waiting for approval");
      expect(approval.text).toBe("No requests are waiting at “Approval”.");
    });

    it("lists every open request, oldest first, with its state and counts by state", async () => {
      for (const question of ["what's in the intake pipeline", "open requests"]) {
        const reply = await ask(COORDINATOR, question);
        expect(reply.text, question).toBe("5 open requests, oldest first:");
        expect(numbersIn(reply)).toEqual([
          numbers.Lyon,
          numbers.Seville,
          numbers.Bilbao,
          numbers.Porto,
          numbers.hostile,
        ]);
        expect(items(reply)[3]?.detail).toBe(
          "Submitted · submitted 1 October 2026 · 53 days open · from Slack user U-REQUESTER",
        );
        expect(reply.facts).toEqual([
          { label: "Submitted", value: "4", known: true },
          { label: "Initial assessment", value: "1", known: true },
          { label: "Internal capacity assessment", value: "0", known: true },
          { label: "Approval", value: "0", known: true },
        ]);
      }
    });

    it("pages a long pipeline with a More suggestion", async () => {
      const deps = { ...core.conversation, listLimit: 2 };
      const first = await ask(COORDINATOR, "open requests", { deps });
      expect(numbersIn(first)).toEqual([numbers.Lyon, numbers.Seville]);
      const more = first.suggestions?.find((suggestion) => suggestion.offset !== undefined);
      expect(more).toMatchObject({ label: "More (3–4 of 5)", query: "open requests", offset: 2 });
      const second = await ask(COORDINATOR, "open requests", { deps, offset: 2 });
      expect(numbersIn(second)).toEqual([numbers.Bilbao, numbers.Porto]);
    });

    it("refuses the pipeline to staff, and says what they can ask instead", async () => {
      for (const who of [REQUESTER, STRANGER, undefined]) {
        const reply = await ask(who, "what is waiting for approval");
        expect(reply.kind).toBe("refused");
        expect(reply.text).toContain("Only CCO-SPER coordinators and division representatives");
        expect(queries(reply)).toContain("my requests");
      }
    });

    it("clips a hostile stored title in lists and headings, and leaves it as stored", async () => {
      const list = await ask(COORDINATOR, "open requests");
      const line = items(list).find((item) => item.text.startsWith(`Request ${numbers.hostile}:`));
      expect(line?.text.length).toBeLessThanOrEqual(100);
      expect(line?.text).toContain("<!channel> Lyon <b>bold</b>");
      const status = await ask(COORDINATOR, `request ${numbers.hostile}`);
      expect(status.title?.length).toBeLessThanOrEqual(140);
      expect(JSON.stringify(status).length).toBeLessThan(5_000);
      const stored = await core.database.prisma.intakeRequest.findUniqueOrThrow({ where: { id: numbers.hostile } });
      expect(stored.title).toBe(hostileTitle);
    });
  });

  describe("requests open longer than the target", () => {
    it("lists open requests older than the 2001 six-month target by default, counting days in Toronto", async () => {
      const reply = await ask(COORDINATOR, "overdue requests");
      expect(reply.title).toBe("Open longer than 6 months");
      expect(numbersIn(reply)).toEqual([numbers.Lyon, numbers.Seville]);
      expect(reply.text).toContain("2 requests have been open longer than 6 months (submitted before 23 May 2026)");
      expect(reply.text).toContain(
        "The target is 6 months: the 2001 IAP policy asks for a report back within six months of receipt",
      );
      expect(reply.sources?.[0]?.source).toMatchObject({
        document: "002_b3627e290b94d2d0.txt",
        quote: "within six months of the receipt of the request",
      });
    });

    it("takes an age from the question", async () => {
      const reply = await ask(EDC_REP, "requests open over 3 months");
      expect(numbersIn(reply)).toEqual([numbers.Lyon, numbers.Seville, numbers.Bilbao]);
      expect(reply.text).toContain("longer than 3 months (submitted before 23 August 2026)");
      const months = await ask(COORDINATOR, "what has been open longer than 6 months?");
      expect(numbersIn(months)).toEqual([numbers.Lyon, numbers.Seville]);
      const year = await ask(COORDINATOR, "requests older than a year");
      expect(year.text).toContain("No request has been open longer than 1 year");
    });

    it("uses the configured target (INTAKE_REPORT_TARGET_MONTHS) and says so", async () => {
      expect(core.conversation.intakeTargetMonths).toBe(6);
      const deps = { ...core.conversation, intakeTargetMonths: 3 };
      const reply = await ask(COORDINATOR, "overdue requests", { deps });
      expect(numbersIn(reply)).toEqual([numbers.Lyon, numbers.Seville, numbers.Bilbao]);
      expect(reply.text).toContain("The target here is 3 months");
      expect(reply.text).toContain("six months of receipt");
      const status = await ask(REQUESTER, `request ${numbers.Lyon}`, { deps });
      expect(factValue(status, "Age")).toBe("267 days open, over the 3-month target");
    });

    it("refuses staff", async () => {
      expect((await ask(REQUESTER, "overdue requests")).kind).toBe("refused");
    });
  });

  describe("starting a request", () => {
    it.each([
      ["I want to propose a new partner city", "PARTNERSHIP_CITY"],
      ["propose a sister city", "PARTNERSHIP_CITY"],
      ["new international project", "INTERNATIONAL_PROJECT"],
      ["I'd like an MOU with Lyon", "MOU_REQUEST"],
      ["a delegation is visiting", "INBOUND_DELEGATION"],
      ["renew our agreement with Milan", "RENEWAL"],
      ["new request", null],
      ["new", null],
    ] as const)("answers '%s' with the buttons of the %s form", async (text, requestKind) => {
      expect(await ask(STRANGER, text)).toEqual(newRequestReply(requestKind));
    });

    it("still answers how to propose with the policy", async () => {
      const reply = await ask(STRANGER, "how do I propose a partnership city?");
      expect(reply.actions).toBeUndefined();
      expect(reply.text).toContain("CCO-SPER");
    });
  });

  const roleChange = (who: Actor, text: string, mentions: readonly string[]) =>
    core.answerChat({ platform: who.platform, conversationId: "C-IAP", userId: who.externalId, text, mentions });

  describe("roles in chat", () => {
    it("lets a coordinator give and take roles by mentioning the person, each change audited", async () => {
      const { prisma } = core.database;
      const added = await roleChange(COORDINATOR, "role add @Dana coordinator", ["U-DANA"]);
      expect(added.reply.kind).toBe("answer");
      expect(added.reply.text).toBe("Dana: not registered → CCO-SPER coordinator. Recorded in the audit log.");
      expect(await recogniseUser(prisma, "SLACK", "U-DANA")).toMatchObject({
        displayName: "Dana",
        role: "COORDINATOR",
      });

      const rep = await roleChange(COORDINATOR, "make @Dana a division rep for EDC", ["U-DANA"]);
      expect(rep.reply.text).toBe(
        "Dana: CCO-SPER coordinator → division representative (EDC). Recorded in the audit log.",
      );
      const removed = await roleChange(COORDINATOR, "role remove @Dana", ["U-DANA"]);
      expect(removed.reply.text).toBe("Dana: division representative → staff. Recorded in the audit log.");
      expect(await recogniseUser(prisma, "SLACK", "U-DANA")).toMatchObject({ role: "STAFF" });

      const dana = await prisma.chatIdentity.findUniqueOrThrow({
        where: { platform_externalId: { platform: "SLACK", externalId: "U-DANA" } },
      });
      const trail = await prisma.auditEntry.findMany({
        where: { entity: "Person", entityId: String(dana.personId) },
        orderBy: { id: "asc" },
      });
      expect(trail.map((entry) => [entry.action, entry.actorExternalId, entry.after])).toEqual([
        ["role.change", "U-COORD", { role: "COORDINATOR", divisionId: null }],
        ["role.change", "U-COORD", { role: "DIVISION_REP", divisionId: expect.any(Number) }],
        ["role.change", "U-COORD", { role: "STAFF", divisionId: expect.any(Number) }],
      ]);
    });

    it("refuses anyone else, changing nothing", async () => {
      const before = await core.database.prisma.auditEntry.count();
      for (const who of [REQUESTER, EDC_REP]) {
        const { reply } = await roleChange(who, "role add @Eli coordinator", ["U-ELI"]);
        expect(reply.kind).toBe("refused");
        expect(reply.text).toContain("Only CCO-SPER coordinators can change roles");
      }
      expect(await recogniseUser(core.database.prisma, "SLACK", "U-ELI")).toBeNull();
      expect(await core.database.prisma.auditEntry.count()).toBe(before);
    });

    it("explains the command without a mention or a role, and refuses changing one's own role", async () => {
      const noMention = await roleChange(COORDINATOR, "role add Eli coordinator", []);
      expect(noMention.reply.kind).toBe("help");
      expect(noMention.reply.text).toContain("Mention the person with @");
      expect(items(noMention.reply).map((item) => item.text)).toContain("role add @name division rep EDC");
      expect((await roleChange(COORDINATOR, "role", [])).reply.kind).toBe("help");
      const self = await roleChange(COORDINATOR, "role remove @Avery", [COORDINATOR.externalId]);
      expect(self.reply.kind).toBe("refused");
      expect(await recogniseUser(core.database.prisma, "SLACK", COORDINATOR.externalId)).toMatchObject({
        role: "COORDINATOR",
      });
    });
  });

  describe("the audit log", () => {
    it("gives coordinators a request's history: who, on which platform, when, and the states before and after", async () => {
      const reply = await ask(COORDINATOR, `history of request ${numbers.Lyon}`);
      expect(reply.kind).toBe("list");
      expect(items(reply)).toEqual([
        { text: "1 March 2026, 10:00 · Slack user U-REQUESTER", detail: "submitted (→ Submitted)" },
        {
          text: "10 March 2026, 11:00 · Avery Coordinator (Slack)",
          detail: "Start initial assessment (Submitted → Initial assessment)",
        },
      ]);
      const audit = await ask(COORDINATOR, `audit request ${numbers.Malaga}`);
      expect(items(audit).map((item) => item.detail)).toContain(
        "Record capacity (a division) (stays at Internal capacity assessment)",
      );
      expect(items(audit).at(-1)?.detail).toBe("Record signing (Approval → Approved)");
    });

    it("gives the latest entries, newest first, 20 at most, paged", async () => {
      for (let index = 0; index < 6; index++) await roleChange(COORDINATOR, "role add @Gus staff", [`U-GUS-${index}`]);
      await roleChange(COORDINATOR, "role add @Fay staff", ["U-FAY"]);
      const total = await core.database.prisma.auditEntry.count();
      expect(total).toBeGreaterThan(20);
      const reply = await ask(COORDINATOR, "audit log");
      expect(reply.title).toBe("Audit log");
      expect(reply.lists?.[0]).toMatchObject({ total, offset: 0 });
      expect(items(reply)).toHaveLength(20);
      expect(items(reply)[0]).toEqual({
        text: "23 November 2026, 10:00 · Avery Coordinator (Slack)",
        detail: "Fay: role changed (not registered → staff)",
      });
      expect(items(reply).map((item) => item.detail)).toContain(
        `Request ${numbers.Malaga}: Record signing (Approval → Approved)`,
      );
      expect(reply.suggestions?.[0]).toMatchObject({ query: "audit log", offset: 20 });

      const deps = { ...core.conversation, listLimit: 3 };
      const first = await ask(COORDINATOR, "recent changes", { deps });
      expect(items(first)).toHaveLength(3);
      const more = first.suggestions?.find((suggestion) => suggestion.offset === 3);
      expect(more?.query).toBe("recent changes");
      const second = await ask(COORDINATOR, "recent changes", { deps, offset: 3 });
      expect(second.lists?.[0]?.offset).toBe(3);
      expect(items(second)).not.toEqual(items(first));
    });

    it("refuses everyone but coordinators", async () => {
      for (const who of [REQUESTER, EDC_REP, STRANGER, undefined]) {
        expect((await ask(who, "audit log")).kind).toBe("refused");
        expect((await ask(who, `history of request ${numbers.Lyon}`)).kind).toBe("refused");
      }
    });
  });

  it("mentions the intake in the help, keeping the agreement examples first", async () => {
    const reply = await ask(STRANGER, "help");
    expect(reply.lists?.[0]?.items.map((item) => item.text)).toContain("what's happening with Milan?");
    expect(reply.lists?.[1]?.title).toBe("Requests to CCO-SPER");
    expect(reply.lists?.[1]?.items.map((item) => item.text)).toEqual(
      expect.arrayContaining(["new request", "my requests", "overdue requests", "audit log"]),
    );
  });
});
