import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Core, startCore } from "../src/app/start-core.js";
import type { OutboundPort, PostedMessage } from "../src/chat/outbound-port.js";
import { loadConfig } from "../src/config/config.js";
import type { Reply } from "../src/conversation/reply.js";
import { importRegistry } from "../src/registry/import-registry.js";
import { postTime } from "../src/reminders/due-reminders.js";
import { drainOutbox } from "../src/reminders/outbox.js";
import { runReminderTick, type SchedulerDeps } from "../src/reminders/scheduler.js";
import { createLogger } from "../src/shared/logger.js";
import { anAgreement, aRegistryDocument } from "./support/agreement-builder.js";
import { CuttableProxy } from "./support/cuttable-proxy.js";
import { FakeSlackApi } from "./support/fake-slack-api.js";
import { startSlackTestBot } from "./support/slack-bot.js";
import { disposeTestTarget, testDatabaseKinds } from "./support/test-databases.js";

/** A chat platform as far as the outbox is concerned: records posts, or fails while told to. */
class RecordingPort implements OutboundPort {
  readonly platform = "SLACK" as const;
  readonly posts: { to: string; reply: Reply }[] = [];
  #count = 0;
  async postToConversation(conversationId: string, reply: Reply): Promise<PostedMessage> {
    this.posts.push({ to: conversationId, reply });
    this.#count += 1;
    return { platform: "SLACK", conversationId, messageId: `m${this.#count}`, threadId: `m${this.#count}` };
  }
  replyInThread(): Promise<PostedMessage> {
    throw new Error("not used");
  }
  notifyPerson(): Promise<PostedMessage> {
    throw new Error("not used");
  }
}

const ZONE = "America/Toronto";
const logger = createLogger("silent");
const WORKING_GROUP = "C0WORKING";

/** A clock the test moves by hand. */
function handClock(start: string) {
  let now = new Date(start);
  const clock = () => now;
  return Object.assign(clock, {
    set: (at: string | Date) => {
      now = new Date(at);
    },
  });
}

function schedulerDeps(core: Core, clock: () => Date): SchedulerDeps {
  return {
    prisma: core.database.prisma,
    clock,
    logger,
    timeZone: ZONE,
    postHour: 9,
    intakeTargetMonths: 6,
    meetingDates: ["2027-09-07"],
    places: { "working-group": { SLACK: WORKING_GROUP }, intake: {} },
  };
}

const registry = aRegistryDocument(
  // 2027-03-14 is the Sunday clocks go forward in Toronto; its 7-day reminder is due that day.
  anAgreement("springfield").expiring("2027-03-21"),
  // 2027-11-07 is the Sunday clocks go back.
  anAgreement("shelbyville").expiring("2027-11-14"),
  anAgreement("ogdenville").expiring("2027-06-30").with({ establishedOn: "2002-10-20", establishedYear: 2002 }),
  anAgreement("old-town").inCategory("HISTORICAL").expiring("2027-06-30"),
);

