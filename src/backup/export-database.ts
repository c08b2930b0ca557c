import { type Migration, readMigrations, readRecordedMigrations } from "../db/apply-migrations.js";
import { quoteIdentifier, type SqlRunner, type SqlSession } from "../db/open-database.js";
import { Prisma } from "../generated/prisma/client.js";
import { BACKUP_FORMAT, BACKUP_VERSION, type BackupDocument, EPHEMERAL_MODELS } from "./backup-document.js";
import { exportExpression } from "./column-codecs.js";
import { currentSchema, readTableCatalog, sortByForeignKeys, type TableInfo } from "./table-catalog.js";

/**
 * Every model Prisma knows, except the ephemeral ones: a model added to the schema later is
 * backed up without a change here. (The `prisma-client` generator emits no `Prisma.dmmf`;
 * `Prisma.ModelName` is its list of models.)
 */
export function backedUpModels(): string[] {
  return Object.values(Prisma.ModelName).filter((name) => !(name in EPHEMERAL_MODELS));
}

export interface ExportOptions {
  /** Recorded as the backup's exportedAt. */
  readonly now: Date;
  /** The migrations this code has (default: prisma/migrations). */
  readonly migrations?: readonly Migration[];
}

/** The database cannot be backed up as it is; the message says why and what to do. */
export class ExportRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ExportRefusedError";
  }
}

/**
 * Reads the whole database into a backup document, in one read-only REPEATABLE READ transaction:
 * every table is read from the same snapshot, so a bot still running meanwhile cannot leave a
 * step without its request or an outbox row without its ledger entry. (PGlite has one connection,
 * so its snapshot is consistent anyway.) Raw SQL rather than Prisma: PostgreSQL renders each
 * value itself (see column-codecs.ts), so nothing passes through a driver's type conversions.
 */
export async function exportDatabase(sql: SqlRunner, options: ExportOptions): Promise<BackupDocument> {
  return sql.transaction(async (session) => {
    await session.exec("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
    const schema = await currentSchema(session);
    const migrations = await readRecordedMigrations(session, schema);
    if (migrations.length === 0) {
      throw new ExportRefusedError("This database has no migrations applied: there is nothing to back up.");
    }
    // A newer iap-bot may have added tables this code does not know of: they would be left out.
    const known = new Set((options.migrations ?? (await readMigrations())).map((migration) => migration.name));
    const unknown = migrations.filter((name) => !known.has(name));
    if (unknown.length > 0) {
      throw new ExportRefusedError(
        `This database was migrated by a newer iap-bot (${unknown.join(", ")}); export it with that version, whose backup holds every table.`,
      );
    }
    const models = backedUpModels();
    const catalog = await readTableCatalog(session, schema, models);
    const missing = models.filter((name) => !catalog.get(name));
    if (missing.length > 0) {
      throw new ExportRefusedError(
        `The database has no table for ${missing.join(", ")}: run iap migrate first (or the model maps to another table name, which backups do not handle).`,
      );
    }
    const tables = sortByForeignKeys(models.map((name) => catalog.get(name)!));
    const document: BackupDocument = {
      format: BACKUP_FORMAT,
      version: BACKUP_VERSION,
      exportedAt: options.now.toISOString(),
      schema: { migrations },
      sequences: {},
      tables: {},
    };
    for (const table of tables) {
      document.tables[table.name] = await readRows(session, table);
      const next = await readSequences(session, table);
      if (Object.keys(next).length > 0) document.sequences[table.name] = next;
    }
    return document;
  });
}

async function readRows(session: SqlSession, table: TableInfo): Promise<Record<string, unknown>[]> {
  const columns = table.columns
    .map((column) => `${exportExpression(column, "t")} AS ${quoteIdentifier(column.name)}`)
    .join(", ");
  const keys = table.primaryKey.length > 0 ? table.primaryKey : table.columns.map((column) => column.name);
  // Text keys in byte order, so PGlite and PostgreSQL (whatever its collation) write the same file.
  const order = keys
    .map((name) => {
      const text = table.columns.find((column) => column.name === name)?.type === "text";
      return `t.${quoteIdentifier(name)}${text ? ' COLLATE "C"' : ""}`;
    })
    .join(", ");
  const rows = await session.query<{ row: Record<string, unknown> }>(
    `SELECT row_to_json(x) AS row FROM ${table.qualifiedName} t CROSS JOIN LATERAL (SELECT ${columns}) x ORDER BY ${order}`,
  );
  return rows.map((row) => row.row);
}

/** The value each serial column's sequence hands out next. */
async function readSequences(session: SqlSession, table: TableInfo): Promise<Record<string, number>> {
  const next: Record<string, number> = {};
  for (const column of table.columns) {
    if (!column.sequence) continue;
    // The name comes from pg_get_serial_sequence, already quoted by PostgreSQL.
    const rows = await session.query<{ lastValue: string; isCalled: boolean }>(
      `SELECT last_value::text AS "lastValue", is_called AS "isCalled" FROM ${column.sequence}`,
    );
    const row = rows[0];
    if (!row) continue;
    next[column.name] = Number(row.lastValue) + (row.isCalled ? 1 : 0);
  }
  return next;
}
