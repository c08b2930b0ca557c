import { randomUUID } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import { userInfo } from "node:os";
import { Command, InvalidArgumentError, Option } from "commander";
import { z } from "zod";
import { registrySeed } from "../../prisma/seed/registry-seed.js";
import { type Core, startCore } from "../../src/app/start-core.js";
import {
  addCalendarSubscriber,
  type CalendarSubscriber,
  listCalendarSubscribers,
  revokeCalendarSubscriber,
} from "../../src/calendar/calendar-subscribers.js";
import { applyMigrations } from "../../src/db/apply-migrations.js";
import { databaseTargetFromConfig, describeDatabaseTarget } from "../../src/db/database-target.js";
import { openDatabase } from "../../src/db/open-database.js";
import { setRole } from "../../src/people/manage-roles.js";
import { exportRegistry } from "../../src/registry/export-registry.js";
import { importRegistry } from "../../src/registry/import-registry.js";
import { formatRegistryCsv } from "../../src/registry/registry-csv.js";
import { seedRegistry } from "../../src/registry/seed-registry.js";
import { digestCsv } from "../../src/reminders/digest-csv.js";
import { digestMarkdown } from "../../src/reminders/digest-markdown.js";
import { chooseDigestMeeting, QuarterSchema } from "../../src/reminders/digest-quarter.js";
import { buildMeetingDigest } from "../../src/reminders/meeting-digest.js";
import { calendarDateIn } from "../../src/shared/calendar-date.js";
import { systemClock } from "../../src/shared/clock.js";
import { runWithRequest } from "../../src/shared/request-context.js";
import { exportWholeDatabase, importWholeDatabase } from "./backup-command.js";
import { submitFromFile } from "./intake-submission.js";
import { renderText, safeText } from "./render-text.js";
import { consoleConfig } from "./run-console.js";
import { addDatesCommand } from "./significant-dates-command.js";

const { config, logger } = consoleConfig();

async function withCore<T>(work: (core: Core) => Promise<T>): Promise<T> {
  const core = await startCore({ config, clock: systemClock, logger });
  try {
    return await work(core);
  } finally {
    await core.close();
  }
}

const program = new Command()
  .name("iap")
  .description("iap-bot on the command line: questions, registry import/export, database set-up")
  .showHelpAfterError();

program
  .command("ask")
  .description('answer one question, e.g. iap ask "status of Milan"')
  .argument("<question...>", "the question, as you would type it in chat")
  .action(async (words: string[]) => {
    const { reply } = await withCore((core) =>
      core.answerChat({
        platform: "CONSOLE",
        conversationId: "cli",
        userId: userInfo().username,
        text: words.join(" "),
      }),
    );
    process.stdout.write(`${renderText(reply, { choosable: false })}\n`);
  });

const formatOption = (flags: string, description: string) =>
  new Option(flags, description).choices(["csv", "json"]).argParser((value) => {
    if (value !== "csv" && value !== "json") throw new InvalidArgumentError("use csv or json");
    return value;
  });

program
  .command("import")
  .description("validate a CSV or JSON registry file and apply all of it, or nothing")
  .argument("<file>", "registry.csv or registry.json (as written by iap export), or with --all a backup")
  .addOption(formatOption("--format <format>", "file format (default: from the file extension)"))
  .option("--all", "restore a whole-database backup (iap export --all) into an empty database")
  .action(async (file: string, { all, ...options }: { format?: "csv" | "json"; all?: boolean }) => {
    if (all) {
      if (options.format === "csv") {
        process.stderr.write("iap import --all reads a JSON backup, not CSV; leave out --format csv\n");
        process.exitCode = 2;
      } else process.exitCode = await importWholeDatabase(config, file);
      return;
    }
    const text = await readFile(file, "utf8");
    const result = await withCore((core) =>
      importRegistry(core.database.prisma, { fileName: file, text, now: systemClock(), ...options }),
    );
    if (!result.ok) {
      process.stderr.write(
        `Nothing was imported: ${result.problems.length} problem(s) in ${file}. Fix them and import again.\n`,
      );
      for (const problem of result.problems) {
        process.stderr.write(`  line ${problem.line}${problem.slug ? ` (${problem.slug})` : ""}: ${problem.message}\n`);
      }
      process.exitCode = 1;
      return;
    }
    const { created, updated, unchanged } = result.report;
    process.stdout.write(
      `Imported ${file}: ${created.length} created, ${updated.length} updated, ${unchanged} unchanged.\n`,
    );
    for (const slug of created) process.stdout.write(`  + ${slug}\n`);
    for (const change of updated) process.stdout.write(`  ~ ${change.slug}: ${change.fields.join(", ")}\n`);
  });

