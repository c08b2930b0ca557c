import { randomBytes } from "node:crypto";
import { performance } from "node:perf_hooks";
import pg from "pg";
import { applyMigrations } from "../src/db/apply-migrations.js";
import { openDatabase, quoteIdentifier } from "../src/db/open-database.js";
import { runReminderTick, type SchedulerDeps } from "../src/reminders/scheduler.js";
import { createLogger } from "../src/shared/logger.js";

/** One measured tick: what it was, how long it took, what it queued, and this process's memory after it. */
export interface TickRow {
  readonly what: string;
  readonly ms: number;
  readonly queued: number;
  readonly rssMb: number;
  readonly heapMb: number;
}

/**
 * One scheduler tick over a generated registry on PostgreSQL: term ends, establishment dates and
 * project ends spread over six years, so every reminder rule finds work on every day.
 * Target (issue 5): a tick under 2 s at 100,000 agreements. Returns the rows it printed.
 */
export async function benchReminderTick(postgresUrl: string, count: number): Promise<TickRow[]> {
  const schema = `iap_bench_tick_${randomBytes(4).toString("hex")}`;
  const database = await openDatabase({ kind: "postgres", url: postgresUrl, schema });
  try {
    await applyMigrations(database.sql);
    process.stderr.write(`reminder tick: generating ${count.toLocaleString()} agreements…\n`);
    await database.sql.exec(`
      INSERT INTO "Agreement" (slug, "counterpartyName", "counterpartyKind", city, country, category, "termEnd", "establishedOn", "establishedYear", sources, "updatedAt")
      SELECT 'gen-' || i, 'Gen ' || substr(md5(i::text), 1, 8), 'MUNICIPALITY', 'Gen', 'Italy',
             (ARRAY['PARTNERSHIP_CITY','INTERNATIONAL_PROJECT','HISTORICAL']::"AgreementCategory"[])[1 + i % 3],
             DATE '2027-01-01' + (i % 2190), DATE '1980-01-01' + (i % 16000), 1980 + (i % 16000) / 365, '{}', now()
      FROM generate_series(1, ${count}) AS i;
      INSERT INTO "Project" ("agreementId", name, "endDate")
      SELECT id, 'Project of ' || slug, "termEnd" - 30 FROM "Agreement" WHERE slug LIKE 'gen-%';
      INSERT INTO "Milestone" ("agreementId", title, "dueOn")
      SELECT id, 'Milestone of ' || slug, "termEnd" - 100 FROM "Agreement" WHERE slug LIKE 'gen-%' AND id % 4 = 0;
      ANALYZE;`);
    let now = new Date("2028-03-01T13:55:00Z");
    const deps: SchedulerDeps = {
      prisma: database.prisma,
      clock: () => now,
      logger: createLogger("silent"),
      timeZone: "America/Toronto",
      postHour: 9,
      intakeTargetMonths: 6,
      meetingDates: [],
      places: { "working-group": { SLACK: "C0WORKING" }, intake: {} },
    };
    await runReminderTick(deps); // the first tick sets the window
    const rows: TickRow[] = [];
    const measure = async (what: string, at: string) => {
      now = new Date(at);
      global.gc?.();
      const start = performance.now();
      const report = await runReminderTick(deps);
      const ms = performance.now() - start;
      const memory = process.memoryUsage();
      rows.push({ what, ms, queued: report.queued, rssMb: memory.rss / 2 ** 20, heapMb: memory.heapUsed / 2 ** 20 });
    };
    // 09:00 EST on 1 March 2028: the day's reminders for every rule fall due in this tick.
    await measure("tick at 09:00 (the day's reminders due)", "2028-03-01T14:00:00Z");
    await measure("tick at 09:05 (nothing new)", "2028-03-01T14:05:00Z");
    await measure("catch-up after 7 days down", "2028-03-08T14:05:00Z");
    console.log(`\nreminder scheduler — one tick on PostgreSQL over ${count.toLocaleString()} generated agreements\n`);
    console.log(
      `${"tick".padEnd(42)} ${"time".padStart(10)} ${"queued".padStart(8)} ${"RSS".padStart(9)} ${"heap".padStart(9)}`,
    );
    for (const row of rows) {
      console.log(
        `${row.what.padEnd(42)} ${`${row.ms.toFixed(0)} ms`.padStart(10)} ${String(row.queued).padStart(8)} ${`${row.rssMb.toFixed(0)} MB`.padStart(9)} ${`${row.heapMb.toFixed(0)} MB`.padStart(9)}`,
      );
    }
    console.log(`peak RSS of the bench process so far: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
    console.log("target: a tick under 2 s on PostgreSQL at 100,000 agreements");
    return rows;
  } finally {
    await database.close();
    const admin = new pg.Client({ connectionString: postgresUrl });
    await admin.connect();
    await admin.query(`DROP SCHEMA IF EXISTS ${quoteIdentifier(schema)} CASCADE`);
    await admin.end();
  }
}
