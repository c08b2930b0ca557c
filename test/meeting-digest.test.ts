import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../src/audit/audit-log.js";
import { answerQuestion, type ConversationDeps } from "../src/conversation/answer-question.js";
import type { Reply } from "../src/conversation/reply.js";
import { applyMigrations } from "../src/db/apply-migrations.js";
import type { Database } from "../src/db/open-database.js";
import type { IntakeState } from "../src/generated/prisma/client.js";
import { seedRegistry } from "../src/registry/seed-registry.js";
import { digestCsv } from "../src/reminders/digest-csv.js";
import { digestMarkdown } from "../src/reminders/digest-markdown.js";
import { digestReply } from "../src/reminders/digest-reply.js";
import {
  buildMeetingDigest,
  type MeetingDigest,
  type MeetingDigestDeps,
  meetingDigestReply,
} from "../src/reminders/meeting-digest.js";
import { anAgreement, aRegistryDocument } from "./support/agreement-builder.js";
import { openTestDatabase, testDatabaseKinds } from "./support/test-databases.js";

/**
 * Sunday 22 November 2026, 10:00 in Toronto. With the default meeting dates the next meeting is
 * Tuesday 2 February 2027 (2027Q1), the one before it 3 November 2026; the digest looks ahead to
 * 1 August 2027 and calls dormant what has no activity since 2 February 2026.
 */
const now = new Date("2026-11-22T15:00:00Z");
const MEETING = "2027-02-02";
const timeZone = "America/Toronto";

const registry = aRegistryDocument(
  // Term ends in the window; established in a year only, so its 40th anniversary has no date.
  anAgreement("lisbon")
    .inCategory("INTERNATIONAL_PROJECT")
    .inCountry("Portugal")
    .expiring("2027-03-31")
    .with({
      establishedYear: 1987,
      projects: [project("Tourism exchange", "2027-12-31")],
      activities: [
        { year: 2026, endYear: null, occurredOn: null, description: "Fado night", source: null },
        { year: 2026, endYear: null, occurredOn: "2026-11-02", description: "Before the last meeting", source: null },
      ],
    }),
  // A project ends in the window; 35 years on 12 May 2027.
  anAgreement("frankfurt")
    .inCountry("Germany")
    .expiring("2030-12-31")
    .with({
      establishedOn: "1992-05-12",
      establishedYear: 1992,
      projects: [project("Student exchange", "2027-06-30")],
      activities: [
        {
          year: 2026,
          endYear: null,
          occurredOn: "2026-12-05",
          description: "Christmas market delegation",
          source: null,
        },
        { year: 2027, endYear: null, occurredOn: MEETING, description: "On the meeting day", source: null },
      ],
    }),
  // Hostile names: nothing recorded but a date of establishment (10 years on 1 March 2027).
  anAgreement("hostile-channel").with({ counterpartyName: "<!channel>", establishedOn: "2017-03-01" }),
  anAgreement("hostile-bold")
    .inCategory("INTERNATIONAL_PROJECT")
    .expiring("2027-07-15")
    .with({
      counterpartyName: "*x*",
      projects: [project("# heading", "2027-04-30")],
      activities: [{ year: 2025, endYear: null, occurredOn: "2025-06-01", description: "Workshop", source: null }],
    }),
  // Active last in January 2026: dormant by the month, though its year reaches the cut-off's year.
  anAgreement("hostile-heading").with({
    counterpartyName: "# heading",
    establishedYear: 2022,
    projects: [project("Ongoing", null)],
    activities: [{ year: 2026, endYear: null, occurredOn: "2026-01-15", description: "Kick-off", source: null }],
  }),
  // Historical: none of the digest's business, whatever its dates.
  anAgreement("chongqing")
    .inCategory("HISTORICAL")
    .inCountry("China")
    .expiring("2027-03-01")
    .with({ establishedOn: "1987-01-01", establishedYear: 1987 }),
  // Established after the dormancy cut-off: too new to be dormant, and complete.
  anAgreement("new-town")
    .expiring("2031-08-31")
    .with({ establishedOn: "2026-09-01", establishedYear: 2026, projects: [project("Launch", "2031-08-31")] }),
);

function project(name: string, endDate: string | null) {
  return {
    name,
    objective: null,
    activity: null,
    measure: null,
    assignee: null,
    resources: null,
    startDate: null,
    endDate,
    source: null,
  };
}

const REQUESTER = { platform: "SLACK", externalId: "U-REQUESTER" } as const satisfies Actor;
const OPERATOR = { platform: "CONSOLE", externalId: "dana" } as const satisfies Actor;
const STAFF = { platform: "SLACK", externalId: "U-STAFF" } as const satisfies Actor;

