import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { readFile } from "node:fs/promises";
import type { Writable } from "node:stream";
import {
  countRows,
  EPHEMERAL_MODELS,
  formatBackupDocument,
  readBackupDocument,
} from "../../src/backup/backup-document.js";
import { exportDatabase } from "../../src/backup/export-database.js";
import { importDatabase } from "../../src/backup/import-database.js";
import type { Config } from "../../src/config/config.js";
import { applyMigrations } from "../../src/db/apply-migrations.js";
import { databaseTargetFromConfig, describeDatabaseTarget } from "../../src/db/database-target.js";
import { openDatabase } from "../../src/db/open-database.js";
import type { Clock } from "../../src/shared/clock.js";
import { safeText } from "./render-text.js";

type DatabaseConfig = Pick<Config, "DATABASE_URL" | "IAP_DATA_DIR">;

/**
 * `iap export --all`: the whole database to one JSON file (or stdout), then what was written.
 * The database is opened without the core, so exporting a new, empty one does not seed it first.
 */
export async function exportWholeDatabase(config: DatabaseConfig, clock: Clock, output?: string): Promise<void> {
  const target = databaseTargetFromConfig(config);
  const database = await openDatabase(target);
  const document = await (async () => {
    try {
      await applyMigrations(database.sql);
      return await exportDatabase(database.sql, { now: clock() });
    } finally {
      await database.close();
    }
  })();
  if (output) {
    const file = createWriteStream(output);
    await writeChunks(file, formatBackupDocument(document));
    file.end();
    await once(file, "finish");
  } else {
    await writeChunks(process.stdout, formatBackupDocument(document));
  }
  const counts = countRows(document);
  const total = counts.reduce((sum, { rows }) => sum + rows, 0);
  // With the backup on stdout, the summary goes to stderr.
  const report = output ? process.stdout : process.stderr;
  report.write(
    `Exported ${describeDatabaseTarget(target)} to ${output ?? "stdout"}: ${total} rows in ${counts.length} tables, ` +
      `at migration ${document.schema.migrations.at(-1)}.\n${formatCounts(counts)}` +
      Object.entries(EPHEMERAL_MODELS)
        .map(([model, reason]) => `Left out ${model}: ${reason}.\n`)
        .join(""),
  );
}

/**
 * `iap import --all FILE`: restores a backup into an empty database. Opens the database without
 * the core, whose first start would seed it; returns the exit code (1 when refused).
 */
export async function importWholeDatabase(config: DatabaseConfig, file: string): Promise<number> {
  const read = readBackupDocument(await readFile(file, "utf8"));
  if (!read.ok) {
    process.stderr.write(
      `Nothing was imported: ${file} ${read.newer ? "comes from a newer iap-bot" : "is not a usable backup"}.\n` +
        read.problems.map((problem) => `  ${safeText(problem)}\n`).join(""),
    );
    return 1;
  }
  const target = databaseTargetFromConfig(config);
  const database = await openDatabase(target);
  const outcome = await (async () => {
    try {
      return await importDatabase(database.sql, read.document);
    } finally {
      await database.close();
    }
  })();
  if (!outcome.ok) {
    process.stderr.write(
      `Nothing was imported into ${describeDatabaseTarget(target)}. ${outcome.message}\n` +
        outcome.problems.map((problem) => `  ${safeText(problem)}\n`).join(""),
    );
    return 1;
  }
  const total = outcome.report.tables.reduce((sum, { rows }) => sum + rows, 0);
  process.stdout.write(
    `Imported ${file} (exported ${read.document.exportedAt}) into ${describeDatabaseTarget(target)}: ` +
      `${total} rows in ${outcome.report.tables.length} tables.\n${formatCounts(outcome.report.tables)}` +
      (outcome.report.migrationsApplied.length > 0
        ? `Then applied the migrations newer than the backup: ${outcome.report.migrationsApplied.join(", ")}.\n`
        : ""),
  );
  return 0;
}

function formatCounts(counts: readonly { readonly table: string; readonly rows: number }[]): string {
  const width = Math.max(0, ...counts.map(({ table }) => table.length));
  return counts.map(({ table, rows }) => `  ${safeText(table).padEnd(width)}  ${String(rows).padStart(7)}\n`).join("");
}

async function writeChunks(stream: Writable, chunks: Iterable<string>): Promise<void> {
  for (const chunk of chunks) {
    if (!stream.write(chunk)) await once(stream, "drain");
  }
}
