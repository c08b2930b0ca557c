import { randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Core, startCore } from "../src/app/start-core.js";
import { recordAudit } from "../src/audit/audit-log.js";
import {
  type BackupDocument,
  EPHEMERAL_MODELS,
  formatBackupDocument,
  readBackupDocument,
} from "../src/backup/backup-document.js";
import { backedUpModels, exportDatabase } from "../src/backup/export-database.js";
import { importDatabase } from "../src/backup/import-database.js";
import { addCalendarSubscriber, revokeCalendarSubscriber } from "../src/calendar/calendar-subscribers.js";
import type { FormValues } from "../src/chat/form.js";
import type { OutboundPort, PostedMessage } from "../src/chat/outbound-port.js";
import { loadConfig } from "../src/config/config.js";
import type { Reply } from "../src/conversation/reply.js";
import { applyMigrations, readMigrations } from "../src/db/apply-migrations.js";
import type { DatabaseTarget } from "../src/db/database-target.js";
import { type Database, openDatabase, type SqlSession } from "../src/db/open-database.js";
import { submitRequest } from "../src/intake/intake-service.js";
import { setRole } from "../src/people/manage-roles.js";
import { importRegistry } from "../src/registry/import-registry.js";
import { drainOutbox } from "../src/reminders/outbox.js";
import { changeMutes } from "../src/reminders/reminder-ledger.js";
import { saveReminderRule } from "../src/reminders/reminder-rules.js";
import { runReminderTick } from "../src/reminders/scheduler.js";
import { createLogger } from "../src/shared/logger.js";
import { anAgreement, aRegistryDocument } from "./support/agreement-builder.js";
import { anInternationalProjectProposal } from "./support/intake-proposals.js";
import { cli } from "./support/run-cli.js";
import { disposeTestTarget, openTestDatabase, testDatabaseKinds } from "./support/test-databases.js";
import { testPostgresUrl } from "./support/test-postgres-url.js";

const logger = createLogger("silent");
const REQUESTER = "U-REQ";
const COORDINATOR = "U-COORD";
const operator = { platform: "CONSOLE" as const, externalId: "operator" };

/** Text chat platforms and terminals treat specially: mentions, emoji, combining marks, control and separator characters. */
const HOSTILE =
  '<!channel> <@U0ALL> *bold* 🦫🇨🇦 e\u0301 \u0001\u0007\u001b[31mred\u001b[0m\u007f \u2028\u2029 "quoted" \\back\\ tab\tend';
/** Over 100 KB of the same, with every BMP plane's awkward corners. */
const LONG = `${HOSTILE}\n${"Ω≈ç√∫ 𝕏 ﷽ \u200b\u200d 🧑🏽‍🚀 ".repeat(2_600)}${HOSTILE}`;

/** A chat platform as far as the core is concerned: records what it would post. */
class RecordingPort implements OutboundPort {
  readonly platform = "SLACK" as const;
  #next = 1;
  #posted(conversationId: string, threadId?: string): PostedMessage {
    const messageId = `1767000000.${String(this.#next++).padStart(6, "0")}`;
    return { platform: "SLACK", conversationId, messageId, threadId: threadId ?? messageId };
  }
  async postToConversation(conversationId: string, _reply: Reply) {
    return this.#posted(conversationId);
  }
  async replyInThread(thread: { conversationId: string; threadId: string }, _reply: Reply) {
    return this.#posted(thread.conversationId, thread.threadId);
  }
  async notifyPerson(userId: string, _reply: Reply) {
    return this.#posted(`D-${userId}`);
  }
}

/** A clock the test moves by hand; milliseconds on purpose, to see them survive. */
function handClock(start: string) {
  let now = new Date(start);
  return Object.assign(() => now, {
    advance: (ms: number) => {
      now = new Date(now.getTime() + ms);
    },
  });
}