const names = (list: readonly { agreement: { name: string } }[]) => list.map((item) => item.agreement.name);
const list = (reply: Reply, title: string | RegExp) =>
  reply.lists?.find((candidate) =>
    typeof title === "string" ? candidate.title === title : title.test(candidate.title ?? ""),
  );
const factValue = (reply: Reply, label: string) => reply.facts?.find((fact) => fact.label === label)?.value;

describe.each(testDatabaseKinds)("the meeting digest on $name", (kind) => {
  let database: Database;
  let deps: MeetingDigestDeps;
  let digest: MeetingDigest;
  const numbers: Record<string, number> = {};

  async function addRequest(
    name: string,
    state: IntakeState,
    submittedAt: string,
    moves: readonly { from: IntakeState | null; to: IntakeState; at: string }[],
    title = `Partnership City proposal: ${name}`,
  ) {
    const request = await database.prisma.intakeRequest.create({
      data: {
        kind: "PARTNERSHIP_CITY",
        state,
        title,
        proposal: {},
        requesterPlatform: REQUESTER.platform,
        requesterExternalId: REQUESTER.externalId,
        submittedAt: new Date(submittedAt),
        steps: {
          create: [{ from: null, to: "SUBMITTED" as IntakeState, at: submittedAt }, ...moves].map((move) => ({
            fromState: move.from,
            toState: move.to,
            event: { type: "TEST" },
            summary: `${move.from} → ${move.to}`,
            actorPlatform: REQUESTER.platform,
            actorExternalId: REQUESTER.externalId,
            at: new Date(move.at),
          })),
        },
      },
    });
    numbers[name] = request.id;
  }

  beforeAll(async () => {
    database = await openTestDatabase(kind.newTarget());
    await applyMigrations(database.sql);
    await seedRegistry(database.prisma, registry, { now });
    // 02:00 UTC on 1 October is still 30 September in Toronto.
    await addRequest("Lyon", "SUBMITTED", "2026-10-01T02:00:00Z", []);
    await addRequest("Nice", "SUBMITTED", "2026-08-01T14:00:00Z", [], "<!channel> proposal: *Nice*");
    await addRequest("Porto", "INITIAL_ASSESSMENT", "2026-09-01T14:00:00Z", [
      { from: "SUBMITTED", to: "INITIAL_ASSESSMENT", at: "2026-10-15T14:00:00Z" },
      // A comment stays at the step: the step's age counts from the move, not from the comment.
      { from: "INITIAL_ASSESSMENT", to: "INITIAL_ASSESSMENT", at: "2026-11-20T14:00:00Z" },
    ]);
    await addRequest("Seville", "APPROVED", "2026-06-01T14:00:00Z", [
      { from: "SUBMITTED", to: "APPROVED", at: "2026-07-01T14:00:00Z" },
    ]);
    deps = { prisma: database.prisma, clock: () => now, timeZone, meetingDates: [] };
    digest = await buildMeetingDigest(deps, MEETING);
  });
  afterAll(async () => {
    await database?.close();
  });

  describe("buildMeetingDigest", () => {
    it("is for the meeting, counting since the previous one", () => {
      expect(digest).toMatchObject({
        meeting: MEETING,
        quarter: { year: 2027, quarter: 1 },
        previousMeeting: "2026-11-03",
        builtOn: "2026-11-22",
      });
    });

    it("lists term ends and project end dates of active agreements in the next two quarters, by date", () => {
      expect(digest.expiring.window).toEqual({ from: MEETING, to: "2027-08-01" });
      expect(digest.expiring.items.map((item) => [item.date, item.kind, item.agreement.name])).toEqual([
        ["2027-03-31", "term-end", "Lisbon"],
        ["2027-04-30", "project-end", "*x*"],
        ["2027-06-30", "project-end", "Frankfurt"],
        ["2027-07-15", "term-end", "*x*"],
      ]);
      expect(digest.expiring.items[1]).toMatchObject({ project: "# heading" });
      // <!channel> and # heading: Partnership Cities with no term end recorded.
      expect(digest.expiring.withoutTermEnd).toBe(2);
    });

    it("lists 5th-year anniversaries with their date, and never guesses one from a year alone", () => {
      expect(digest.anniversaries.items).toEqual([
        expect.objectContaining({ years: 10, date: "2027-03-01", established: "2017-03-01" }),
        expect.objectContaining({ years: 35, date: "2027-05-12", established: "1992-05-12" }),
        expect.objectContaining({ years: 5, date: null, year: 2027, established: "2022" }),
        expect.objectContaining({ years: 40, date: null, year: 2027, established: "1987" }),
      ]);
      expect(names(digest.anniversaries.items)).toEqual(["<!channel>", "Frankfurt", "# heading", "Lisbon"]);
    });

    it("groups open requests by step, oldest first, with their ages in days", () => {
      expect(digest.intake.total).toBe(3);
      expect(
        digest.intake.byState.map((group) => [group.state, group.requests.map((request) => request.number)]),
      ).toEqual([
        ["SUBMITTED", [numbers.Nice, numbers.Lyon]],
        ["INITIAL_ASSESSMENT", [numbers.Porto]],
        ["CAPACITY_ASSESSMENT", []],
        ["APPROVAL", []],
      ]);
      expect(digest.intake.byState[0]!.requests[1]).toMatchObject({
        submittedOn: "2026-09-30",
        daysOpen: 53,
        atStepSince: "2026-09-30",
        daysAtStep: 53,
      });
      expect(digest.intake.byState[1]!.requests[0]).toMatchObject({
        submittedOn: "2026-09-01",
        daysOpen: 82,
        atStepSince: "2026-10-15",
        daysAtStep: 38,
      });
    });

    it("calls dormant the active agreements with no activity in the last 12 months, by month", () => {
      expect(digest.dormant).toMatchObject({ months: 12, since: "2026-02-02" });
      expect(digest.dormant.items).toEqual([
        expect.objectContaining({ agreement: expect.objectContaining({ name: "*x*" }), lastActivityYear: 2025 }),
        expect.objectContaining({ agreement: expect.objectContaining({ name: "# heading" }), lastActivityYear: 2026 }),
        expect.objectContaining({ agreement: expect.objectContaining({ name: "<!channel>" }), lastActivityYear: null }),
      ]);
    });

    it("takes the dormancy period from the deps", async () => {
      const shorter = await buildMeetingDigest({ ...deps, dormantMonths: 2 }, MEETING);
      expect(shorter.dormant.since).toBe("2026-12-02");
      // Frankfurt's 5 December 2026 is inside two months; Lisbon's 2026 has no day, so it may be; New Town is no longer new.
      expect(names(shorter.dormant.items)).toEqual(["*x*", "# heading", "<!channel>", "New Town"]);
      const longer = await buildMeetingDigest({ ...deps, dormantMonths: 24 }, MEETING);
      expect(names(longer.dormant.items)).toEqual(["<!channel>"]);
    });

    it("lists the active agreements that break the 2024 rules", () => {
      expect(digest.ruleBreaches.noTermEnd.map((agreement) => agreement.name)).toEqual(["# heading", "<!channel>"]);
      expect(digest.ruleBreaches.noProject.map((agreement) => agreement.name)).toEqual(["<!channel>"]);
    });

    it("lists activities since the last meeting, dated ones first, and those known by year only apart", () => {
      expect(digest.activities.window).toEqual({ from: "2026-11-03", to: "2027-02-01" });
      expect(digest.activities.sinceLastMeeting).toBe(true);
      expect(digest.activities.dated.map((item) => [item.date, item.agreement.name, item.description])).toEqual([
        ["2026-12-05", "Frankfurt", "Christmas market delegation"],
      ]);
      expect(digest.activities.yearOnly.map((item) => [item.year, item.agreement.name, item.description])).toEqual([
        [2026, "Lisbon", "Fado night"],
      ]);
    });

    it("counts from three months back when no earlier meeting is known", async () => {
      const first = await buildMeetingDigest({ ...deps, meetingDates: ["2027-01-20", "2027-04-14"] }, "2027-01-20");
      expect(first.previousMeeting).toBeNull();
      expect(first.activities).toMatchObject({
        window: { from: "2026-10-20", to: "2027-01-19" },
        sinceLastMeeting: false,
      });
    });
  });

  describe("rendered", () => {
    it("as a chat reply: a list per section with its total, names as recorded", () => {
      const reply = digestReply(digest);
      expect(reply.title).toBe("Working group meeting, 2 February 2027");
      expect(factValue(reply, "Meeting")).toBe("2 February 2027 (2027Q1)");
      expect(factValue(reply, "Previous meeting")).toBe("3 November 2026");
      expect(factValue(reply, "Requests at “Submitted”")).toBe("2");
      expect(list(reply, "Ending by 1 August 2027")?.items.map((item) => item.text)).toEqual([
        "Lisbon",
        "*x*: project “# heading”",
        "Frankfurt: project “Student exchange”",
        "*x*",
      ]);
      expect(list(reply, "Anniversaries by 1 August 2027")?.items.map((item) => item.detail)).toEqual([
        "10th anniversary on 1 March 2027 (established 1 March 2017)",
        "35th anniversary on 12 May 2027 (established 12 May 1992)",
        "5th anniversary in 2027, date not recorded (established 2022)",
        "40th anniversary in 2027, date not recorded (established 1987)",
      ]);
      expect(list(reply, "Intake pipeline, by step")).toMatchObject({ total: 3 });
      expect(list(reply, "Intake pipeline, by step")?.items[0]).toEqual({
        text: `Request ${numbers.Nice}: <!channel> proposal: *Nice*`,
        detail: "Submitted · 113 days open · 113 days at this step",
      });
      expect(list(reply, /^Dormant/)?.items.map((item) => item.text)).toEqual(["*x*", "# heading", "<!channel>"]);
      expect(list(reply, "No tangible project recorded")?.items).toEqual([
        { text: "<!channel>", detail: "Partnership City" },
      ]);
      expect(list(reply, "Activities since 3 November 2026")?.items.map((item) => item.detail)).toEqual([
        "5 December 2026: Christmas market delegation",
        "2026, date not recorded: Fado night",
      ]);
      expect(reply.text).toBe(
        "To prepare for 2 February 2027: 4 term or project ends and 4 anniversaries to 1 August 2027; 3 open requests; " +
          "3 dormant agreements; 2 active agreements with no term end recorded (their ends cannot be checked) and 1 with " +
          "no project; 2 activities since 3 November 2026.",
      );
    });

    it("pages a long section in chat and says how many there are", async () => {
      const many = {
        ...digest,
        ruleBreaches: {
          ...digest.ruleBreaches,
          noTermEnd: Array.from({ length: 30 }, (_, index) => ({
            id: index,
            name: `Town ${index}`,
            category: "PARTNERSHIP_CITY" as const,
          })),
        },
      };
      const section = list(digestReply(many), "No term end recorded");
      expect(section?.items).toHaveLength(8);
      expect(section?.total).toBe(30);
    });

    it("as Markdown with a heading per section, data escaped so names cannot inject markup", () => {
      const markdown = digestMarkdown(digest);
      expect(markdown.split("\n").filter((line) => line.startsWith("#"))).toEqual([
        "# IAP working group meeting: 2 February 2027",
        "## Ending by 1 August 2027",
        "## Anniversaries by 1 August 2027",
        "## Intake pipeline",
        "### Submitted (2)",
        "### Initial assessment (1)",
        "### Internal capacity assessment (0)",
        "### Approval (0)",
        "## Dormant agreements",
        "## 2024 rules: time-limited, with a tangible project",
        "### No term end recorded (2)",
        "### No tangible project recorded (1)",
        "## Activities since the last meeting (3 November 2026)",
      ]);
      expect(markdown).toContain("- 31 March 2027: **Lisbon**, term ends (International Project)");
      expect(markdown).toContain("- 30 April 2027: **\\*x\\***, project “\\# heading” ends");
      expect(markdown).toContain("- 1 March 2027: **\\<\\!channel\\>**, 10th anniversary (established 1 March 2017)");
      expect(markdown).toContain("- 2027, date not recorded: **\\# heading**, 5th anniversary (established 2022)");
      expect(markdown).toContain(`- Request ${numbers.Nice}: \\<\\!channel\\> proposal: \\*Nice\\*; submitted`);
      expect(markdown).not.toContain("<!channel>");
      expect(markdown).not.toMatch(/(^|[^\\])\*x\*/);
      expect(markdown).not.toMatch(/(^|[^\\])# heading/);
    });

    it("as CSV, one row per item, names as recorded", () => {
      const rows = parse(digestCsv(digest), { columns: true }) as Record<string, string>[];
      expect(Object.keys(rows[0]!)).toEqual(["section", "subject", "date", "detail"]);
      const bySection = (section: string) => rows.filter((row) => row.section === section);
      expect(bySection("Ending").map((row) => [row.subject, row.date])).toEqual([
        ["Lisbon", "2027-03-31"],
        ["*x*", "2027-04-30"],
        ["Frankfurt", "2027-06-30"],
        ["*x*", "2027-07-15"],
      ]);
      expect(bySection("Ending")[1]!.detail).toBe("project “# heading” ends");
      expect(bySection("Anniversary").map((row) => [row.subject, row.date])).toEqual([
        ["<!channel>", "2027-03-01"],
        ["Frankfurt", "2027-05-12"],
        ["# heading", "2027"],
        ["Lisbon", "2027"],
      ]);
      expect(bySection("Anniversary")[3]!.detail).toBe("40th anniversary (established 1987); date not recorded");
      expect(bySection("Intake pipeline").map((row) => row.subject)).toEqual([
        `Request ${numbers.Nice}: <!channel> proposal: *Nice*`,
        `Request ${numbers.Lyon}: Partnership City proposal: Lyon`,
        `Request ${numbers.Porto}: Partnership City proposal: Porto`,
      ]);
      expect(bySection("Dormant").map((row) => row.subject)).toEqual(["*x*", "# heading", "<!channel>"]);
      expect(bySection("No term end recorded").map((row) => row.subject)).toEqual(["# heading", "<!channel>"]);
      expect(bySection("No tangible project recorded").map((row) => row.subject)).toEqual(["<!channel>"]);
      expect(bySection("Activity since the last meeting").map((row) => [row.subject, row.date, row.detail])).toEqual([
        ["Frankfurt", "2026-12-05", "Christmas market delegation"],
        ["Lisbon", "2026", "Fado night (date not recorded)"],
      ]);
    });

    it("as the scheduler's post: the same reply as in chat", async () => {
      expect(await meetingDigestReply(deps, MEETING)).toEqual(digestReply(digest));
    });
  });

  describe("in chat", () => {
    let conversation = 0;
    const chatDeps = (): ConversationDeps => ({ prisma: database.prisma, clock: () => now, timeZone });
    const ask = (text: string, asker?: Actor, extra: Partial<ConversationDeps> = {}) =>
      answerQuestion(
        { ...chatDeps(), ...extra },
        { conversationKey: `test:digest:${++conversation}`, text, ...(asker ? { asker } : {}) },
      );

    it.each([
      ["digest"],
      ["/iap digest"],
      ["prep for next meeting"],
      ["prepare the quarterly meeting"],
      ["what's on the agenda for the next meeting?"],
    ])("answers '%s' with the digest for the next meeting", async (text) => {
      const reply = await ask(text, OPERATOR);
      expect(reply).toEqual(digestReply(digest));
    });

    it("gives the digest of a quarter's meeting", async () => {
      const reply = await ask("digest 2027Q2", OPERATOR);
      expect(reply.title).toBe("Working group meeting, 4 May 2027");
      expect(factValue(reply, "Previous meeting")).toBe("2 February 2027");
    });

    it("shows who is not a coordinator or division representative how many requests wait, not which", async () => {
      for (const asker of [STAFF, undefined]) {
        const reply = await ask("digest", asker);
        expect(list(reply, "Intake pipeline, by step")).toBeUndefined();
        expect(factValue(reply, "Requests at “Submitted”")).toBe("2");
        expect(JSON.stringify(reply)).not.toContain("Nice");
        expect(reply.text).toContain("Only CCO-SPER coordinators and division representatives see the requests");
      }
    });

    it("uses the configured meeting dates, and says when a quarter has no meeting", async () => {
      const meetingDates = ["2027-01-20", "2027-04-14"];
      const next = await ask("prep for next meeting", OPERATOR, { meetingDates });
      expect(next.title).toBe("Working group meeting, 20 January 2027");
      const none = await ask("digest 2027Q3", OPERATOR, { meetingDates });
      expect(none.kind).toBe("not-found");
      expect(none.text).toContain("No working group meeting is scheduled in 2027Q3");
    });

    it("says when the next meeting is", async () => {
      const reply = await ask("when is the next meeting?");
      expect(reply.text).toContain("The working group's next meeting is on 2 February 2027.");
      expect(factValue(reply, "Previous meeting")).toBe("3 November 2026");
      expect(reply.suggestions?.map((suggestion) => suggestion.query)).toContain("prep for next meeting");
      const configured = await ask("next meeting", undefined, { meetingDates: ["2027-01-20"] });
      expect(factValue(configured, "Next meeting")).toBe("20 January 2027");
      expect(configured.text).toContain("These are the configured meeting dates.");
    });

    it("cites the working group's mandate and the 2024 rules for 'source?'", async () => {
      const key = "test:digest:sources";
      await answerQuestion(chatDeps(), { conversationKey: key, text: "digest", asker: OPERATOR });
      const sources = await answerQuestion(chatDeps(), { conversationKey: key, text: "source?" });
      expect(sources.lists?.[0]?.items.map((item) => item.text)).toEqual([
        "Policy: the working group meets no less than quarterly",
        "Policy: time-limited, with a tangible project",
      ]);
    });
  });
});