describe.each(testDatabaseKinds)("the reminder scheduler on $name", (kind) => {
  const target = kind.newTarget();
  let core: Core;
  const clock = handClock("2027-01-01T12:00:00Z");

  beforeAll(async () => {
    core = await startCore({ config: loadConfig({}), clock, logger, target });
    const imported = await importRegistry(core.database.prisma, {
      fileName: "test.json",
      text: JSON.stringify(registry),
      now: clock(),
    });
    expect(imported.ok).toBe(true);
  });
  afterAll(async () => {
    await core?.close();
    await disposeTestTarget(target);
  });

  const ledger = () => core.database.prisma.reminderDelivery.findMany({ orderBy: { id: "asc" } });

  it("posts at 09:00 Toronto time on both sides of the daylight-saving changes", () => {
    // EDT (UTC-4) from 14 March 2027, EST (UTC-5) from 7 November 2027.
    expect(postTime("2027-03-13", 9, ZONE).toISOString()).toBe("2027-03-13T14:00:00.000Z");
    expect(postTime("2027-03-14", 9, ZONE).toISOString()).toBe("2027-03-14T13:00:00.000Z");
    expect(postTime("2027-11-06", 9, ZONE).toISOString()).toBe("2027-11-06T13:00:00.000Z");
    expect(postTime("2027-11-07", 9, ZONE).toISOString()).toBe("2027-11-07T14:00:00.000Z");
  });

  it("queues the 7-day expiry reminder on the spring-forward Sunday at 09:00 EDT, not an hour early, and once", async () => {
    const deps = schedulerDeps(core, clock);
    clock.set("2027-03-14T12:00:00Z");
    await runReminderTick(deps); // catches up on everything from the first-tick look-back
    const before = (await ledger()).length;
    clock.set("2027-03-14T12:59:00Z");
    expect((await runReminderTick(deps)).queued).toBe(0);
    clock.set("2027-03-14T13:00:00Z");
    const tick = await runReminderTick(deps);
    expect(tick.queued).toBe(1);
    const rows = await ledger();
    expect(rows.slice(before).map((row) => [row.key, row.late])).toEqual([
      [`TERM_EXPIRY|agreement:${rows.at(-1)?.agreementId}|2027-03-21|7`, false],
    ]);
    clock.set("2027-03-14T13:05:00Z");
    expect((await runReminderTick(deps)).queued).toBe(0);
  });

  it("posts what it missed while down, once, marked late; Historical agreements get no expiry reminders", async () => {
    const deps = schedulerDeps(core, clock);
    // Down from 1 June to 2 July 2027: Ogdenville's 30-, 7- and 0-day reminders and its expiry fall in that gap.
    clock.set("2027-06-01T12:00:00Z");
    await runReminderTick(deps);
    const before = (await ledger()).length;
    clock.set("2027-07-02T15:00:00Z");
    await runReminderTick(deps);
    const missed = (await ledger()).slice(before);
    expect(
      missed.filter((row) => row.key.includes("2027-06-30")).map((row) => [row.key.split("|").at(-1), row.late]),
    ).toEqual([
      ["30", true],
      ["7", true],
      ["0", true],
      ["expired", true],
    ]);
    expect(missed.some((row) => row.summary.startsWith("Old Town"))).toBe(false);
    const posts = await core.database.prisma.outboxMessage.findMany({
      where: { deliveryId: { in: missed.map((row) => row.id) } },
    });
    expect(posts).toHaveLength(missed.length);
    const expiry = missed.find((row) => row.kind === "TERM_EXPIRY");
    const expiryPost = posts.find((post) => post.deliveryId === expiry?.id);
    expect(expiryPost && (expiryPost.reply as unknown as Reply).text).toContain("Posted late");
    clock.set("2027-07-02T15:05:00Z");
    expect((await runReminderTick(deps)).queued).toBe(0);
  });

  it("reminds of the 25th anniversary 60 days ahead and on the day", async () => {
    const deps = schedulerDeps(core, clock);
    clock.set("2027-08-21T13:00:00Z"); // 09:00 EDT, 60 days before 20 October 2027
    await runReminderTick(deps);
    clock.set("2027-10-20T13:00:00Z");
    await runReminderTick(deps);
    const rows = (await ledger()).filter((row) => row.kind === "ANNIVERSARY");
    expect(rows.map((row) => [row.key.split("|").slice(2).join("|"), row.summary])).toEqual([
      ["2027-10-20|60", "Ogdenville: 25 years on 20 October 2027"],
      ["2027-10-20|0", "Ogdenville: 25 years today"],
    ]);
  });

  it("queues the fall-back Sunday's reminder at 09:00 EST, and the expired notice the day after the term ends", async () => {
    const deps = schedulerDeps(core, clock);
    clock.set("2027-11-07T13:59:00Z");
    await runReminderTick(deps);
    const keys = async () => (await ledger()).map((row) => row.key);
    expect((await keys()).some((key) => key.includes("2027-11-14|7"))).toBe(false);
    clock.set("2027-11-07T14:00:00Z");
    await runReminderTick(deps);
    expect((await keys()).some((key) => key.endsWith("2027-11-14|7"))).toBe(true);
    clock.set("2027-11-15T14:00:00Z");
    await runReminderTick(deps);
    // Every lead once over the year, and "expired, not renewed" once.
    const shelbyville = (await keys()).filter((key) => key.startsWith("TERM_EXPIRY") && key.includes("2027-11-14"));
    expect(shelbyville.map((key) => key.split("|").at(-1))).toEqual(["180", "90", "30", "7", "0", "expired"]);
  });

  it("posts each queued reminder once from the outbox, even after a restart between queueing and posting", async () => {
    const pending = await core.database.prisma.outboxMessage.count({ where: { state: "PENDING" } });
    expect(pending).toBeGreaterThan(0);
    // The process that queued them is gone; another one (same database) posts them.
    const port = new RecordingPort();
    core.outbound.register(port);
    const first = await drainOutbox(
      { prisma: core.database.prisma, outbound: core.outbound, clock, logger },
      { limit: 1000 },
    );
    const second = await drainOutbox(
      { prisma: core.database.prisma, outbound: core.outbound, clock, logger },
      { limit: 1000 },
    );
    expect(first.sent).toBe(pending);
    expect(second.sent).toBe(0);
    expect(port.posts).toHaveLength(pending);
    expect(new Set(port.posts.map((post) => post.to))).toEqual(new Set([WORKING_GROUP]));
  });
});