const partnershipCityValues = (goals: string): FormValues => ({
  candidateCity: "Lyon",
  country: "France",
  counterpartyKind: "MUNICIPALITY",
  cityEconomy: "Life sciences",
  cityCulturalAndCommunityResources: "Festival of Lights",
  cityMunicipalPriorities: "Climate plan",
  goals,
  "activities.0.description": "Trade mission",
  "activities.0.financialResources": "$40,000",
  "activities.0.staffingResources": "0.2 FTE",
  termStart: "2027-01-01",
  termEnd: "2031-12-31",
  renewalOption: "yes",
});

/**
 * Fills a database the way the bot does: first-start seeding, a role, registry corrections,
 * requests through the intake desk, a reminder tick and a drain, mutes and rules, a calendar
 * subscriber, conversations, a follow-up context and a claimed delivery, with hostile text.
 */
async function startFilledCore(target: DatabaseTarget): Promise<Core> {
  const clock = handClock("2027-01-04T15:00:00.123Z");
  const core = await startCore({ config: loadConfig({ INTAKE_CHANNEL_SLACK: "C0INTAKE" }), clock, logger, target });
  try {
    core.outbound.register(new RecordingPort());
    const { prisma } = core.database;
    const role = await setRole(prisma, {
      target: { platform: "SLACK", externalId: COORDINATOR },
      role: "COORDINATOR",
      displayName: `Avery ${HOSTILE}`,
      actor: operator,
      now: clock(),
    });
    expect(role.ok).toBe(true);

    const registry = aRegistryDocument(
      anAgreement("hostile-town")
        .expiring("2027-01-11")
        .with({
          notes: HOSTILE,
          establishedOn: "2002-01-04",
          establishedYear: 2002,
          projects: [{ ...project("Harbour exchange 🦫"), endDate: "2027-06-30" }],
          milestones: [
            {
              title: "Kick-off <!here>",
              project: "Harbour exchange 🦫",
              dueOn: "2027-02-01",
              doneOn: null,
              source: null,
            },
          ],
          activities: [{ year: 2008, endYear: 2019, occurredOn: null, description: HOSTILE, source: null }],
        }),
    );
    clock.advance(1_001);
    const imported = await importRegistry(prisma, {
      fileName: "hostile.json",
      text: JSON.stringify(registry),
      now: clock(),
    });
    expect(imported.ok).toBe(true);

    const submit = (formId: string, values: FormValues, userId: string) =>
      core.submitForm({ platform: "SLACK", userId, formId, values });
    clock.advance(60_017);
    const submitted = await submit("intake.new:PARTNERSHIP_CITY", partnershipCityValues(HOSTILE), REQUESTER);
    expect(submitted.status).toBe("done");
    await core.intake.settled();
    const request = await prisma.intakeRequest.findFirstOrThrow({ orderBy: { id: "desc" } });
    clock.advance(3_600_001);
    const started = await submit(
      `intake.event:${request.id}:${request.version}:START_INITIAL_ASSESSMENT`,
      {},
      COORDINATOR,
    );
    expect(started.status).toBe("done");
    const comment = await core.openForm("SLACK", REQUESTER, `intake.comment:${request.id}`);
    if (!comment.ok) throw new Error(comment.reply.text);
    clock.advance(999);
    expect((await submit(comment.form.id, { text: HOSTILE }, REQUESTER)).status).toBe("done");
    await core.intake.settled();
    const second = await submitRequest(prisma, {
      kind: "INTERNATIONAL_PROJECT",
      input: anInternationalProjectProposal({ goals: HOSTILE }),
      requester: operator,
      now: clock(),
    });
    expect(second.ok).toBe(true);

    await recordAudit(prisma, {
      actor: operator,
      action: "backup.test",
      entity: "Test",
      entityId: 1,
      before: { long: LONG, nested: [HOSTILE, null, 1.5, { "<!channel>": true }] },
      after: HOSTILE,
      at: clock(),
    });
    const hostileTown = await prisma.agreement.findUniqueOrThrow({ where: { slug: "hostile-town" } });
    await saveReminderRule(prisma, "ANNIVERSARY", { leadDays: [30, 7, 0], channels: { SLACK: "C0ANNIV" } });
    await changeMutes(prisma, {
      agreementId: hostileTown.id,
      kinds: ["PROJECT_EXPIRY"],
      mute: true,
      actor: operator,
      now: clock(),
    });
    const tick = await runReminderTick({
      prisma,
      clock,
      logger,
      timeZone: "America/Toronto",
      postHour: 9,
      intakeTargetMonths: 6,
      meetingDates: ["2027-02-02"],
      places: { "working-group": { SLACK: "C0WORKING" }, intake: {} },
    });
    expect(tick.queued).toBeGreaterThan(0);
    await drainOutbox({ prisma, outbound: core.outbound, clock, logger }, { limit: 2 });

    const subscriber = await addCalendarSubscriber(prisma, {
      name: "CCO-SPER calendar 🦫",
      actor: operator,
      now: clock(),
    });
    expect(subscriber.ok).toBe(true);
    await addCalendarSubscriber(prisma, { name: "Old laptop", actor: operator, now: clock() });
    clock.advance(5);
    await revokeCalendarSubscriber(prisma, { subscriber: "Old laptop", actor: operator, now: clock() });

    await core.rememberConversation({
      platform: "TEAMS",
      conversationId: "19:hostile@thread.tacv2",
      kind: "CHANNEL",
      title: LONG,
      reference: {
        serviceUrl: "https://smba.example/",
        text: LONG,
        nested: { hostile: HOSTILE, list: [1, null, true] },
      },
    });
    await core.rememberConversation({
      platform: "SLACK",
      conversationId: "D0PERSONAL",
      kind: "PERSONAL",
      title: null,
      userId: REQUESTER,
      reference: { channel: "D0PERSONAL" },
    });
    await core.answerChat({
      platform: "SLACK",
      conversationId: "C0ASK",
      userId: REQUESTER,
      text: "status of hostile town",
    });
    expect(await core.claimDelivery("SLACK", "Ev0HOSTILE")).toBe(true);
    return core;
  } catch (error) {
    await core.close();
    throw error;
  }
}