program
  .command("export")
  .description("write the registry as CSV (agreements) or JSON (everything, with sources)")
  .addOption(formatOption("--format <format>", "csv or json").default("json"))
  .option("--output <file>", "write to a file instead of stdout")
  .option("--all", "the whole database (registry, intake, audit, reminders) as one JSON backup")
  .action(async (options: { format: "csv" | "json"; output?: string; all?: boolean }) => {
    if (options.all) {
      if (options.format === "csv") {
        process.stderr.write("iap export --all writes JSON only; leave out --format csv\n");
        process.exitCode = 2;
      } else await exportWholeDatabase(config, systemClock, options.output);
      return;
    }
    const document = await withCore((core) => exportRegistry(core.database.prisma));
    const text =
      options.format === "csv" ? formatRegistryCsv(document.agreements) : `${JSON.stringify(document, null, 2)}\n`;
    if (options.output) await writeFile(options.output, text);
    else process.stdout.write(text);
  });

const intake = program.command("intake").description("requests to CCO-SPER, the single point of entry");
intake
  .command("submit")
  .description("submit a proposal or enquiry from a JSON file (fields in the README); exits 1 if it is not accepted")
  .argument("<file>", "proposal.json")
  .option("--as <user>", "who is submitting (default: your user name on this computer)")
  .action(async (file: string, options: { as?: string }) => {
    const text = await readFile(file, "utf8");
    const result = await withCore((core) => submitFromFile(core, systemClock, { name: file, text, as: options.as }));
    (result.ok ? process.stdout : process.stderr).write(`${result.text}\n`);
    if (!result.ok) process.exitCode = 1;
  });

const DigestOptionsSchema = z.object({
  quarter: QuarterSchema.optional(),
  format: z.enum(["md", "csv"], "use md or csv").default("md"),
});

program
  .command("digest")
  .description("the working group's meeting digest on stdout: an agenda in Markdown, or one CSV row per item")
  .option("--quarter <quarter>", "the quarter whose meeting to prepare, e.g. 2027Q1 (default: the next meeting)")
  .option("--format <format>", "md or csv (default: md)")
  .action(async (options: { quarter?: string; format?: string }) => {
    const parsed = DigestOptionsSchema.safeParse(options);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const value = options[issue.path[0] as keyof typeof options] ?? "";
        process.stderr.write(
          `iap digest: --${String(issue.path[0])} ${JSON.stringify(value.slice(0, 40))}: ${issue.message}\n`,
        );
      }
      process.exitCode = 2;
      return;
    }
    const { quarter, format } = parsed.data;
    const today = calendarDateIn(systemClock(), config.IAP_TIME_ZONE);
    const choice = chooseDigestMeeting(quarter ?? null, today, config.MEETING_DATES);
    if (!choice.ok) {
      process.stderr.write(`iap digest: ${choice.message}\n`);
      process.exitCode = 1;
      return;
    }
    const digest = await withCore((core) =>
      buildMeetingDigest(
        {
          prisma: core.database.prisma,
          clock: systemClock,
          timeZone: config.IAP_TIME_ZONE,
          meetingDates: config.MEETING_DATES,
        },
        choice.meeting,
      ),
    );
    // Control characters in registry text must not drive the terminal; everything else is printed as recorded.
    process.stdout.write(safeText(format === "csv" ? digestCsv(digest) : digestMarkdown(digest)));
  });

