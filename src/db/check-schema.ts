import { type Migration, type MigrationReport, readMigrations, readRecordedMigrations } from "./apply-migrations.js";
import type { SqlSession } from "./open-database.js";

/** How the database's migrations compare with this code's. */
export interface SchemaState {
  /** This code's migrations the database lacks: the code would query tables or columns that are not there. */
  readonly missing: readonly string[];
  /** Migrations the database has and this code does not (a newer version migrated it first). */
  readonly unknown: readonly string[];
  readonly applied: number;
}

/**
 * Refusal to serve on a schema older than the code (MIGRATE_ON_START=off and nobody migrated). The
 * message is what the operator reads at start-up; `missing` names the migrations for logs and tests.
 */
export class SchemaBehindError extends Error {
  constructor(readonly missing: readonly string[]) {
    super(
      `The database schema is older than this code: ${missing.join(", ")} not applied. ` +
        "Run `npm run iap -- migrate` (or set MIGRATE_ON_START=on) and start again.",
    );
    this.name = "SchemaBehindError";
  }
}

/** Compares the migrations recorded in `_prisma_migrations` with this code's, changing nothing. */
export async function readSchemaState(sql: SqlSession, migrations?: readonly Migration[]): Promise<SchemaState> {
  const expected = (migrations ?? (await readMigrations())).map((migration) => migration.name);
  const recorded = await readRecordedMigrations(sql);
  const known = new Set(expected);
  const done = new Set(recorded);
  const missing = expected.filter((name) => !done.has(name));
  return {
    missing,
    unknown: recorded.filter((name) => !known.has(name)),
    applied: expected.length - missing.length,
  };
}

/**
 * For a process that must not migrate (MIGRATE_ON_START=off: a release step migrates, or its
 * database user has no DDL rights): passes when every migration of this code is applied, in the
 * shape `applyMigrations` reports; throws SchemaBehindError otherwise.
 */
export async function requireCurrentSchema(sql: SqlSession): Promise<MigrationReport> {
  const state = await readSchemaState(sql);
  if (state.missing.length > 0) throw new SchemaBehindError(state.missing);
  return { applied: [], alreadyApplied: state.applied, unknown: state.unknown };
}