describe.each(testDatabaseKinds)("what a tick writes, on $name", (kind) => {
  const target = kind.newTarget();
  let core: Core;
  const clock = handClock("2027-03-14T13:00:00Z");
  /** Quotes, a backslash, a mention, markup, emoji, control and line-separator characters. */
  const HOSTILE = 'Ville "<!channel>" \\ *bold* <@U123> 🌍 tab\tline\nend\u2028 & </script>';

  beforeAll(async () => {
    core = await startCore({ config: loadConfig({}), clock, logger, target });
    const imported = await importRegistry(core.database.prisma, {
      fileName: "test.json",
      text: JSON.stringify(
        aRegistryDocument(
          anAgreement("hostile-ville").with({ counterpartyName: HOSTILE }).expiring("2027-03-21"),
          anAgreement("plainfield").expiring("2027-03-21"),
        ),
      ),
      now: clock(),
    });
    expect(imported.ok).toBe(true);
  });
  afterAll(async () => {
    await core?.close();
    await disposeTestTarget(target);
  });

  it("writes each ledger row and its outbox posts as queued: times, dates and text exactly, posts in order", async () => {
    const { prisma } = core.database;
    const deps = {
      ...schedulerDeps(core, clock),
      places: { "working-group": { SLACK: WORKING_GROUP, TEAMS: "19:wg" }, intake: {} },
    };
    const tick = await runReminderTick(deps);
    expect(tick.queued).toBe(2);
    const agreements = await prisma.agreement.findMany({ where: { slug: { in: ["hostile-ville", "plainfield"] } } });
    const rows = await prisma.reminderDelivery.findMany({ orderBy: { id: "asc" }, include: { messages: true } });
    // Same post time: ordered by key, so by agreement id.
    expect(rows.map((row) => row.agreementId)).toEqual(
      agreements.map((agreement) => agreement.id).sort((a, b) => a - b),
    );
    for (const row of rows) {
      const agreement = agreements.find((candidate) => candidate.id === row.agreementId)!;
      expect(row).toMatchObject({
        key: `TERM_EXPIRY|agreement:${agreement.id}|2027-03-21|7`,
        kind: "TERM_EXPIRY",
        subject: `agreement:${agreement.id}`,
        dueOn: new Date("2027-03-21T00:00:00.000Z"),
        // 09:00 EDT, the spring-forward Sunday.
        postAt: new Date("2027-03-14T13:00:00.000Z"),
        queuedAt: new Date("2027-03-14T13:00:00.000Z"),
        late: false,
        answer: null,
        escalatedAt: null,
      });
      expect(row.messages.map((message) => [message.platform, message.target])).toEqual([
        ["SLACK", WORKING_GROUP],
        ["TEAMS", "19:wg"],
      ]);
      for (const message of row.messages) {
        expect(message).toMatchObject({
          state: "PENDING",
          attempts: 0,
          toPerson: false,
          threadId: null,
          nextAttemptAt: new Date("2027-03-14T13:00:00.000Z"),
          leasedUntil: null,
        });
        const reply = message.reply as unknown as Reply;
        expect(reply.title).toBe(row.summary);
        // The question it suggests carries the name exactly as the registry holds it.
        expect(reply.suggestions?.map((suggestion) => suggestion.query)).toEqual([
          `status of ${agreement.counterpartyName}`,
        ]);
        expect(reply.actions?.map((action) => action.formId)).toEqual([
          `reminder.answer:${row.id}:RENEWAL_UNDER_WAY`,
          `reminder.answer:${row.id}:LET_EXPIRE`,
          `reminder.answer:${row.id}:SNOOZED`,
        ]);
      }
    }
    // The headline flattens the name's white space; the suggestion above keeps it exactly.
    expect(rows.map((row) => row.summary).sort()).toEqual([
      "Plainfield: term ends in 7 days",
      'Ville "<!channel>" \\ *bold* <@U123> 🌍 tab line end & </script>: term ends in 7 days',
    ]);
    expect(agreements.map((agreement) => agreement.counterpartyName)).toContain(HOSTILE);
    // Posts are numbered in queue order, which is the order the outbox sends them in.
    const messageIds = rows.flatMap((row) => row.messages.map((message) => message.id));
    expect(messageIds).toEqual([...messageIds].sort((a, b) => a - b));
    expect((await runReminderTick(deps)).queued).toBe(0);
  });
});

