import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type Core, startCore } from "../src/app/start-core.js";
import { auditTrail } from "../src/audit/audit-log.js";
import { loadConfig } from "../src/config/config.js";
import { answerQuestion } from "../src/conversation/answer-question.js";
import { formatDateTime } from "../src/conversation/format-values.js";
import type { Reply } from "../src/conversation/reply.js";
import type { ChatPlatform } from "../src/generated/prisma/client.js";
import { loadReminderRules } from "../src/reminders/reminder-rules.js";
import { createLogger } from "../src/shared/logger.js";
import { disposeTestTarget, testDatabaseKinds } from "./support/test-databases.js";

/** Monday 23 November 2026, 10:00 in Toronto: today's 09:00 reminders have gone out. */
const now = new Date("2026-11-23T15:00:00Z");
const COORDINATOR = "U-COORD";
const STAFF = "U-STAFF";

const items = (reply: Reply) => reply.lists?.[0]?.items ?? [];
const lines = (reply: Reply) => items(reply).map((item) => `${item.text} — ${item.detail ?? ""}`);

describe.each(testDatabaseKinds)("reminders in chat on $name", (kind) => {
  const target = kind.newTarget();
  let core: Core;
  let lisbonId: number;
  let warsawId: number;
  let conversation = 0;

  const ask = (text: string, userId: string | null = COORDINATOR, platform: ChatPlatform = "SLACK") =>
    core.ask({
      conversationKey: `test:${++conversation}`,
      text,
      ...(userId ? { asker: { platform, externalId: userId } } : {}),
    });

  beforeAll(async () => {
    core = await startCore({
      config: loadConfig({}),
      clock: () => now,
      logger: createLogger("silent"),
      target,
    });
    const { prisma } = core.database;
    lisbonId = (await prisma.agreement.findFirstOrThrow({ where: { counterpartyName: "Lisbon" } })).id;
    warsawId = (await prisma.agreement.findFirstOrThrow({ where: { counterpartyName: "Warsaw" } })).id;
    // Its 30-day reminder posts on 30 November, its 7-day one on 23 December.
    await prisma.agreement.update({ where: { id: lisbonId }, data: { termEnd: new Date("2026-12-30T00:00:00Z") } });
    await prisma.person.create({
      data: {
        displayName: "Avery",
        role: "COORDINATOR",
        identities: { create: [{ platform: "SLACK", externalId: COORDINATOR }] },
      },
    });
    await prisma.person.create({
      data: { displayName: "Cam", role: "STAFF", identities: { create: [{ platform: "SLACK", externalId: STAFF }] } },
    });
    await aWarsawLedger();
  });
  afterEach(async () => {
    await core.database.prisma.reminderRule.deleteMany();
    await core.database.prisma.reminderMute.deleteMany();
  });
  afterAll(async () => {
    await core?.close();
    await disposeTestTarget(target);
  });

  /** Three reminders about Warsaw as the scheduler and the outbox leave them: answered and posted, failing, not yet tried. */
  async function aWarsawLedger() {
    const { prisma } = core.database;
    const subject = `agreement:${warsawId}`;
    await prisma.reminderDelivery.create({
      data: {
        key: `TERM_EXPIRY|${subject}|2026-10-28|180`,
        kind: "TERM_EXPIRY",
        subject,
        agreementId: warsawId,
        dueOn: new Date("2026-10-28T00:00:00Z"),
        postAt: new Date("2026-05-01T13:00:00Z"),
        queuedAt: new Date("2026-05-01T13:00:00Z"),
        summary: "Warsaw: term ends in 180 days",
        answer: "RENEWAL_UNDER_WAY",
        answerNote: "Renewal drafted",
        answeredBy: `SLACK:${COORDINATOR}`,
        answeredAt: new Date("2026-05-02T14:30:00Z"),
        messages: {
          create: [
            {
              platform: "SLACK",
              target: "C0WG",
              reply: { kind: "answer", text: "Warsaw: term ends in 180 days" },
              state: "SENT",
              attempts: 1,
              nextAttemptAt: new Date("2026-05-01T13:00:00Z"),
              sentAt: new Date("2026-05-01T13:00:05Z"),
              postedMessageId: "1714568405.000100",
            },
          ],
        },
      },
    });
    await prisma.reminderDelivery.create({
      data: {
        key: `TERM_EXPIRY|${subject}|2026-10-28|90`,
        kind: "TERM_EXPIRY",
        subject,
        agreementId: warsawId,
        dueOn: new Date("2026-10-28T00:00:00Z"),
        postAt: new Date("2026-07-30T13:00:00Z"),
        queuedAt: new Date("2026-08-01T13:00:00Z"),
        late: true,
        summary: "Warsaw: term ends in 90 days",
        messages: {
          create: [
            {
              platform: "SLACK",
              target: "C0WG",
              reply: { kind: "answer", text: "Warsaw: term ends in 90 days" },
              attempts: 3,
              nextAttemptAt: new Date("2026-11-23T16:00:00Z"),
              lastError: "channel_not_found",
            },
            {
              platform: "SLACK",
              target: COORDINATOR,
              toPerson: true,
              reply: { kind: "answer", text: "Warsaw: term ends in 90 days" },
              state: "SENT",
              attempts: 1,
              nextAttemptAt: new Date("2026-08-01T13:00:00Z"),
              sentAt: new Date("2026-08-01T13:00:02Z"),
            },
          ],
        },
      },
    });
    await prisma.reminderDelivery.create({
      data: {
        key: `ANNIVERSARY|${subject}|2030-01-01|60`,
        kind: "ANNIVERSARY",
        subject,
        agreementId: warsawId,
        dueOn: new Date("2030-01-01T00:00:00Z"),
        postAt: new Date("2026-11-02T14:00:00Z"),
        queuedAt: new Date("2026-11-02T14:00:00Z"),
        summary: "Warsaw: 40th anniversary",
        messages: {
          create: [
            {
              platform: "TEAMS",
              target: "19:working-group",
              reply: { kind: "answer", text: "Warsaw: 40th anniversary" },
              nextAttemptAt: new Date("2026-11-23T15:01:00Z"),
            },
          ],
        },
      },
    });
  }

  describe("what is coming up", () => {
    it("lists the next 30 days' reminders by date, to anyone, and says which agreements cannot be reminded of", async () => {
      const reply = await ask("what reminders are coming up?", STAFF);
      expect(reply.kind).toBe("list");
      expect(reply.title).toBe("Reminders coming up");
      expect(reply.text).toMatch(/^\d+ reminders? in the next 30 days \(to 23 December 2026\)/);
      expect(reply.text).toContain("11 active agreements have no term end recorded");
      expect(lines(reply)).toEqual(
        expect.arrayContaining([
          "30 November 2026 — Lisbon: term ends in 30 days",
          "23 December 2026 — Lisbon: term ends in 7 days",
        ]),
      );
      const dates = items(reply).map((item) => Date.parse(item.text));
      expect(dates).toEqual([...dates].sort((a, b) => a - b));
    });

    it("keeps to the window asked for", async () => {
      const reply = await ask("reminders this month");
      expect(lines(reply)).toContain("30 November 2026 — Lisbon: term ends in 30 days");
      expect(lines(reply)).not.toContain("23 December 2026 — Lisbon: term ends in 7 days");
      expect(items(reply).every((item) => item.text.endsWith("November 2026"))).toBe(true);
    });

    it("pages a long list with the usual More", async () => {
      const question = "upcoming reminders";
      const first = await answerQuestion(
        { ...core.conversation, listLimit: 1 },
        { conversationKey: "test:paging", text: question },
      );
      const all = await ask(question);
      const total = items(all).length;
      expect(total).toBeGreaterThan(1);
      expect(items(first)).toHaveLength(1);
      const more = first.suggestions?.find((suggestion) => suggestion.label.startsWith("More"));
      expect(more).toMatchObject({ query: question, offset: 1 });
      const second = await answerQuestion(
        { ...core.conversation, listLimit: 1 },
        { conversationKey: "test:paging", text: question, offset: more?.offset ?? 0 },
      );
      expect(items(second)).toEqual([items(all)[1]]);
    });
  });

  describe("the ledger of one agreement", () => {
    it("shows who was reminded, newest first: what they answered, and each post's fate, failing ones included", async () => {
      const reply = await ask("who was reminded about Warsaw, and what did they answer?", STAFF);
      expect(reply.title).toBe("Reminders about Warsaw");
      expect(reply.text).toBe("3 reminders about Warsaw, newest first:");
      const [anniversary, ninety, oneEighty] = items(reply);
      expect(anniversary?.text).toBe("2 November 2026, 09:00: Warsaw: 40th anniversary");
      expect(anniversary?.detail).toBe("Teams 19:working-group: waiting to post");
      expect(ninety?.text).toBe("1 August 2026, 09:00: Warsaw: term ends in 90 days (posted late)");
      expect(ninety?.detail).toBe(
        "no answer yet · Slack C0WG: not posted after 3 attempts, next try 23 November 2026, 11:00 (last error: channel_not_found) · " +
          "direct message to Avery (Slack): posted 1 August 2026, 09:00",
      );
      expect(oneEighty?.detail).toBe(
        "answered “Renewal under way” by Avery (Slack) on 2 May 2026, 10:30: “Renewal drafted” · Slack C0WG: posted 1 May 2026, 09:00",
      );
    });

    it.each([["reminders for Warsaw"], ["reminder history for Warsaw"], ["Warsaw reminders"]])(
      "answers '%s' the same way",
      async (text) => {
        const reply = await ask(text);
        expect(reply.title).toBe("Reminders about Warsaw");
        expect(items(reply)).toHaveLength(3);
      },
    );

    it("follows 'it' to the agreement just discussed, and says when nothing is on record", async () => {
      const key = "test:follow-up";
      const asker = { platform: "SLACK" as const, externalId: COORDINATOR };
      await core.ask({ conversationKey: key, text: "status of Lisbon", asker });
      const reply = await core.ask({ conversationKey: key, text: "reminders for it", asker });
      expect(reply.title).toBe("Reminders about Lisbon");
      expect(reply.text).toBe("No reminder about Lisbon is on record yet.");
    });

    it("says when it does not know the agreement", async () => {
      const reply = await ask("reminders for Atlantis");
      expect(reply.kind).toBe("not-found");
    });
  });

  describe("muting one agreement", () => {
    it("mutes for coordinators, audited, says how to undo, and the reminders stop", async () => {
      const reply = await ask("mute expiry reminders for Lisbon");
      expect(reply.kind).toBe("answer");
      expect(reply.text).toContain("Muted for Lisbon: term expiry reminders and project end reminders.");
      expect(reply.text).toContain("To undo: “unmute expiry reminders for Lisbon”.");
      expect(reply.suggestions?.[0]?.query).toBe("unmute expiry reminders for Lisbon");
      const mutes = await core.database.prisma.reminderMute.findMany({ where: { agreementId: lisbonId } });
      expect(mutes.map((mute) => [mute.kind, mute.mutedBy, mute.mutedAt.toISOString()]).sort()).toEqual([
        ["PROJECT_EXPIRY", `SLACK:${COORDINATOR}`, now.toISOString()],
        ["TERM_EXPIRY", `SLACK:${COORDINATOR}`, now.toISOString()],
      ]);
      expect((await auditTrail(core.database.prisma, "Agreement", lisbonId)).at(-1)).toMatchObject({
        action: "reminder.mute",
        before: { muted: [] },
        after: { muted: ["TERM_EXPIRY", "PROJECT_EXPIRY"] },
      });
      expect(lines(await ask("upcoming reminders")).some((line) => line.includes("Lisbon"))).toBe(false);

      const again = await ask("mute term expiry reminders for Lisbon");
      expect(again.text).toBe("Term expiry reminders were already muted for Lisbon.");

      const undone = await ask(reply.suggestions?.[0]?.query ?? "");
      expect(undone.text).toContain("On again for Lisbon: term expiry reminders and project end reminders.");
      expect(await core.database.prisma.reminderMute.count()).toBe(0);
      expect((await auditTrail(core.database.prisma, "Agreement", lisbonId)).at(-1)).toMatchObject({
        action: "reminder.unmute",
        after: { muted: [] },
      });
      expect(lines(await ask("upcoming reminders"))).toContain("30 November 2026 — Lisbon: term ends in 30 days");
    });

    it("shows a mute in the agreement's ledger", async () => {
      await ask("mute anniversaries for Warsaw");
      const reply = await ask("reminders for Warsaw");
      expect(reply.text).toContain("Muted for Warsaw: anniversary reminders (by Avery (Slack), 23 November 2026).");
      expect(reply.suggestions?.map((suggestion) => suggestion.query)).toContain(
        "unmute anniversary reminders for Warsaw",
      );
    });

    it("refuses staff and askers it cannot identify, changing nothing", async () => {
      for (const reply of [
        await ask("mute anniversaries for Warsaw", STAFF),
        await ask("mute anniversaries for Warsaw", null),
      ]) {
        expect(reply.kind).toBe("refused");
      }
      expect(await core.database.prisma.reminderMute.count()).toBe(0);
    });

    it("lets the console's operator mute", async () => {
      const reply = await ask("mute anniversaries for Warsaw", "local", "CONSOLE");
      expect(reply.text).toContain("Muted for Warsaw: anniversary reminders.");
    });

    it("explains that reminders about no one agreement cannot be muted for one", async () => {
      const reply = await ask("mute national day reminders for Warsaw");
      expect(reply.kind).toBe("refused");
      expect(reply.text).toContain("turn off national day reminders");
      expect(await core.database.prisma.reminderMute.count()).toBe(0);
    });
  });

  describe("the outbox", () => {
    it("lists posts that failed and are retried, for coordinators", async () => {
      const reply = await ask("which posts failed?");
      expect(reply.title).toBe("Failed posts");
      expect(reply.text).toBe(
        "1 post failed and is being retried; nothing is dropped. 1 other post waits for a first try. Oldest first:",
      );
      expect(lines(reply)).toEqual([
        "Warsaw: term ends in 90 days — Slack C0WG: 3 attempts since " +
          (await firstCreatedAt()) +
          ", next try 23 November 2026, 11:00; last error: channel_not_found",
      ]);
    });

    it("refuses staff", async () => {
      const reply = await ask("outbox", STAFF);
      expect(reply.kind).toBe("refused");
      expect(reply.text).toContain("Only CCO-SPER coordinators");
    });
  });

  /** When the failing post was queued, as the reply formats it (rows get their createdAt from the database's clock). */
  async function firstCreatedAt(): Promise<string> {
    const row = await core.database.prisma.outboxMessage.findFirstOrThrow({ where: { lastError: { not: null } } });
    return formatDateTime(row.createdAt, "America/Toronto");
  }

  describe("the rules", () => {
    it("lists every rule with its days and where it posts, to anyone", async () => {
      const reply = await ask("reminder settings", STAFF);
      expect(reply.title).toBe("Reminder settings");
      expect(reply.text).toContain("Reminders post at 09:00 (America/Toronto)");
      expect(lines(reply)).toEqual([
        "Term expiry reminders: on — 180, 90, 30 and 7 days ahead, and on the day; posts to the working group's channel",
        "Project end reminders: on — 180, 90, 30 and 7 days ahead, and on the day; posts to the working group's channel",
        "Anniversary reminders: on — every 5th year, 60 days ahead, and on the day; posts to the working group's channel",
        "Milestone reminders: on — 7 days ahead, and on the day; posts to the working group's channel",
        "Overdue request reminders: on — when a request passes the 6-month target; posts to CCO-SPER's intake channel",
        "Waiting request reminders: on — when a request has waited 30 days at one step; posts to CCO-SPER's intake channel",
        "National day reminders: on — 14 days ahead, and on the day; posts to the working group's channel",
        "Meeting digests: on — 7 days before each meeting; posts to the working group's channel",
        "Escalations of unanswered expiry reminders: on — 7 days after an unanswered 30-day expiry reminder; posts to the working group's channel",
      ]);
    });

    it("turns a rule off and on for coordinators, audited", async () => {
      const off = await ask("turn off anniversary reminders");
      expect(off.title).toBe("Reminder rules changed");
      expect(off.facts).toEqual([
        {
          label: "Anniversary reminders",
          value:
            "on, every 5th year, 60 days ahead, and on the day → off, every 5th year, 60 days ahead, and on the day",
          known: true,
        },
      ]);
      expect((await loadReminderRules(core.database.prisma)).ANNIVERSARY.enabled).toBe(false);
      expect((await auditTrail(core.database.prisma, "ReminderRule", "ANNIVERSARY")).at(-1)).toMatchObject({
        action: "reminder.rule",
        actor: { platform: "SLACK", externalId: COORDINATOR },
        before: { enabled: true },
        after: { enabled: false },
      });
      expect((await ask("upcoming reminders")).text).toContain("Turned off: anniversary reminders.");
      await ask("turn anniversary reminders back on");
      expect((await loadReminderRules(core.database.prisma)).ANNIVERSARY.enabled).toBe(true);
    });

    it("sets lead days, and warns when that ends escalations", async () => {
      const reply = await ask("set expiry reminders to 120, 60, 14 days");
      expect(reply.title).toBe("Reminder rules changed");
      expect(reply.text).toContain("an unanswered expiry no longer escalates");
      const rules = await loadReminderRules(core.database.prisma);
      expect(rules.TERM_EXPIRY.leadDays).toEqual([120, 60, 14]);
      expect(rules.PROJECT_EXPIRY.leadDays).toEqual([120, 60, 14]);
      expect(rules.TERM_EXPIRY.enabled).toBe(true);
      const upcoming = lines(await ask("upcoming reminders")).filter((line) => line.includes("Lisbon"));
      expect(upcoming).toEqual(["16 December 2026 — Lisbon: term ends in 14 days"]);
    });

    it.each([
      ["set escalation reminders to 5 days", "no days ahead"],
      ["set the meeting digest reminders to 7 and 3 days", "give one number"],
      ["set expiry reminders to 3000 days", "too far ahead"],
      ["set expiry reminders for Lisbon to 30 days", "apply to every agreement"],
    ])("refuses '%s', changing nothing", async (text, message) => {
      const reply = await ask(text);
      expect(reply.kind).toBe("refused");
      expect(reply.text).toContain(message);
      expect(await core.database.prisma.reminderRule.count()).toBe(0);
    });

    it("asks which reminders, or what to change, when the command does not say", async () => {
      expect((await ask("turn off reminders")).text).toContain("Which reminders?");
      expect((await ask("set anniversary reminders")).text).toContain("Say what to change");
    });

    it("refuses staff, changing nothing", async () => {
      const reply = await ask("turn off anniversary reminders", STAFF);
      expect(reply.kind).toBe("refused");
      expect(reply.text).toContain("Only CCO-SPER coordinators can change the reminder rules");
      expect(await core.database.prisma.reminderRule.count()).toBe(0);
    });
  });
});
