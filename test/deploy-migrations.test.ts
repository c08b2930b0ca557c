import { type ChildProcess, execFile, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type Core, startCore } from "../src/app/start-core.js";
import { loadConfig } from "../src/config/config.js";
import { applyMigrations, readMigrations } from "../src/db/apply-migrations.js";
import { SchemaBehindError } from "../src/db/check-schema.js";
import type { DatabaseTarget } from "../src/db/database-target.js";
import { openDatabase, quoteIdentifier } from "../src/db/open-database.js";
import { createLogger } from "../src/shared/logger.js";
import { cli, root, tsx } from "./support/run-cli.js";
import { LogCapture } from "./support/slack-log-capture.js";
import { disposeTestTarget, testDatabaseKinds } from "./support/test-databases.js";
import { testPostgresUrl } from "./support/test-postgres-url.js";

const run = promisify(execFile);
const prismaCli = path.join(root, "node_modules", ".bin", "prisma");
const postgres = testDatabaseKinds.find((kind) => kind.name === "PostgreSQL")!;
const now = new Date("2026-11-23T15:00:00Z");
const FUTURE_MIGRATION = "29990101000000_from_a_newer_version";

type PostgresTarget = Extract<DatabaseTarget, { kind: "postgres" }>;

/** A new, empty PostgreSQL schema, and the DATABASE_URL a process uses to reach it. */
function aFreshSchema(): { target: PostgresTarget; url: string } {
  const target = postgres.newTarget() as PostgresTarget;
  const url = new URL(target.url);
  url.searchParams.set("schema", target.schema!);
  return { target, url: url.toString() };
}

/** How many times each migration is recorded as finished in `_prisma_migrations`. */
async function recordedCounts(target: DatabaseTarget): Promise<Record<string, number>> {
  const database = await openDatabase(target);
  try {
    const rows = await database.sql.query<{ migration_name: string; n: number }>(
      `SELECT migration_name, count(*)::int AS n FROM "_prisma_migrations"
       WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL GROUP BY migration_name`,
    );
    return Object.fromEntries(rows.map((row) => [row.migration_name, row.n]));
  } finally {
    await database.close();
  }
}

const oncePerMigration = async () =>
  Object.fromEntries((await readMigrations()).map((migration) => [migration.name, 1]));

/** Migrates `target` as a previous release left it: every migration but this code's last one. */
async function migrateAllButTheLast(target: DatabaseTarget): Promise<string> {
  const migrations = await readMigrations();
  const database = await openDatabase(target);
  try {
    await applyMigrations(database.sql, migrations.slice(0, -1));
  } finally {
    await database.close();
  }
  return migrations.at(-1)!.name;
}

const behindMessage = (missing: string) =>
  `The database schema is older than this code: ${missing} not applied. ` +
  "Run `npm run iap -- migrate` (or set MIGRATE_ON_START=on) and start again.";

describe("migrating one PostgreSQL database from several processes at once", () => {
  let target: PostgresTarget | undefined;
  let cores: Core[] = [];
  afterEach(async () => {
    await Promise.all(cores.map((core) => core.close()));
    cores = [];
    if (target) await disposeTestTarget(target);
    target = undefined;
  });

  it("runs three `iap migrate` at once on a new schema: all succeed, each migration is applied and recorded once, and Prisma agrees", async () => {
    const fresh = aFreshSchema();
    target = fresh.target;
    const results = await Promise.all([1, 2, 3].map(() => cli(["migrate"], { DATABASE_URL: fresh.url })));
    for (const result of results) expect(result, result.stderr).toMatchObject({ code: 0, stderr: "" });

    const names = (await readMigrations()).map((migration) => migration.name);
    const appliedBy = results.flatMap((result) => /^Applied (.*) to /m.exec(result.stdout)?.[1]?.split(", ") ?? []);
    expect(appliedBy.sort()).toEqual(names);
    expect(await recordedCounts(target)).toEqual(await oncePerMigration());
    const { stdout } = await run(prismaCli, ["migrate", "status"], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: fresh.url },
    });
    expect(stdout).toContain("Database schema is up to date!");
  });

  it("starts three replicas at once on a new schema: all come up on one migrated, once-seeded database", async () => {
    target = aFreshSchema().target;
    const starting = [1, 2, 3].map(() =>
      startCore({ config: loadConfig({}), clock: () => now, logger: createLogger("silent"), target }),
    );
    const settled = await Promise.allSettled(starting);
    cores = settled.flatMap((outcome) => (outcome.status === "fulfilled" ? [outcome.value] : []));
    expect(settled.filter((outcome) => outcome.status === "rejected")).toEqual([]);

    expect(await recordedCounts(target)).toEqual(await oncePerMigration());
    const counts = await Promise.all(cores.map((core) => core.database.prisma.agreement.count()));
    expect(counts).toEqual([29, 29, 29]);
    for (const core of cores) {
      const reply = await core.ask({ conversationKey: "test:replica", text: "status of Milan" });
      expect(reply.title).toBe("Milan");
    }
  });
});

