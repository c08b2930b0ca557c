import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Core, startCore } from "../src/app/start-core.js";
import { auditTrail } from "../src/audit/audit-log.js";
import type { FormValues } from "../src/chat/form.js";
import { loadConfig } from "../src/config/config.js";
import type { ReminderKind } from "../src/generated/prisma/client.js";
import { findDueReminders, postTime } from "../src/reminders/due-reminders.js";
import { loadReminderRules } from "../src/reminders/reminder-rules.js";
import { createLogger } from "../src/shared/logger.js";
import { disposeTestTarget, testDatabaseKinds } from "./support/test-databases.js";

/** Monday 23 November 2026, 10:00 in Toronto. */
const now = new Date("2026-11-23T15:00:00Z");
const ZONE = "America/Toronto";
const TERM_END = "2027-01-15";
const COORDINATOR = "U-COORD";
const DIVISION_REP = "U-REP";
const STAFF = "U-STAFF";

describe.each(testDatabaseKinds)("answering an expiry reminder on $name", (kind) => {
  const target = kind.newTarget();
  let core: Core;
  let lisbonId: number;
  let next = 0;

  /** A ledger row as the scheduler writes it, about Lisbon's term end unless told otherwise. */
  async function aLedgerRow(options: { kind?: ReminderKind; dueOn?: string; lead?: number } = {}): Promise<number> {
    const reminderKind = options.kind ?? "TERM_EXPIRY";
    const dueOn = options.dueOn ?? TERM_END;
    const row = await core.database.prisma.reminderDelivery.create({
      data: {
        key: `${reminderKind}|agreement:${lisbonId}|${dueOn}|${options.lead ?? 30}|${++next}`,
        kind: reminderKind,
        subject: `agreement:${lisbonId}`,
        agreementId: lisbonId,
        dueOn: new Date(`${dueOn}T00:00:00Z`),
        postAt: now,
        queuedAt: now,
        summary: `Lisbon: term ends in ${options.lead ?? 30} days`,
      },
    });
    return row.id;
  }

  const formId = (deliveryId: number, answer: string) => `reminder.answer:${deliveryId}:${answer}`;
  const submit = (id: string, values: FormValues, userId: string) =>
    core.submitForm({ platform: "SLACK", userId, formId: id, values });

  beforeAll(async () => {
    core = await startCore({
      config: loadConfig({}),
      clock: () => now,
      logger: createLogger("silent"),
      target,
    });
    const { prisma } = core.database;
    const lisbon = await prisma.agreement.findFirstOrThrow({ where: { counterpartyName: "Lisbon" } });
    lisbonId = lisbon.id;
    await prisma.agreement.update({ where: { id: lisbonId }, data: { termEnd: new Date(`${TERM_END}T00:00:00Z`) } });
    const division = await prisma.division.findFirstOrThrow();
    await prisma.person.create({
      data: {
        displayName: "Avery",
        role: "COORDINATOR",
        identities: { create: [{ platform: "SLACK", externalId: COORDINATOR }] },
      },
    });
    await prisma.person.create({
      data: {
        displayName: "Bo",
        role: "DIVISION_REP",
        divisionId: division.id,
        identities: { create: [{ platform: "SLACK", externalId: DIVISION_REP }] },
      },
    });
    await prisma.person.create({
      data: { displayName: "Cam", role: "STAFF", identities: { create: [{ platform: "SLACK", externalId: STAFF }] } },
    });
  });
  afterAll(async () => {
    await core?.close();
    await disposeTestTarget(target);
  });

  it("refuses staff and people the registry does not know, at the button and at submission, recording nothing", async () => {
    const id = await aLedgerRow();
    const audited = (await auditTrail(core.database.prisma, "Agreement", lisbonId)).length;
    for (const user of [STAFF, "U-STRANGER"]) {
      const opened = await core.openForm("SLACK", user, formId(id, "RENEWAL_UNDER_WAY"));
      expect(opened.ok).toBe(false);
      if (!opened.ok) {
        expect(opened.reply.kind).toBe("refused");
        expect(opened.reply.text).toContain("Only CCO-SPER coordinators and division representatives");
      }
      const submitted = await submit(formId(id, "LET_EXPIRE"), {}, user);
      expect(submitted.status).toBe("refused");
    }
    const row = await core.database.prisma.reminderDelivery.findUniqueOrThrow({ where: { id } });
    expect(row.answer).toBeNull();
    expect(await auditTrail(core.database.prisma, "Agreement", lisbonId)).toHaveLength(audited);
  });

  it("gives a division representative the renewal form with an optional note, and records the answer on the ledger with an audit entry on the agreement", async () => {
    const id = await aLedgerRow();
    const opened = await core.openForm("SLACK", DIVISION_REP, formId(id, "RENEWAL_UNDER_WAY"));
    expect(opened.ok).toBe(true);
    if (!opened.ok) return;
    expect(opened.form.id).toBe(formId(id, "RENEWAL_UNDER_WAY"));
    expect(opened.form.fields.map((field) => [field.name, field.kind, field.required])).toEqual([
      ["note", "long-text", false],
    ]);
    expect(opened.form.intro).toContain("15 January 2027");

    const done = await submit(formId(id, "RENEWAL_UNDER_WAY"), { note: "  EDC is drafting it  " }, DIVISION_REP);
    expect(done.status).toBe("done");
    if (done.status !== "done") return;
    expect(done.reply.title).toBe("Lisbon: Renewal under way");
    expect(done.reply.facts?.find((fact) => fact.label === "Answered by")?.value).toBe("Bo (Slack)");

    const row = await core.database.prisma.reminderDelivery.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({
      answer: "RENEWAL_UNDER_WAY",
      answerNote: "EDC is drafting it",
      answeredBy: `SLACK:${DIVISION_REP}`,
      answeredAt: now,
      snoozedUntil: null,
    });
    const trail = await auditTrail(core.database.prisma, "Agreement", lisbonId);
    expect(trail.at(-1)).toMatchObject({
      action: "reminder.answer",
      actor: { platform: "SLACK", externalId: DIVISION_REP },
      before: { deliveryId: id, dueOn: TERM_END, answer: null },
      after: { deliveryId: id, dueOn: TERM_END, answer: "RENEWAL_UNDER_WAY", note: "EDC is drafting it" },
    });
  });

  it("lets a second answer replace the first, saying so, with the audit entry showing before and after", async () => {
    const id = await aLedgerRow();
    expect((await submit(formId(id, "LET_EXPIRE"), {}, COORDINATOR)).status).toBe("done");
    const opened = await core.openForm("SLACK", DIVISION_REP, formId(id, "RENEWAL_UNDER_WAY"));
    expect(opened.ok && opened.form.intro).toContain("Already answered “Let it expire” by Avery (Slack)");

    const replaced = await submit(formId(id, "RENEWAL_UNDER_WAY"), {}, DIVISION_REP);
    expect(replaced.status).toBe("done");
    if (replaced.status === "done")
      expect(replaced.reply.text).toContain("This replaces “Let it expire” by Avery (Slack).");
    const row = await core.database.prisma.reminderDelivery.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ answer: "RENEWAL_UNDER_WAY", answerNote: null, answeredBy: `SLACK:${DIVISION_REP}` });
    const entries = (await auditTrail(core.database.prisma, "Agreement", lisbonId)).filter(
      (entry) => (entry.after as { deliveryId?: number }).deliveryId === id,
    );
    expect(
      entries.map((entry) => [
        (entry.before as { answer: string | null }).answer,
        (entry.after as { answer: string }).answer,
      ]),
    ).toEqual([
      [null, "LET_EXPIRE"],
      ["LET_EXPIRE", "RENEWAL_UNDER_WAY"],
    ]);
  });

  it("offers a snooze of 7 days by default and asks why", async () => {
    const id = await aLedgerRow();
    const opened = await core.openForm("SLACK", COORDINATOR, formId(id, "SNOOZED"));
    expect(opened.ok).toBe(true);
    if (!opened.ok) return;
    expect(opened.form.fields.map((field) => [field.name, field.kind, field.required, field.initial])).toEqual([
      ["until", "date", true, "2026-11-30"],
      ["reason", "long-text", true, undefined],
    ]);
  });

  it.each([
    [{ until: "2026-11-23", reason: "waiting" }, "until", "after today"],
    [{ until: "2026-11-20", reason: "waiting" }, "until", "after today"],
    [{ until: "2027-01-16", reason: "waiting" }, "until", "no later than the date itself, 15 January 2027"],
    [{ until: "2027-02-30", reason: "waiting" }, "until", "not a real calendar date"],
    [{ until: "next week", reason: "waiting" }, "until", "a date like"],
    [{ until: "", reason: "waiting" }, "until", "Pick the day"],
    [{ until: "2026-12-01", reason: "  " }, "reason", "Give a reason"],
  ])("refuses the snooze %o on the field %s, recording nothing", async (values, field, message) => {
    const id = await aLedgerRow();
    const result = await submit(formId(id, "SNOOZED"), values, COORDINATOR);
    expect(result.status).toBe("invalid");
    if (result.status !== "invalid") return;
    expect(Object.keys(result.errors)).toEqual([field]);
    expect(result.errors[field]).toContain(message);
    expect((await core.database.prisma.reminderDelivery.findUniqueOrThrow({ where: { id } })).answer).toBeNull();
  });

  it("snoozes to a day on or before the date, and the reminder comes back that day", async () => {
    const id = await aLedgerRow({ dueOn: "2027-02-28" });
    const done = await submit(
      formId(id, "SNOOZED"),
      { until: "2027-02-28", reason: "Waiting for the Lisbon council vote" },
      COORDINATOR,
    );
    expect(done.status).toBe("done");
    if (done.status === "done") expect(done.reply.text).toContain("comes back on 28 February 2027 at 09:00");
    const row = await core.database.prisma.reminderDelivery.findUniqueOrThrow({ where: { id } });
    expect(row.answer).toBe("SNOOZED");
    expect(row.answerNote).toBe("Waiting for the Lisbon council vote");
    expect(row.snoozedUntil?.toISOString().slice(0, 10)).toBe("2027-02-28");

    await core.database.prisma.agreement.update({
      where: { id: lisbonId },
      data: { termEnd: new Date("2027-02-28T00:00:00Z") },
    });
    try {
      const at = postTime("2027-02-28", 9, ZONE);
      const due = await findDueReminders(
        {
          prisma: core.database.prisma,
          timeZone: ZONE,
          postHour: 9,
          rules: await loadReminderRules(core.database.prisma),
          intakeTargetMonths: 6,
          meetingDates: [],
        },
        { from: new Date(at.getTime() - 1), to: at },
      );
      expect(due.map((reminder) => reminder.key)).toContain(
        `TERM_EXPIRY|agreement:${lisbonId}|2027-02-28|snoozed:2027-02-28`,
      );
    } finally {
      await core.database.prisma.agreement.update({
        where: { id: lisbonId },
        data: { termEnd: new Date(`${TERM_END}T00:00:00Z`) },
      });
    }
  });

  it("has no snooze for a date that is today or past, but still takes the other answers", async () => {
    const id = await aLedgerRow({ dueOn: "2026-11-23", lead: 0 });
    const opened = await core.openForm("SLACK", COORDINATOR, formId(id, "SNOOZED"));
    expect(opened.ok).toBe(false);
    if (!opened.ok) expect(opened.reply.text).toContain("no day left to snooze to");
    expect((await submit(formId(id, "SNOOZED"), { until: "2026-11-24", reason: "x" }, COORDINATOR)).status).toBe(
      "refused",
    );
    expect((await submit(formId(id, "LET_EXPIRE"), { note: "Council decided" }, COORDINATOR)).status).toBe("done");
  });

  it("refuses buttons it cannot honour: an unknown form, a reminder no longer on record, one that takes no answer", async () => {
    const anniversary = await aLedgerRow({ kind: "ANNIVERSARY" });
    const cases: [string, string][] = [
      ["reminder.something-else", "no longer knows"],
      ["reminder.answer:12:MAYBE", "no longer knows"],
      [formId(2_000_000_000, "LET_EXPIRE"), "no longer on record"],
      [formId(anniversary, "LET_EXPIRE"), "does not take an answer"],
    ];
    for (const [id, message] of cases) {
      const opened = await core.openForm("SLACK", COORDINATOR, id);
      expect(opened.ok).toBe(false);
      if (!opened.ok) expect(opened.reply.text).toContain(message);
      const submitted = await submit(id, { note: "x" }, COORDINATOR);
      expect(submitted.status).toBe("refused");
      if (submitted.status === "refused") expect(submitted.reply.text).toContain(message);
    }
  });

  it("still sends intake form ids to the intake desk", async () => {
    const opened = await core.openForm("SLACK", STAFF, "intake.new:PARTNERSHIP_CITY");
    expect(opened.ok).toBe(true);
  });
});