describe("two schedulers on one PostgreSQL", () => {
  const postgres = testDatabaseKinds.find((kind) => kind.name === "PostgreSQL")!;
  const target = postgres.newTarget();
  let first: Core;
  let second: Core;
  const clock = handClock("2027-01-01T12:00:00Z");

  beforeAll(async () => {
    first = await startCore({ config: loadConfig({}), clock, logger, target });
    second = await startCore({ config: loadConfig({}), clock, logger, target });
    const many = Array.from({ length: 40 }, (_, index) =>
      anAgreement(`city-${index}`).expiring(`2027-0${1 + (index % 9)}-${String(10 + (index % 18)).padStart(2, "0")}`),
    );
    const imported = await importRegistry(first.database.prisma, {
      fileName: "test.json",
      text: JSON.stringify(aRegistryDocument(...many)),
      now: clock(),
    });
    expect(imported.ok).toBe(true);
  });
  afterAll(async () => {
    await second?.close();
    await first?.close();
    await disposeTestTarget(target);
  });

  it("queue every reminder exactly once when their ticks run at the same moments, concurrently", async () => {
    const a = schedulerDeps(first, clock);
    const b = schedulerDeps(second, clock);
    let due = 0;
    let queued = 0;
    for (let day = 1; day <= 60; day += 3) {
      clock.set(new Date(Date.UTC(2027, 0, day, 15)));
      const reports = await Promise.all([runReminderTick(a), runReminderTick(b), runReminderTick(a)]);
      queued += reports.reduce((sum, report) => sum + report.queued, 0);
      due = Math.max(due, ...reports.map((report) => report.due));
    }
    const rows = await first.database.prisma.reminderDelivery.findMany({ select: { key: true } });
    expect(rows.length).toBeGreaterThan(20);
    expect(queued).toBe(rows.length);
    expect(new Set(rows.map((row) => row.key)).size).toBe(rows.length);
    expect(await first.database.prisma.outboxMessage.count()).toBe(rows.length);
  });

  it("loses and doubles nothing when the database fails mid-tick", async () => {
    const prisma = first.database.prisma;
    clock.set("2027-03-20T15:00:00Z");
    await runReminderTick(schedulerDeps(first, clock));
    const before = await prisma.reminderDelivery.count();
    // The database refuses the third insert of the next tick, as a server going away would.
    await prisma.$executeRawUnsafe(`
      CREATE OR REPLACE FUNCTION fail_third_reminder() RETURNS trigger AS $$
      BEGIN
        IF (SELECT count(*) FROM "ReminderDelivery") >= ${before} + 2 THEN
          RAISE EXCEPTION 'the database went away';
        END IF;
        RETURN NEW;
      END $$ LANGUAGE plpgsql`);
    await prisma.$executeRawUnsafe(
      `CREATE TRIGGER fail_third BEFORE INSERT ON "ReminderDelivery" FOR EACH ROW EXECUTE FUNCTION fail_third_reminder()`,
    );
    clock.set("2027-05-20T15:00:00Z");
    await expect(runReminderTick(schedulerDeps(first, clock))).rejects.toThrow(/went away/);
    // Nothing half-written: the batch that failed left no ledger row and no post behind.
    expect(await prisma.reminderDelivery.count()).toBe(before);
    await prisma.$executeRawUnsafe(`DROP TRIGGER fail_third ON "ReminderDelivery"`);
    // Back up: the next tick finds the same window (the failed one did not move it on) and queues it all, once.
    clock.set("2027-05-20T15:05:00Z");
    const after = await runReminderTick(schedulerDeps(second, clock));
    expect(after.queued).toBeGreaterThan(2);
    const rows = await prisma.reminderDelivery.findMany({ select: { key: true } });
    expect(rows.length - before).toBe(after.queued);
    expect(new Set(rows.map((row) => row.key)).size).toBe(rows.length);
    expect(await prisma.outboxMessage.count()).toBe(rows.length);
    expect(await prisma.reminderDelivery.count({ where: { messages: { none: {} } } })).toBe(0);
  });
});

