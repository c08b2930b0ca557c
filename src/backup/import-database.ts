import { applyMigrations, type Migration, readMigrations, readRecordedMigrations } from "../db/apply-migrations.js";
import { quoteIdentifier, type SqlRunner, type SqlSession } from "../db/open-database.js";
import { type BackupDocument, issuePath, MAX_PROBLEMS } from "./backup-document.js";
import { columnValueSchema, importExpression } from "./column-codecs.js";
import { currentSchema, readTableCatalog, sortByForeignKeys, type TableInfo } from "./table-catalog.js";

/** Why a restore did not happen; the message says what to do. */
export type ImportRefusal = "newer-backup" | "database-ahead" | "not-empty" | "invalid-file";

export type ImportOutcome =
  | { readonly ok: true; readonly report: ImportReport }
  | {
      readonly ok: false;
      readonly refusal: ImportRefusal;
      readonly message: string;
      /** For "invalid-file": each problem, by its place in the file. */
      readonly problems: readonly string[];
    };

export interface ImportReport {
  /** Rows restored per table, in the order they were inserted (parents first). */
  readonly tables: readonly { readonly table: string; readonly rows: number }[];
  /** Migrations newer than the backup, applied after the restore. */
  readonly migrationsApplied: readonly string[];
}

export interface ImportOptions {
  /** The migrations this code has (default: prisma/migrations). */
  readonly migrations?: readonly Migration[];
}

const EMPTY_DATABASE_HINT =
  "import --all restores into an empty database: point DATABASE_URL at a new database or schema, or IAP_DATA_DIR at a new folder.";

/** Rows per INSERT, and JSON characters per INSERT, whichever comes first. */
const BATCH_ROWS = 1_000;
const BATCH_CHARS = 4_000_000;

/**
 * Restores a backup into an empty database, all or nothing. The schema is first brought to the
 * backup's migrations (no seeding: the backup is the data), every row is checked against the
 * tables it goes into, then all tables are filled in one transaction, parents first, keeping
 * every id; each serial column's sequence then continues after the highest id restored (or the
 * exported sequence, if further). Migrations newer than the backup run last, so an older backup
 * is upgraded the way a running database would be.
 */
export async function importDatabase(
  sql: SqlRunner,
  document: BackupDocument,
  options: ImportOptions = {},
): Promise<ImportOutcome> {
  const known = options.migrations ?? (await readMigrations());
  const knownNames = new Set(known.map((migration) => migration.name));
  const unknown = document.schema.migrations.filter((name) => !knownNames.has(name));
  if (unknown.length > 0) {
    return refuse(
      "newer-backup",
      `This backup was made by a newer iap-bot: its database had migrations this version does not know (${unknown.join(", ")}). Upgrade iap-bot, then import again.`,
    );
  }
  const schema = await currentSchema(sql);
  const inBackup = new Set(document.schema.migrations);
  const ahead = (await readRecordedMigrations(sql, schema)).filter((name) => !inBackup.has(name));
  if (ahead.length > 0) {
    return refuse(
      "database-ahead",
      `This database already has migrations the backup was not made with (${ahead.join(", ")}); ${EMPTY_DATABASE_HINT}`,
    );
  }
  const names = Object.keys(document.tables);
  const occupied = await countRowsPresent(sql, schema, names);
  if (occupied.length > 0) return refuse("not-empty", notEmptyMessage(occupied));

  await applyMigrations(
    sql,
    known.filter((migration) => inBackup.has(migration.name)),
  );
  const catalog = await readTableCatalog(sql, schema, names);
  const problems = checkDocument(document, catalog);
  if (problems.length > 0) {
    return refuse("invalid-file", "The backup does not fit this database's tables.", problems);
  }
  const tables = sortByForeignKeys(names.map((name) => catalog.get(name)!));
  let restored: Awaited<ReturnType<typeof restoreTables>>;
  try {
    restored = await sql.transaction((session) => restoreTables(session, schema, tables, document));
  } catch (error) {
    if (error instanceof RestoreRowsError) return refuse("invalid-file", error.message, [error.detail]);
    throw error;
  }
  if (!restored.ok) return refuse("not-empty", notEmptyMessage(restored.occupied));
  const upgrade = await applyMigrations(sql, known);
  return {
    ok: true,
    report: {
      tables: tables.map((table) => ({ table: table.name, rows: document.tables[table.name]!.length })),
      migrationsApplied: upgrade.applied,
    },
  };
}

function refuse(refusal: ImportRefusal, message: string, problems: readonly string[] = []): ImportOutcome {
  return { ok: false, refusal, message, problems };
}

interface Occupied {
  readonly table: string;
  readonly rows: number;
}

function notEmptyMessage(occupied: readonly Occupied[]): string {
  const counts = occupied.map(({ table, rows }) => `${rows} ${rows === 1 ? "row" : "rows"} in ${table}`).join(", ");
  return `This database already holds ${counts}; ${EMPTY_DATABASE_HINT}`;
}

/** The tables among `names` that exist and hold rows. */
async function countRowsPresent(session: SqlSession, schema: string, names: readonly string[]): Promise<Occupied[]> {
  const occupied: Occupied[] = [];
  for (const name of names) {
    const table = `${quoteIdentifier(schema)}.${quoteIdentifier(name)}`;
    const exists = await session.query<{ found: boolean }>("SELECT to_regclass($1::text) IS NOT NULL AS found", [
      table,
    ]);
    if (!exists[0]?.found) continue;
    const rows = await session.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
    const count = rows[0]?.n ?? 0;
    if (count > 0) occupied.push({ table: name, rows: count });
  }
  return occupied;
}

