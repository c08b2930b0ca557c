import { createHash, randomUUID } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { quoteIdentifier, type SqlRunner, type SqlSession } from "./open-database.js";

export const MIGRATIONS_DIR = fileURLToPath(new URL("../../prisma/migrations/", import.meta.url));

/** The lock `prisma migrate deploy` takes, so the bot and the CLI never migrate at the same time. */
const PRISMA_MIGRATE_LOCK = 72707369;

export interface Migration {
  readonly name: string;
  readonly sql: string;
  /** sha256 of the script, as Prisma records it. */
  readonly checksum: string;
}

export interface MigrationReport {
  readonly applied: readonly string[];
  readonly alreadyApplied: number;
  /**
   * Migrations the database has and this code does not: a newer version migrated it first (a
   * rolling deploy). Migrations only add, so this code still runs on it; callers warn.
   */
  readonly unknown: readonly string[];
}

export async function readMigrations(dir = MIGRATIONS_DIR): Promise<Migration[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const names = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  return Promise.all(
    names.map(async (name) => {
      const sql = await readFile(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    }),
  );
}

/**
 * Applies pending migrations in order, each in its own transaction, recording them in
 * `_prisma_migrations` exactly as `prisma migrate deploy` does (so `prisma migrate status`
 * agrees). Safe to run from several processes at once: they queue on Prisma's advisory lock.
 */
export async function applyMigrations(sql: SqlRunner, migrations?: readonly Migration[]): Promise<MigrationReport> {
  const all = migrations ?? (await readMigrations());
  // Under the lock too: concurrent CREATE TABLE IF NOT EXISTS can still collide in PostgreSQL's catalog.
  await sql.transaction(async (tx) => {
    await tx.query("SELECT pg_advisory_xact_lock($1)", [PRISMA_MIGRATE_LOCK]);
    await tx.exec(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id" VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum" VARCHAR(64) NOT NULL,
    "finished_at" TIMESTAMPTZ,
    "migration_name" VARCHAR(255) NOT NULL,
    "logs" TEXT,
    "rolled_back_at" TIMESTAMPTZ,
    "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count" INTEGER NOT NULL DEFAULT 0
  )`);
  });
  const applied: string[] = [];
  let alreadyApplied = 0;
  for (const migration of all) {
    const done = await sql.transaction(async (tx) => {
      await tx.query("SELECT pg_advisory_xact_lock($1)", [PRISMA_MIGRATE_LOCK]);
      const rows = await tx.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM "_prisma_migrations"
         WHERE migration_name = $1 AND finished_at IS NOT NULL AND rolled_back_at IS NULL`,
        [migration.name],
      );
      if ((rows[0]?.n ?? 0) > 0) return false;
      await tx.exec(migration.sql);
      await tx.query(
        `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, applied_steps_count)
         VALUES ($1, $2, now(), $3, 1)`,
        [randomUUID(), migration.checksum, migration.name],
      );
      return true;
    });
    if (done) applied.push(migration.name);
    else alreadyApplied += 1;
  }
  const known = new Set(all.map((migration) => migration.name));
  const unknown = (await readRecordedMigrations(sql)).filter((name) => !known.has(name));
  return { applied, alreadyApplied, unknown };
}

/**
 * Names of the migrations finished in `schema` (by default the connection's own, the first on its
 * search path), oldest first; none when it was never migrated. Only that schema's table counts: a
 * new schema is not taken for migrated because `public`, also on the search path, has been.
 */
export async function readRecordedMigrations(sql: SqlSession, schema?: string): Promise<string[]> {
  const [found] = await sql.query<{ schema: string; present: boolean }>(
    `SELECT s.name AS schema, to_regclass(format('%I._prisma_migrations', s.name)) IS NOT NULL AS present
       FROM (SELECT COALESCE($1::text, current_schema()) AS name) AS s`,
    [schema ?? null],
  );
  if (!found?.present) return [];
  const rows = await sql.query<{ migration_name: string }>(
    `SELECT migration_name FROM ${quoteIdentifier(found.schema)}."_prisma_migrations"
     WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
  );
  // Sorted as readMigrations sorts the folders: by name, whatever the database's collation.
  return [...new Set(rows.map((row) => row.migration_name))].sort();
}