describe.each(testDatabaseKinds)("a reminder through Slack when Slack is struggling, on $name", (kind) => {
  it("arrives once after a 429 with Retry-After, then a 500, then a 200, retried by the outbox on its own clock", async () => {
    const api = await FakeSlackApi.start();
    const bot = await startSlackTestBot(kind.newTarget(), api);
    try {
      const clock = handClock("2027-03-01T12:00:00Z");
      const imported = await importRegistry(bot.core.database.prisma, {
        fileName: "test.json",
        text: JSON.stringify(aRegistryDocument(anAgreement("capital-city").expiring("2027-03-08"))),
        now: clock(),
      });
      expect(imported.ok).toBe(true);
      const deps = { ...schedulerDeps(bot.core, clock), outbound: bot.core.outbound };
      clock.set("2027-03-01T14:00:00Z"); // 09:00 EST, 7 days before
      await runReminderTick(deps);
      api.failNext("chat.postMessage", { status: 429, retryAfterSeconds: 30 }, { status: 500 });

      const drain = () => drainOutbox(deps);
      expect(await drain()).toEqual({ sent: 0, failed: 1 }); // 429
      clock.set("2027-03-01T14:00:20Z");
      expect(await drain()).toEqual({ sent: 0, failed: 0 }); // Retry-After not over: not even tried
      clock.set("2027-03-01T14:00:30Z");
      expect(await drain()).toEqual({ sent: 0, failed: 1 }); // 500
      clock.set("2027-03-01T14:01:30Z"); // back-off: 60 s after the second failure
      expect(await drain()).toEqual({ sent: 1, failed: 0 });
      expect(await drain()).toEqual({ sent: 0, failed: 0 });

      const posts = api.callsOf("chat.postMessage");
      expect(posts).toHaveLength(3);
      expect(posts.every((call) => call.body.channel === WORKING_GROUP)).toBe(true);
      expect(posts[2]?.body.text).toContain("Capital City: term ends in 7 days");
      const message = await bot.core.database.prisma.outboxMessage.findFirstOrThrow();
      expect(message).toMatchObject({ state: "SENT", attempts: 3, lastError: null });
    } finally {
      await bot.dispose();
      await api.stop();
    }
  });
});