async function fillThroughTheCore(target: DatabaseTarget): Promise<void> {
  await (await startFilledCore(target)).close();
}

function project(name: string) {
  return {
    name,
    objective: HOSTILE,
    activity: null,
    measure: null,
    assignee: null,
    resources: null,
    startDate: null,
    endDate: null,
    source: null,
  };
}

/**
 * Every table of the database as PostgreSQL itself renders it: `SELECT *` in primary-key order,
 * each row as to_jsonb text. The server's rendering, not a driver's, so PGlite and node-postgres
 * (which read timestamps and int8 differently) compare exactly; ephemeral tables left out.
 */
async function snapshot(sql: SqlSession): Promise<Record<string, string[]>> {
  const tables = await sql.query<{ name: string }>(
    `SELECT table_name::text AS name FROM information_schema.tables
      WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name <> '_prisma_migrations'
      ORDER BY 1`,
  );
  const result: Record<string, string[]> = {};
  for (const { name } of tables) {
    if (name in EPHEMERAL_MODELS) continue;
    const key = await sql.query<{ column: string }>(
      `SELECT k.column_name::text AS column
         FROM information_schema.table_constraints c
         JOIN information_schema.key_column_usage k
           ON k.constraint_name = c.constraint_name AND k.table_schema = c.table_schema AND k.table_name = c.table_name
        WHERE c.table_schema = current_schema() AND c.table_name = $1 AND c.constraint_type = 'PRIMARY KEY'
        ORDER BY k.ordinal_position`,
      [name],
    );
    const order = key.map(({ column }) => `t."${column}"`).join(", ");
    const rows = await sql.query<{ row: string }>(`SELECT to_jsonb(t)::text AS row FROM "${name}" t ORDER BY ${order}`);
    result[name] = rows.map(({ row }) => row);
  }
  return result;
}

