import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Core, startCore } from "../src/app/start-core.js";
import { loadConfig } from "../src/config/config.js";
import { submitRequest } from "../src/intake/intake-service.js";
import { importRegistry } from "../src/registry/import-registry.js";
import { type DueDeps, findDueReminders, postTime } from "../src/reminders/due-reminders.js";
import { DEFAULT_RULES, loadReminderRules, saveReminderRule } from "../src/reminders/reminder-rules.js";
import { createLogger } from "../src/shared/logger.js";
import { anAgreement, aRegistryDocument } from "./support/agreement-builder.js";
import { aPartnershipCityProposal } from "./support/intake-proposals.js";
import { disposeTestTarget, testDatabaseKinds } from "./support/test-databases.js";

const ZONE = "America/Toronto";

/** The reminders due on one local day (its 09:00 post time), as "KIND key-tail: summary". */
async function dueOn(deps: DueDeps, day: string): Promise<string[]> {
  const at = postTime(day, 9, ZONE);
  const due = await findDueReminders(deps, { from: new Date(at.getTime() - 1), to: at });
  return due.map((reminder) => `${reminder.kind} ${reminder.key.split("|").slice(2).join("|")}: ${reminder.summary}`);
}

describe.each(testDatabaseKinds)("each reminder rule on $name", (kind) => {
  const target = kind.newTarget();
  let core: Core;
  let deps: DueDeps;

  beforeAll(async () => {
    core = await startCore({
      config: loadConfig({}),
      clock: () => new Date("2027-01-01T12:00:00Z"),
      logger: createLogger("silent"),
      target,
    });
    const document = aRegistryDocument(
      anAgreement("porto-alegre")
        .inCountry("Brazil")
        .expiring("2027-12-31")
        .with({
          projects: [
            {
              name: "Bus rapid transit exchange",
              objective: null,
              activity: null,
              measure: null,
              assignee: null,
              resources: null,
              startDate: null,
              endDate: "2027-06-30",
              source: null,
            },
          ],
          milestones: [{ title: "Joint report", project: null, dueOn: "2027-04-10", doneOn: null, source: null }],
        }),
      anAgreement("leap-city").expiring("2029-01-01").with({ establishedOn: "2004-02-29", establishedYear: 2004 }),
    );
    const imported = await importRegistry(core.database.prisma, {
      fileName: "rules.json",
      text: JSON.stringify(document),
      now: new Date("2027-01-01T12:00:00Z"),
    });
    if (!imported.ok) throw new Error(JSON.stringify(imported.problems));
    // This spec's own table of dates, in place of the national days seeded at start-up.
    await core.database.prisma.significantDate.deleteMany();
    await core.database.prisma.significantDate.create({
      data: { country: "Brazil", name: "Independence Day", month: 9, day: 7, source: { document: "test table" } },
    });
    await core.database.prisma.significantDate.create({
      data: { country: "Narnia", name: "No partner here", month: 9, day: 7, source: { document: "test table" } },
    });
    deps = {
      prisma: core.database.prisma,
      timeZone: ZONE,
      postHour: 9,
      rules: await loadReminderRules(core.database.prisma),
      intakeTargetMonths: 6,
      meetingDates: ["2027-05-04"],
    };
  });
  afterAll(async () => {
    await core?.close();
    await disposeTestTarget(target);
  });

  it("reminds of a project's end 30 days ahead, and a milestone 7 days ahead and on the day", async () => {
    expect(await dueOn(deps, "2027-05-31")).toEqual([
      "PROJECT_EXPIRY 2027-06-30|30: Porto Alegre: project “Bus rapid transit exchange” ends in 30 days",
    ]);
    expect(await dueOn(deps, "2027-04-03")).toEqual([
      "MILESTONE_DUE 2027-04-10|7: Porto Alegre: “Joint report” due in 7 days",
    ]);
    expect(await dueOn(deps, "2027-04-10")).toEqual([
      "MILESTONE_DUE 2027-04-10|0: Porto Alegre: “Joint report” due today",
    ]);
  });

  it("marks a 29 February anniversary on 28 February in other years, every fifth year only", async () => {
    expect(await dueOn(deps, "2029-02-28")).toEqual(["ANNIVERSARY 2029-02-28|0: Leap City: 25 years today"]);
    expect(await dueOn(deps, "2028-02-29")).toEqual([]); // 24 years
  });

  it("reminds of a partner country's national day 14 days ahead, and not of a country without an agreement", async () => {
    expect(await dueOn(deps, "2027-08-24")).toEqual([
      "SIGNIFICANT_DATE Independence Day|2027-09-07|14: Independence Day (Brazil) on 7 September 2027",
    ]);
  });

  it("posts the meeting digest 7 days before a configured meeting", async () => {
    expect(await dueOn(deps, "2027-04-27")).toEqual(["MEETING_DIGEST 2027-05-04: Working group meeting on 4 May 2027"]);
  });

  it("flags a request open six months, and one waiting 30 days at a step", async () => {
    const outcome = await submitRequest(core.database.prisma, {
      kind: "PARTNERSHIP_CITY",
      input: aPartnershipCityProposal(),
      requester: { platform: "SLACK", externalId: "U1" },
      now: new Date("2027-01-15T17:00:00Z"),
    });
    if (!outcome.ok) throw new Error("should be accepted");
    const n = outcome.request.number;
    expect(await dueOn(deps, "2027-02-14")).toEqual([
      `INTAKE_STEP_WAITING SUBMITTED|2027-02-14: Request ${n} has waited 30 days at “Submitted”`,
    ]);
    expect(await dueOn(deps, "2027-07-15")).toEqual([`INTAKE_OVERDUE 2027-07-15: Request ${n} has been open 6 months`]);
  });

  it("follows a rule's stored settings: another lead time, or off", async () => {
    await saveReminderRule(core.database.prisma, "MILESTONE_DUE", { leadDays: [3] });
    const withThree = { ...deps, rules: await loadReminderRules(core.database.prisma) };
    expect(await dueOn(withThree, "2027-04-07")).toEqual([
      "MILESTONE_DUE 2027-04-10|3: Porto Alegre: “Joint report” due in 3 days",
    ]);
    expect(await dueOn(withThree, "2027-04-03")).toEqual([]);
    await saveReminderRule(core.database.prisma, "MILESTONE_DUE", { enabled: false });
    const off = { ...deps, rules: await loadReminderRules(core.database.prisma) };
    expect(await dueOn(off, "2027-04-07")).toEqual([]);
    await saveReminderRule(core.database.prisma, "MILESTONE_DUE", DEFAULT_RULES.MILESTONE_DUE);
  });

  it("stops lead reminders once someone answers, brings a snoozed one back on its day, and honours a mute", async () => {
    const prisma = core.database.prisma;
    const agreement = await prisma.agreement.findUniqueOrThrow({ where: { slug: "porto-alegre" } });
    const subject = `agreement:${agreement.id}`;
    expect(await dueOn(deps, "2027-07-04")).toEqual([
      "TERM_EXPIRY 2027-12-31|180: Porto Alegre: term ends in 180 days",
    ]);
    await prisma.reminderDelivery.create({
      data: {
        key: `TERM_EXPIRY|${subject}|2027-12-31|180`,
        kind: "TERM_EXPIRY",
        subject,
        agreementId: agreement.id,
        dueOn: new Date("2027-12-31T00:00:00Z"),
        postAt: postTime("2027-07-04", 9, ZONE),
        queuedAt: postTime("2027-07-04", 9, ZONE),
        summary: "Porto Alegre: term ends in 180 days",
        answer: "SNOOZED",
        snoozedUntil: new Date("2027-11-01T00:00:00Z"),
        answeredAt: new Date("2027-07-05T12:00:00Z"),
      },
    });
    expect(await dueOn(deps, "2027-10-02")).toEqual([]); // the 90-day one falls in the snooze
    expect(await dueOn(deps, "2027-11-01")).toEqual([
      "TERM_EXPIRY 2027-12-31|snoozed:2027-11-01: Porto Alegre: term ends in 60 days",
    ]);
    await prisma.reminderDelivery.updateMany({
      where: { subject },
      data: { answer: "RENEWAL_UNDER_WAY", snoozedUntil: null },
    });
    expect(await dueOn(deps, "2027-12-01")).toEqual([]);
    // The renewal did not happen: the day after, it is said once.
    expect(await dueOn(deps, "2028-01-01")).toEqual([
      "TERM_EXPIRY 2027-12-31|expired: Porto Alegre: term ended 31 December 2027, not renewed",
    ]);
    await prisma.reminderMute.create({
      data: { kind: "TERM_EXPIRY", agreementId: agreement.id, mutedBy: "SLACK:U1", mutedAt: new Date() },
    });
    expect(await dueOn(deps, "2028-01-01")).toEqual([]);
  });

  it("escalates a 30-day expiry reminder nobody answered within a week", async () => {
    const prisma = core.database.prisma;
    const agreement = await prisma.agreement.findUniqueOrThrow({ where: { slug: "leap-city" } });
    const queuedAt = postTime("2028-12-02", 9, ZONE);
    await prisma.reminderDelivery.create({
      data: {
        key: `TERM_EXPIRY|agreement:${agreement.id}|2029-01-01|30`,
        kind: "TERM_EXPIRY",
        subject: `agreement:${agreement.id}`,
        agreementId: agreement.id,
        dueOn: new Date("2029-01-01T00:00:00Z"),
        postAt: queuedAt,
        queuedAt,
        summary: "Leap City: term ends in 30 days",
      },
    });
    const at = new Date(queuedAt.getTime() + 7 * 86_400_000);
    const due = await findDueReminders(deps, { from: new Date(at.getTime() - 60_000), to: at });
    expect(due.filter((reminder) => reminder.kind === "ESCALATION").map((reminder) => reminder.summary)).toEqual([
      "No answer yet: Leap City: term ends in 30 days",
    ]);
  });
});