describe("a scheduler whose PostgreSQL connection is cut mid-tick", () => {
  const postgres = testDatabaseKinds.find((kind) => kind.name === "PostgreSQL")!;
  const direct = postgres.newTarget();
  let proxy: CuttableProxy;
  let core: Core;
  let admin: pg.Client;
  const clock = handClock("2027-01-01T12:00:00Z");

  beforeAll(async () => {
    if (direct.kind !== "postgres") throw new Error("expected PostgreSQL");
    const proxied = await CuttableProxy.inFrontOf(direct.url);
    proxy = proxied.proxy;
    core = await startCore({
      config: loadConfig({}),
      clock,
      logger,
      target: { ...direct, url: proxied.url },
    });
    const many = Array.from({ length: 12 }, (_, index) => anAgreement(`harbour-${index}`).expiring("2027-03-31"));
    const imported = await importRegistry(core.database.prisma, {
      fileName: "test.json",
      text: JSON.stringify(aRegistryDocument(...many)),
      now: clock(),
    });
    expect(imported.ok).toBe(true);
    admin = new pg.Client({ connectionString: direct.url });
    await admin.connect();
    await admin.query(`SET search_path TO "${direct.schema}"`);
  });
  afterAll(async () => {
    await admin?.end();
    await core?.close();
    await proxy?.stop();
    await disposeTestTarget(direct);
  });

  it("loses nothing and doubles nothing: the cut tick writes nothing, the next one queues it all once", async () => {
    const prisma = core.database.prisma;
    // The tick's first insert waits on a lock the test holds, so the cut lands inside its transaction.
    await admin.query(`
      CREATE FUNCTION wait_for_test() RETURNS trigger AS $$
      BEGIN PERFORM pg_advisory_lock(4242); PERFORM pg_advisory_unlock(4242); RETURN NEW; END $$ LANGUAGE plpgsql`);
    await admin.query(
      `CREATE TRIGGER wait_for_test BEFORE INSERT ON "ReminderDelivery" FOR EACH ROW EXECUTE FUNCTION wait_for_test()`,
    );
    await admin.query("SELECT pg_advisory_lock(4242)");
    clock.set("2027-03-01T14:05:00Z"); // 09:05 EST: the 30-day reminders of 31 March are due
    const tick = runReminderTick(schedulerDeps(core, clock));
    tick.catch(() => {}); // awaited below
    await waitUntil(async () => {
      const waiting = await admin.query(
        "SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND wait_event = 'advisory' AND pid <> pg_backend_pid()",
      );
      return waiting.rowCount! > 0;
    });
    proxy.cut();
    await expect(tick).rejects.toThrow();
    await admin.query("SELECT pg_advisory_unlock(4242)");
    await admin.query(`DROP TRIGGER wait_for_test ON "ReminderDelivery"`);
    const during = await admin.query(`SELECT count(*)::int AS n FROM "ReminderDelivery"`);
    expect(during.rows[0].n).toBe(0);

    // The database is back: the same process goes on, and the next tick covers the same window.
    proxy.restore();
    clock.set("2027-03-01T14:10:00Z");
    const recovered = await runReminderTick(schedulerDeps(core, clock));
    expect(recovered.queued).toBe(12);
    clock.set("2027-03-01T14:15:00Z");
    expect((await runReminderTick(schedulerDeps(core, clock))).queued).toBe(0);
    const rows = await prisma.reminderDelivery.findMany({ select: { key: true } });
    expect(rows).toHaveLength(12);
    expect(rows.every((row) => row.key.endsWith("|2027-03-31|30"))).toBe(true);
    expect(await prisma.outboxMessage.count()).toBe(12);
  });
});

/** Polls `condition` until it holds: for a state another connection reaches, not for time to pass. */
async function waitUntil(condition: () => Promise<boolean>): Promise<void> {
  for (let attempt = 0; attempt < 500; attempt++) {
    if (await condition()) return;
    await new Promise((resolve) => setImmediate(resolve));
  }
  throw new Error("the condition never held");
}
