import { type ParseError, parse, printParseErrorCode } from "jsonc-parser";
import { z } from "zod";

/**
 * A whole-database backup: every table's rows as the database holds them, and the migrations
 * that shaped those tables. Made by `iap export --all`, restored by `iap import --all` into an
 * empty database, on PGlite or PostgreSQL alike.
 *
 * Each row maps column names to values in their database form (see column-codecs.ts): DateTime
 * as ISO text in UTC with milliseconds, @db.Date as YYYY-MM-DD, Json as itself, enums as their
 * label, Int[] as an array, NULL as null.
 */
export const BACKUP_FORMAT = "iap-bot-backup";
export const BACKUP_VERSION = 1;

/**
 * Models a backup leaves out, and why. Everything else Prisma knows is backed up, so a model
 * added later is included without touching this code.
 */
export const EPHEMERAL_MODELS: Readonly<Record<string, string>> = {
  RateLimitCounter:
    "rate-limit counters expire within minutes; restoring stale counts would only throttle people after the move",
};

const JSON_VALUE_ROW = z.record(z.string(), z.unknown());

export const BackupDocumentSchema = z.object({
  format: z.literal(BACKUP_FORMAT, `should be "${BACKUP_FORMAT}": this is not a backup made by iap export --all`),
  version: z.literal(BACKUP_VERSION, `should be ${BACKUP_VERSION}`),
  exportedAt: z.iso.datetime({ message: "should be a date and time such as 2026-11-23T15:00:00.000Z" }),
  schema: z.object({
    /** Names of the migrations the exported database had applied, oldest first. */
    migrations: z.array(z.string().min(1)).min(1, "should name at least one migration"),
  }),
  /**
   * Per table (the serial columns' next value): numbers already handed out are never handed out
   * again, even those whose rows were deleted before the export.
   */
  sequences: z.record(z.string(), z.record(z.string(), z.number().int().min(1))),
  /** Per table, its rows in primary-key order; tables are listed parents first. */
  tables: z.record(z.string().min(1), z.array(JSON_VALUE_ROW, "should be a list of rows")),
});
export type BackupDocument = z.infer<typeof BackupDocumentSchema>;

export type ReadBackupOutcome =
  | { readonly ok: true; readonly document: BackupDocument }
  | { readonly ok: false; readonly newer: boolean; readonly problems: readonly string[] };

/**
 * Parses and validates a backup file's text, naming every problem by its place in the file.
 * A backup from a newer format version is told apart, so the user is told to upgrade.
 */
export function readBackupDocument(text: string): ReadBackupOutcome {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, newer: false, problems: [describeSyntaxError(text, error)] };
  }
  const version = (value as { format?: unknown; version?: unknown } | null)?.version;
  if ((value as { format?: unknown } | null)?.format === BACKUP_FORMAT && typeof version === "number") {
    if (version > BACKUP_VERSION) {
      return {
        ok: false,
        newer: true,
        problems: [
          `this backup is format version ${version}, made by a newer iap-bot; this one reads version ${BACKUP_VERSION}: upgrade iap-bot, then import again`,
        ],
      };
    }
  }
  const parsed = BackupDocumentSchema.safeParse(value, {
    error: (issue) => (issue.input === undefined ? "is missing" : undefined),
  });
  if (!parsed.success) {
    return {
      ok: false,
      newer: false,
      problems: parsed.error.issues.slice(0, MAX_PROBLEMS).map((issue) => `${issuePath(issue.path)}: ${issue.message}`),
    };
  }
  return { ok: true, document: parsed.data };
}

/** More than this many problems are not listed: the first ones show what is wrong. */
export const MAX_PROBLEMS = 20;

/**
 * The document as text, one row per line: readable, diffable, and written in pieces so a large
 * database never has to fit in one string.
 */
export function* formatBackupDocument(document: BackupDocument): Generator<string> {
  yield `{\n  "format": ${JSON.stringify(document.format)},\n  "version": ${document.version},\n`;
  yield `  "exportedAt": ${JSON.stringify(document.exportedAt)},\n`;
  yield `  "schema": ${JSON.stringify(document.schema)},\n`;
  yield `  "sequences": ${JSON.stringify(document.sequences)},\n`;
  yield `  "tables": {`;
  let firstTable = true;
  for (const [table, rows] of Object.entries(document.tables)) {
    yield `${firstTable ? "" : ","}\n    ${JSON.stringify(table)}: [`;
    firstTable = false;
    for (let index = 0; index < rows.length; index += 1) {
      yield `${index === 0 ? "" : ","}\n      ${JSON.stringify(rows[index])}`;
    }
    yield rows.length === 0 ? "]" : "\n    ]";
  }
  yield "\n  }\n}\n";
}

/** How many rows each table holds, in the document's order. */
export function countRows(document: BackupDocument): { readonly table: string; readonly rows: number }[] {
  return Object.entries(document.tables).map(([table, rows]) => ({ table, rows: rows.length }));
}

/** `tables.Agreement[3].termEnd`: where a problem is, as someone reading the file would look for it. */
export function issuePath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return "the file";
  return path
    .map((part, index) => (typeof part === "number" ? `[${part}]` : `${index === 0 ? "" : "."}${String(part)}`))
    .join("");
}

function describeSyntaxError(text: string, error: unknown): string {
  const errors: ParseError[] = [];
  parse(text, errors, { disallowComments: true, allowTrailingComma: false });
  const first = errors[0];
  if (!first) return `not valid JSON (${error instanceof Error ? error.message : String(error)})`;
  const before = text.slice(0, first.offset);
  const line = before.split("\n").length;
  const column = first.offset - before.lastIndexOf("\n");
  return `not valid JSON: ${printParseErrorCode(first.error)} at line ${line}, column ${column}`;
}