const PLATFORMS = { slack: "SLACK", teams: "TEAMS" } as const;
const ROLES = { coordinator: "COORDINATOR", "division-rep": "DIVISION_REP", staff: "STAFF" } as const;

program
  .command("role")
  .description("give someone a role: coordinator (advances intake), division-rep (capacity assessments), staff")
  .argument("<platform>", "slack or teams")
  .argument("<user-id>", "their Slack user id (U…) or Teams AAD object id")
  .argument("<role>", "coordinator, division-rep or staff")
  .option("--name <name>", "their name, when the bot does not know them yet")
  .option("--division <code>", "their division code, e.g. EDC (needed for division-rep)")
  .action(async (platform: string, userId: string, role: string, options: { name?: string; division?: string }) => {
    const onPlatform = PLATFORMS[platform.toLowerCase() as keyof typeof PLATFORMS];
    const asRole = ROLES[role.toLowerCase() as keyof typeof ROLES];
    if (!onPlatform || !asRole) {
      process.stderr.write(
        `use: iap role slack|teams <user-id> coordinator|division-rep|staff (got ${platform} ${role})\n`,
      );
      process.exitCode = 2;
      return;
    }
    const outcome = await withCore((core) =>
      setRole(core.database.prisma, {
        target: { platform: onPlatform, externalId: userId },
        role: asRole,
        displayName: options.name,
        divisionCode: options.division,
        actor: { platform: "CONSOLE", externalId: userInfo().username },
        now: systemClock(),
      }),
    );
    if (!outcome.ok) {
      process.stderr.write(`${outcome.reason}\n`);
      process.exitCode = 1;
      return;
    }
    process.stdout.write(
      `${userId} on ${platform} is now ${role} (was ${outcome.before?.toLowerCase() ?? "unknown to the bot"}).\n`,
    );
  });

const BaseUrlSchema = z.url({ protocol: /^https?$/ }).transform((url) => url.replace(/\/+$/, ""));

const calendar = program
  .command("calendar")
  .description("the calendar feed at /calendar.ics: one secret link per subscriber, revocable");
calendar
  .command("add")
  .description("make a subscriber and print its link; the token is shown this once (only its hash is stored)")
  .argument("<name>", 'who or what subscribes, e.g. "CCO-SPER shared calendar"')
  .option("--base-url <url>", "the bot's address as subscribers reach it", `http://localhost:${config.PORT}`)
  .action(async (name: string, options: { baseUrl: string }) => {
    const baseUrl = BaseUrlSchema.safeParse(options.baseUrl);
    if (!baseUrl.success) {
      process.stderr.write(
        `--base-url must be an http(s) address such as https://iap-bot.example.ca (got ${options.baseUrl})\n`,
      );
      process.exitCode = 2;
      return;
    }
    const outcome = await withCore((core) =>
      addCalendarSubscriber(core.database.prisma, { name, actor: consoleActor(), now: systemClock() }),
    );
    if (!outcome.ok) {
      process.stderr.write(`${outcome.reason}\n`);
      process.exitCode = 1;
      return;
    }
    const link = `${baseUrl.data}/calendar.ics?token=${outcome.token}`;
    process.stdout.write(
      `Calendar subscriber ${outcome.subscriber.id} added: ${outcome.subscriber.name}\n` +
        `Token: ${outcome.token}\n` +
        `Subscribe link: ${link}\n` +
        "Keep it secret: anyone with the link can read the calendar. It is not stored and cannot be shown again; " +
        `revoke it with: iap calendar revoke ${outcome.subscriber.id}\n`,
    );
  });