describe.each(testDatabaseKinds)("starting with MIGRATE_ON_START=off on $name", (kind) => {
  let target: DatabaseTarget;
  let workDir: string | undefined;
  let core: Core | undefined;

  /** A target that outlives one open: a PostgreSQL schema, or PGlite in a directory (memory:// would not). */
  async function aLastingTarget(): Promise<DatabaseTarget> {
    if (kind.name === "PostgreSQL") return kind.newTarget();
    workDir = await mkdtemp(path.join(tmpdir(), "iap-bot-migrate-"));
    return { kind: "pglite", dataDir: path.join(workDir, "data") };
  }
  const start = (migrateOnStart: "on" | "off", logger = createLogger("silent")) =>
    startCore({ config: loadConfig({ MIGRATE_ON_START: migrateOnStart }), clock: () => now, logger, target });

  afterEach(async () => {
    await core?.close();
    core = undefined;
    await disposeTestTarget(target);
    if (workDir) await rm(workDir, { recursive: true, force: true });
    workDir = undefined;
  });

  it("refuses a schema missing this code's last migration, naming it and what to run, and migrates nothing", async () => {
    target = await aLastingTarget();
    const last = await migrateAllButTheLast(target);

    const failure = await start("off").then(
      (started) => {
        core = started;
        return null;
      },
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(SchemaBehindError);
    expect((failure as SchemaBehindError).missing).toEqual([last]);
    expect((failure as SchemaBehindError).message).toBe(behindMessage(last));
    expect(await recordedCounts(target)).not.toHaveProperty(last);
  });

  it("refuses an empty database, naming every migration", async () => {
    target = await aLastingTarget();
    const failure = await start("off").catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(SchemaBehindError);
    expect((failure as SchemaBehindError).missing).toEqual((await readMigrations()).map((migration) => migration.name));
  });

  it("serves a schema that is up to date, without migrating", async () => {
    target = await aLastingTarget();
    await start("on").then((started) => started.close());
    core = await start("off");
    expect((await core.ask({ conversationKey: "test:off", text: "status of Milan" })).title).toBe("Milan");
  });

  it.each(["on", "off"] as const)(
    "with MIGRATE_ON_START=%s, serves a schema a newer version migrated further, warning with the migrations it does not know",
    async (migrateOnStart) => {
      target = await aLastingTarget();
      const database = await openDatabase(target);
      try {
        await applyMigrations(database.sql);
        await database.sql.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, applied_steps_count)
           VALUES ('newer', 'checksum', now(), $1, 1)`,
          [FUTURE_MIGRATION],
        );
      } finally {
        await database.close();
      }
      const logs = new LogCapture();
      core = await start(migrateOnStart, logs.logger);
      expect(logs.entries.filter((entry) => entry.level === 40)).toEqual([
        expect.objectContaining({
          unknownMigrations: [FUTURE_MIGRATION],
          msg: expect.stringContaining("migrations this code does not know"),
        }),
      ]);
      expect((await core.ask({ conversationKey: "test:newer", text: "status of Milan" })).title).toBe("Milan");
    },
  );
});

/** The bot process (`npm start`): its output so far, whether it is running (and on which port), and its exit. */
function startBotProcess(env: Record<string, string>) {
  const child: ChildProcess = spawn(tsx, ["adapters/server/main.ts"], { cwd: root, env: { ...process.env, ...env } });
  const stdout: string[] = [];
  let stderr = "";
  let resolveRunning: (port: number) => void = () => {};
  const running = new Promise<number>((resolve) => {
    resolveRunning = resolve;
  });
  let buffer = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    buffer += chunk.toString();
    const lines = buffer.split("\n");
    buffer = lines.pop() ?? "";
    for (const line of lines) {
      stdout.push(line);
      const entry = JSON.parse(line) as { msg: string; port?: number };
      if (entry.msg === "iap-bot is running") resolveRunning(entry.port!);
    }
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, running, exited, stdout, stderr: () => stderr };
}

describe("a new schema in a PostgreSQL database whose public schema another deployment migrated", () => {
  const database = `iap_test_public_${process.pid}_${randomBytes(4).toString("hex")}`;
  const url = new URL(testPostgresUrl());
  url.pathname = `/${database}`;
  const admin = () => new pg.Client({ connectionString: testPostgresUrl() });

  beforeAll(async () => {
    const client = admin();
    await client.connect();
    await client.query(`CREATE DATABASE ${quoteIdentifier(database)}`);
    await client.end();
    // `public` is on every connection's search path, after the schema the bot was given.
    const other = await openDatabase({ kind: "postgres", url: url.toString() });
    await applyMigrations(other.sql, await readMigrations());
    await other.close();
  });
  afterAll(async () => {
    const client = admin();
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(database)} WITH (FORCE)`);
    await client.end();
  });

  it("is not taken for migrated: with MIGRATE_ON_START=off the bot refuses it, naming every migration", async () => {
    const target: DatabaseTarget = { kind: "postgres", url: url.toString(), schema: "iap" };
    const failure = await startCore({
      config: loadConfig({ MIGRATE_ON_START: "off" }),
      clock: () => now,
      logger: createLogger("silent"),
      target,
    }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(SchemaBehindError);
    expect((failure as SchemaBehindError).missing).toEqual((await readMigrations()).map((migration) => migration.name));
  });
});

describe("the bot process with MIGRATE_ON_START=off on PostgreSQL", () => {
  let target: PostgresTarget | undefined;
  afterEach(async () => {
    if (target) await disposeTestTarget(target);
    target = undefined;
  });

  it("exits 2 on a schema behind its code, saying what to run, without listening; starts once `iap migrate` has run", async () => {
    const fresh = aFreshSchema();
    target = fresh.target;
    const last = await migrateAllButTheLast(target);
    const env = { DATABASE_URL: fresh.url, MIGRATE_ON_START: "off", PORT: "0", REMINDERS: "off", LOG_LEVEL: "info" };

    const refused = startBotProcess(env);
    expect(await refused.exited).toBe(2);
    expect(refused.stderr()).toContain(behindMessage(last));
    expect(refused.stdout.map((line) => JSON.parse(line).msg)).not.toContain("iap-bot is running");

    const migrated = await cli(["migrate"], { DATABASE_URL: fresh.url });
    expect(migrated).toMatchObject({ code: 0, stdout: expect.stringContaining(`Applied ${last} to `) });

    const bot = startBotProcess(env);
    const port = await Promise.race([
      bot.running,
      bot.exited.then((code) => {
        throw new Error(`bot exited with ${code}: ${bot.stderr()}`);
      }),
    ]);
    try {
      const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toMatchObject({ status: "ready", checks: { migrations: { ok: true } } });
    } finally {
      bot.child.kill("SIGTERM");
    }
    expect(await bot.exited).toBe(0);
  });
});