async function appliedMigrations(sql: SqlSession): Promise<string[]> {
  const rows = await sql.query<{ name: string }>(
    `SELECT migration_name AS name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL ORDER BY 1`,
  );
  return rows.map(({ name }) => name);
}

async function withDatabase<T>(target: DatabaseTarget, work: (database: Database) => Promise<T>): Promise<T> {
  const database = await openDatabase(target);
  try {
    return await work(database);
  } finally {
    await database.close();
  }
}

/** The document as it goes through a file: formatted, then read back and validated. */
function throughAFile(document: BackupDocument): BackupDocument {
  const read = readBackupDocument([...formatBackupDocument(document)].join(""));
  if (!read.ok) throw new Error(read.problems.join("\n"));
  return read.document;
}

let workDir: string;
beforeAll(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), "iap-backup-"));
});
afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

const pgliteFolder = (): DatabaseTarget => ({
  kind: "pglite",
  dataDir: path.join(workDir, `pglite-${randomBytes(4).toString("hex")}`),
});
const postgresSchema = testDatabaseKinds.find((kind) => kind.name === "PostgreSQL")!.newTarget;

const pgliteInMemory = testDatabaseKinds.find((kind) => kind.name === "PGlite")!.newTarget;

describe.each([
  { from: "PGlite", to: "PostgreSQL", source: pgliteInMemory, destination: postgresSchema },
  // PGlite in a folder this way: the restored database is opened again by startCore below.
  { from: "PostgreSQL", to: "PGlite", source: postgresSchema, destination: pgliteFolder },
])("a whole-database move from $from to $to through export and import", ({ source, destination }) => {
  let from: DatabaseTarget;
  let to: DatabaseTarget;
  let document: BackupDocument;
  let restored: Awaited<ReturnType<typeof importDatabase>>;
  const before = { tables: {} as Record<string, string[]>, migrations: [] as string[] };
  const after = { tables: {} as Record<string, string[]>, migrations: [] as string[] };
  let hostileRow: { title: string; text: string; bytes: number; notes: string } | undefined;

  beforeAll(async () => {
    from = source();
    to = destination();
    const core = await startFilledCore(from);
    try {
      document = await exportDatabase(core.database.sql, { now: new Date("2027-01-05T10:00:00.456Z") });
      before.tables = await snapshot(core.database.sql);
      before.migrations = await appliedMigrations(core.database.sql);
    } finally {
      await core.close();
    }
    await withDatabase(to, async (database) => {
      restored = await importDatabase(database.sql, throughAFile(document));
      after.tables = await snapshot(database.sql);
      after.migrations = await appliedMigrations(database.sql);
      [hostileRow] = await database.sql.query<{ title: string; text: string; bytes: number; notes: string }>(
        `SELECT r.title, r.reference->>'text' AS text, octet_length(r.title) AS bytes, a.notes
           FROM "ConversationReference" r, "Agreement" a
          WHERE r."conversationId" = '19:hostile@thread.tacv2' AND a.slug = 'hostile-town'`,
      );
    });
  }, 120_000);
  afterAll(async () => {
    await disposeTestTarget(from);
    await disposeTestTarget(to);
  });

  it("backs up every model but the ephemeral ones, and the filled database has rows in each", () => {
    expect(Object.keys(document.tables).sort()).toEqual(backedUpModels().sort());
    expect(Object.keys(document.tables)).not.toContain("RateLimitCounter");
    expect(Object.keys(document.tables)).toContain("ProcessedDelivery");
    expect(Object.keys(document.tables)).toContain("ConversationContext");
    const empty = Object.entries(document.tables).filter(([, rows]) => rows.length === 0);
    expect(empty.map(([table]) => table)).toEqual([]);
  });

  it("restores every table row for row, exactly as it was, at the same migrations", () => {
    expect(restored).toMatchObject({ ok: true, report: { migrationsApplied: [] } });
    expect(Object.keys(before.tables).sort()).toEqual(Object.keys(document.tables).sort());
    expect(after.tables).toEqual(before.tables);
    expect(after.migrations).toEqual(before.migrations);
  });

  it("keeps hostile text byte for byte: 100 KB strings, mentions, emoji and control characters", () => {
    expect(Buffer.byteLength(LONG)).toBeGreaterThan(100 * 1024);
    expect(Buffer.from(hostileRow!.title).equals(Buffer.from(LONG))).toBe(true);
    expect(hostileRow!.bytes).toBe(Buffer.byteLength(LONG));
    expect(hostileRow!.text).toBe(LONG);
    expect(hostileRow!.notes).toBe(HOSTILE);
  });

  it("writes timestamps as UTC with milliseconds and dates as calendar days", () => {
    const step = document.tables.IntakeStep![0]!;
    expect(step.at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    const hostileTown = document.tables.Agreement!.find((row) => row.slug === "hostile-town")!;
    expect(hostileTown).toMatchObject({ termEnd: "2027-01-11", establishedOn: "2002-01-04" });
    const roleChange = document.tables.AuditEntry!.find((row) => row.action === "role.change")!;
    expect(roleChange.at).toBe("2027-01-04T15:00:00.123Z");
  });

  it("hands out the next number after the restored ones: a new request through the desk gets a fresh id", async () => {
    const nextRequest = document.sequences.IntakeRequest!.id!;
    const highest = Math.max(...document.tables.IntakeRequest!.map((row) => Number(row.id)));
    expect(nextRequest).toBe(highest + 1);
    const core: Core = await startCore({
      config: loadConfig({}),
      clock: () => new Date("2027-01-06T15:00:00Z"),
      logger,
      target: to,
    });
    try {
      const result = await core.submitForm({
        platform: "SLACK",
        userId: "U-NEW",
        formId: "intake.new:PARTNERSHIP_CITY",
        values: { ...partnershipCityValues("Climate practice"), candidateCity: "Porto", country: "Portugal" },
      });
      expect(result.status).toBe("done");
      expect(result.reply.title).toBe(`Request ${nextRequest} submitted to CCO-SPER`);
      // The restored registry is not seeded again on this first start.
      expect(await core.database.prisma.agreement.count()).toBe(document.tables.Agreement!.length);
    } finally {
      await core.close();
    }
  }, 60_000);
});

describe.each(testDatabaseKinds)("import --all refusals on $name", (kind) => {
  let document: BackupDocument;

  beforeAll(async () => {
    const source = await openTestDatabase(kind.newTarget());
    try {
      await applyMigrations(source.sql);
      await source.prisma.division.create({
        data: { code: "CCO-SPER", name: "Strategic Protocol and External Relations" },
      });
      const registry = aRegistryDocument(
        anAgreement("milan").knownAs("Milano"),
        anAgreement("lyon").inCountry("France"),
      );
      const now = new Date("2027-01-04T15:00:00Z");
      expect(
        (await importRegistry(source.prisma, { fileName: "r.json", text: JSON.stringify(registry), now })).ok,
      ).toBe(true);
      document = await exportDatabase(source.sql, { now });
    } finally {
      await source.close();
    }
  });

  async function withEmptyTarget<T>(work: (database: Database) => Promise<T>): Promise<T> {
    const database = await openTestDatabase(kind.newTarget());
    try {
      return await work(database);
    } finally {
      await database.close();
    }
  }

  const rowCount = (tables: Record<string, string[]>) =>
    Object.values(tables).reduce((sum, rows) => sum + rows.length, 0);

  it("refuses a database that already holds rows, naming them, and writes nothing", async () => {
    const target = kind.newTarget();
    const core = await startCore({
      config: loadConfig({}),
      clock: () => new Date("2027-01-04T15:00:00Z"),
      logger,
      target,
    });
    try {
      const before = await snapshot(core.database.sql);
      const outcome = await importDatabase(core.database.sql, document);
      expect(outcome.ok).toBe(false);
      if (outcome.ok) return;
      expect(outcome.refusal).toBe("not-empty");
      expect(outcome.message).toMatch(
        /^This database already holds \d+ rows in Division, \d+ rows in Agreement, .*; import --all restores into an empty database: point DATABASE_URL at a new database or schema, or IAP_DATA_DIR at a new folder\.$/,
      );
      expect(await snapshot(core.database.sql)).toEqual(before);
    } finally {
      await core.close();
      await disposeTestTarget(target);
    }
  });

  it("says where a file is not JSON or not a backup", () => {
    const notJson = readBackupDocument('{\n  "format": "iap-bot-backup",\n  "version": 1,,\n}');
    expect(notJson).toMatchObject({
      ok: false,
      problems: [expect.stringMatching(/^not valid JSON: .* at line 3, column 16$/)],
    });
    const registry = readBackupDocument(JSON.stringify({ ...document, format: "iap-registry/1" }));
    expect(registry).toMatchObject({
      ok: false,
      problems: ['format: should be "iap-bot-backup": this is not a backup made by iap export --all'],
    });
    const { tables: _tables, ...withoutTables } = document;
    const noTables = readBackupDocument(JSON.stringify(withoutTables));
    expect(noTables.ok).toBe(false);
    if (!noTables.ok) expect(noTables.problems[0]).toMatch(/^tables: /);
  });

  it("names every row value that does not fit its column, and writes nothing", async () => {
    const broken = structuredClone(document);
    const agreement = broken.tables.Agreement![1]!;
    agreement.termEnd = "31/03/2027";
    agreement.category = "FRIENDSHIP";
    agreement.colour = "red";
    delete broken.tables.Division![0]!.name;
    broken.tables.AgreementAlias![0]!.id = "one";
    await withEmptyTarget(async (database) => {
      const outcome = await importDatabase(database.sql, broken);
      expect(outcome).toMatchObject({ ok: false, refusal: "invalid-file" });
      if (outcome.ok) return;
      expect(outcome.problems).toEqual([
        "tables.Division[0].name: is missing",
        "tables.Agreement[1].colour: Agreement has no such column",
        `tables.Agreement[1].category: should be one of PARTNERSHIP_CITY, INTERNATIONAL_PROJECT, HISTORICAL, OUTSIDE_IAP (got "FRIENDSHIP")`,
        'tables.Agreement[1].termEnd: should be a real date such as 2027-03-31 (got "31/03/2027")',
        'tables.AgreementAlias[0].id: should be a whole number (got "one")',
      ]);
      expect(rowCount(await snapshot(database.sql))).toBe(0);
    });
  });

  it("restores all or nothing: rows PostgreSQL refuses in a later table undo the earlier ones", async () => {
    const broken = structuredClone(document);
    const aliases = broken.tables.AgreementAlias!;
    aliases[1]!.id = aliases[0]!.id;
    await withEmptyTarget(async (database) => {
      const outcome = await importDatabase(database.sql, broken);
      expect(outcome).toMatchObject({
        ok: false,
        refusal: "invalid-file",
        message: `PostgreSQL refused AgreementAlias rows 1–${aliases.length}; nothing was imported.`,
        problems: [expect.stringMatching(/^AgreementAlias: duplicate key value/)],
      });
      expect(rowCount(await snapshot(database.sql))).toBe(0);
    });
  });

  it("refuses a backup from a newer iap-bot, saying to upgrade, before touching the database", async () => {
    const newer = { ...document, schema: { migrations: [...document.schema.migrations, "20991231000000_future"] } };
    await withEmptyTarget(async (database) => {
      const outcome = await importDatabase(database.sql, newer);
      expect(outcome).toMatchObject({ ok: false, refusal: "newer-backup" });
      if (!outcome.ok) {
        expect(outcome.message).toBe(
          "This backup was made by a newer iap-bot: its database had migrations this version does not know (20991231000000_future). Upgrade iap-bot, then import again.",
        );
      }
      const [migrated] = await database.sql.query<{ found: boolean }>(
        `SELECT to_regclass(quote_ident(current_schema()) || '._prisma_migrations') IS NOT NULL AS found`,
      );
      expect(migrated?.found).toBe(false);
    });
    const version2 = readBackupDocument(JSON.stringify({ ...document, version: 2 }));
    expect(version2).toMatchObject({ ok: false, newer: true });
    if (!version2.ok) expect(version2.problems[0]).toContain("upgrade iap-bot, then import again");
  });

  it("refuses a database already migrated past the backup's migrations", async () => {
    const last = (await readMigrations()).at(-1)!.name;
    const older = { ...document, schema: { migrations: document.schema.migrations.filter((name) => name !== last) } };
    await withEmptyTarget(async (database) => {
      await applyMigrations(database.sql);
      const outcome = await importDatabase(database.sql, older);
      expect(outcome).toMatchObject({
        ok: false,
        refusal: "database-ahead",
        message: expect.stringContaining(`This database already has migrations the backup was not made with (${last})`),
      });
    });
  });

  it("restores an older backup, then applies the migrations made since", async () => {
    const migrations = await readMigrations();
    const last = migrations.at(-1)!.name;
    const older = { ...document, schema: { migrations: document.schema.migrations.filter((name) => name !== last) } };
    await withEmptyTarget(async (database) => {
      const outcome = await importDatabase(database.sql, older);
      expect(outcome).toMatchObject({ ok: true, report: { migrationsApplied: [last] } });
      expect(await appliedMigrations(database.sql)).toEqual(migrations.map((migration) => migration.name));
      expect(await database.prisma.agreement.count()).toBe(2);
    });
  });
});

describe("iap export --all and iap import --all", () => {
  it("moves a PGlite folder into a PostgreSQL schema, prints what it did, and refuses to import twice", async () => {
    const from = pgliteFolder();
    const to = postgresSchema();
    if (from.kind !== "pglite" || to.kind !== "postgres") throw new Error("unexpected targets");
    const file = path.join(workDir, "backup.json");
    try {
      await fillThroughTheCore(from);
      const exported = await cli(["export", "--all", "--output", file], {
        IAP_DATA_DIR: from.dataDir,
        DATABASE_URL: "",
        LOG_LEVEL: "warn",
      });
      expect(exported.stderr).toBe("");
      expect(exported.code).toBe(0);
      expect(exported.stdout).toMatch(
        /^Exported embedded PGlite \(.*\) to .*backup\.json: \d+ rows in \d+ tables, at migration \d+_\w+\.\n/,
      );
      expect(exported.stdout).toMatch(/\n {2}IntakeRequest +2\n/);
      expect(exported.stdout).toContain("Left out RateLimitCounter: rate-limit counters expire within minutes");
      expect(JSON.parse(await readFile(file, "utf8"))).toMatchObject({ format: "iap-bot-backup", version: 1 });

      const env = { DATABASE_URL: `${testPostgresUrl()}?schema=${to.schema}`, LOG_LEVEL: "warn" };
      const imported = await cli(["import", "--all", file], env);
      expect(imported.stderr).toBe("");
      expect(imported.code).toBe(0);
      expect(imported.stdout).toMatch(
        /^Imported .*backup\.json \(exported \S+Z\) into PostgreSQL .* schema iap_test_\w+: \d+ rows in \d+ tables\.\n/,
      );
      expect(imported.stdout).toMatch(/\n {2}IntakeStep +\d+\n/);

      const before = await withDatabase(from, (database) => snapshot(database.sql));
      const after = await withDatabase(to, (database) => snapshot(database.sql));
      expect(after).toEqual(before);

      const again = await cli(["import", "--all", file], env);
      expect(again.code).toBe(1);
      expect(again.stdout).toBe("");
      expect(again.stderr).toMatch(
        /^Nothing was imported into PostgreSQL .*\. This database already holds \d+ rows in Division, .*; import --all restores into an empty database: point DATABASE_URL at a new database or schema, or IAP_DATA_DIR at a new folder\.\n$/,
      );
    } finally {
      await disposeTestTarget(to);
    }
  }, 120_000);
});