/** Every table, column and value the backup holds, against the tables it is going into. */
function checkDocument(document: BackupDocument, catalog: ReadonlyMap<string, TableInfo | null>): string[] {
  const problems: string[] = [];
  const add = (path: PropertyKey[], message: string) => {
    if (problems.length < MAX_PROBLEMS) problems.push(`${issuePath(path)}: ${message}`);
    else if (problems.length === MAX_PROBLEMS) problems.push("… and more; fix these first");
  };
  for (const [name, rows] of Object.entries(document.tables)) {
    const table = catalog.get(name);
    if (!table) {
      add(["tables", name], `this database has no table ${name} at the backup's migrations`);
      continue;
    }
    const schemas = new Map(table.columns.map((column) => [column.name, columnValueSchema(column)]));
    rows.forEach((row, index) => {
      for (const key of Object.keys(row)) {
        if (!schemas.has(key)) add(["tables", name, index, key], `${name} has no such column`);
      }
      for (const [column, schema] of schemas) {
        if (!Object.hasOwn(row, column)) {
          add(["tables", name, index, column], "is missing");
          continue;
        }
        const checked = schema.safeParse(row[column]);
        if (!checked.success) {
          const issue = checked.error.issues[0];
          add(
            ["tables", name, index, column, ...(issue?.path ?? [])],
            `${issue?.message} (got ${preview(row[column])})`,
          );
        }
      }
    });
  }
  for (const [name, columns] of Object.entries(document.sequences)) {
    const table = catalog.get(name);
    for (const column of Object.keys(columns)) {
      if (!table?.columns.some((candidate) => candidate.name === column && candidate.sequence)) {
        add(["sequences", name, column], `${name}.${column} is not a serial column of a table in this backup`);
      }
    }
  }
  return problems;
}

function preview(value: unknown): string {
  const text = JSON.stringify(value) ?? "nothing";
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}

/** PostgreSQL refused some rows (a duplicate id, a missing parent ...): the transaction is rolled back. */
class RestoreRowsError extends Error {
  constructor(
    readonly table: string,
    readonly first: number,
    readonly last: number,
    readonly detail: string,
  ) {
    super(`PostgreSQL refused ${table} rows ${first}–${last}; nothing was imported.`);
    this.name = "RestoreRowsError";
  }
}

async function restoreTables(
  session: SqlSession,
  schema: string,
  tables: readonly TableInfo[],
  document: BackupDocument,
): Promise<{ ok: true } | { ok: false; occupied: Occupied[] }> {
  if (tables.length === 0) return { ok: true };
  // Nobody writes to these tables while they are filled; the emptiness check is repeated under the lock.
  await session.exec(`LOCK TABLE ${tables.map((table) => table.qualifiedName).join(", ")} IN EXCLUSIVE MODE`);
  const occupied = await countRowsPresent(
    session,
    schema,
    tables.map((table) => table.name),
  );
  if (occupied.length > 0) return { ok: false, occupied };
  for (const table of tables) await insertRows(session, table, document.tables[table.name]!);
  for (const table of tables) await continueSequences(session, table, document.sequences[table.name] ?? {});
  return { ok: true };
}

async function insertRows(session: SqlSession, table: TableInfo, rows: readonly Record<string, unknown>[]) {
  const columns = table.columns.map((column) => quoteIdentifier(column.name)).join(", ");
  const values = table.columns.map((column) => importExpression(column, "r.value", "p")).join(", ");
  const insert = `INSERT INTO ${table.qualifiedName} (${columns}) OVERRIDING SYSTEM VALUE
    SELECT ${values}
      FROM jsonb_array_elements($1::text::jsonb) WITH ORDINALITY AS r(value, position)
      CROSS JOIN LATERAL jsonb_populate_record(NULL::${table.qualifiedName}, r.value) AS p
     ORDER BY r.position`;
  let batch: string[] = [];
  let chars = 0;
  let first = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    try {
      await session.query(insert, [`[${batch.join(",")}]`]);
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      throw new RestoreRowsError(table.name, first + 1, first + batch.length, `${table.name}: ${detail}`);
    }
    first += batch.length;
    batch = [];
    chars = 0;
  };
  for (const row of rows) {
    const text = JSON.stringify(row);
    if (batch.length >= BATCH_ROWS || (batch.length > 0 && chars + text.length > BATCH_CHARS)) await flush();
    batch.push(text);
    chars += text.length;
  }
  await flush();
}

/** Sets each serial column's sequence past the highest id restored, and past the exported value. */
async function continueSequences(session: SqlSession, table: TableInfo, exported: Readonly<Record<string, number>>) {
  for (const column of table.columns) {
    if (!column.sequence) continue;
    await session.query(
      `SELECT setval($1::text::regclass,
                     GREATEST(COALESCE((SELECT max(${quoteIdentifier(column.name)}) FROM ${table.qualifiedName}), 0) + 1, $2::bigint),
                     false)`,
      [column.sequence, exported[column.name] ?? 1],
    );
  }
}