calendar
  .command("list")
  .description("every subscriber: id, name, when added and when revoked")
  .action(async () => {
    const subscribers = await withCore((core) => listCalendarSubscribers(core.database.prisma));
    if (subscribers.length === 0) {
      process.stdout.write('No calendar subscribers yet. Add one with: iap calendar add "Name"\n');
      return;
    }
    process.stdout.write(`${formatSubscribers(subscribers)}\n`);
  });
calendar
  .command("revoke")
  .description("stop a subscriber's link from working, at once")
  .argument("<name-or-id>", "the subscriber's id (see iap calendar list) or its name")
  .action(async (subscriber: string) => {
    const outcome = await withCore((core) =>
      revokeCalendarSubscriber(core.database.prisma, { subscriber, actor: consoleActor(), now: systemClock() }),
    );
    if (!outcome.ok) {
      process.stderr.write(`${outcome.reason}\n`);
      process.exitCode = 1;
      return;
    }
    process.stdout.write(
      `Revoked calendar subscriber ${outcome.subscriber.id} (${outcome.subscriber.name}): its link no longer works.\n`,
    );
  });

const consoleActor = () => ({ platform: "CONSOLE" as const, externalId: userInfo().username });

/** "2026-03-02 14:00 UTC" */
const utcMinute = (at: Date) => `${at.toISOString().slice(0, 16).replace("T", " ")} UTC`;

function formatSubscribers(subscribers: readonly CalendarSubscriber[]): string {
  const rows = [
    ["id", "name", "added", "revoked"],
    ...subscribers.map((subscriber) => [
      String(subscriber.id),
      subscriber.name.length > 60 ? `${subscriber.name.slice(0, 59)}…` : subscriber.name,
      utcMinute(subscriber.createdAt),
      subscriber.revokedAt ? utcMinute(subscriber.revokedAt) : "—",
    ]),
  ];
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows
    .map((row) =>
      row
        .map((cell, column) => cell.padEnd(widths[column]!))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

program
  .command("seed")
  .description("seed the registry from the source documents (done automatically on first start)")
  .option("--force", "apply the seed again, overwriting corrections made since", false)
  .action(async (options: { force: boolean }) => {
    const target = databaseTargetFromConfig(config);
    const database = await openDatabase(target);
    try {
      await applyMigrations(database.sql);
      const outcome = await seedRegistry(database.prisma, registrySeed, { now: systemClock(), force: options.force });
      process.stdout.write(
        outcome.seeded
          ? `Seeded ${describeDatabaseTarget(target)}: ${outcome.report.created.length} created, ${outcome.report.updated.length} updated.\n`
          : "Already seeded; nothing changed. Use --force to apply the seed again over later corrections.\n",
      );
    } finally {
      await database.close();
    }
  });

program
  .command("migrate")
  .description(
    "apply pending database migrations (the release step before replicas start with MIGRATE_ON_START=off); " +
      "several at once are safe: they wait on Prisma's migration lock",
  )
  .action(async () => {
    const target = databaseTargetFromConfig(config);
    const database = await openDatabase(target);
    try {
      const report = await applyMigrations(database.sql);
      process.stdout.write(
        report.applied.length > 0
          ? `Applied ${report.applied.join(", ")} to ${describeDatabaseTarget(target)}.\n`
          : `${describeDatabaseTarget(target)} is up to date (${report.alreadyApplied} migrations).\n`,
      );
      if (report.unknown.length > 0) {
        process.stderr.write(
          `Note: the database also has ${report.unknown.join(", ")}, which this version does not know: a newer version migrated it.\n`,
        );
      }
    } finally {
      await database.close();
    }
  });

addDatesCommand(program, withCore);

try {
  // One request id per command: its log lines (on stderr) can be told from another run's.
  await runWithRequest(`cli-${randomUUID()}`, () => program.parseAsync(), "CONSOLE");
} catch (error) {
  logger.error({ err: error }, "command failed");
  process.stderr.write(`iap: ${(error as Error).message}\n`);
  process.exitCode = 1;
}
