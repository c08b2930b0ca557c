import { z } from "zod";
import { quoteIdentifier } from "../db/open-database.js";
import type { ColumnInfo, ColumnType } from "./table-catalog.js";

/**
 * How each column type travels through a backup. PostgreSQL does both conversions itself (to
 * JSON on export, from JSON through jsonb_populate_record on import), so a value comes back
 * exactly as it was, whichever driver (pg or PGlite) carries it. Only these are written by hand:
 * timestamps as ISO text in UTC with the Z spelled out, dates as YYYY-MM-DD, and 64-bit or
 * arbitrary-precision numbers as text, which a JSON number in JavaScript would round.
 *
 * One case a backup cannot tell apart: a nullable Json column holding JSON `null` rather than SQL
 * NULL comes back as SQL NULL. The bot never writes JSON null (Prisma only does on an explicit
 * Prisma.JsonNull, which no code uses).
 */

const ISO_MS = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;
const ISO_US = `'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'`;

/** The SQL rendering `column` of table alias `alias` for the backup, inside row_to_json. */
export function exportExpression(column: ColumnInfo, alias: string): string {
  const ref = `${alias}.${quoteIdentifier(column.name)}`;
  const pattern = column.fractionDigits <= 3 ? ISO_MS : ISO_US;
  switch (column.type) {
    case "timestamp":
      return `to_char(${ref}, ${pattern})`;
    case "timestamptz":
      return `to_char(${ref} AT TIME ZONE 'UTC', ${pattern})`;
    case "date":
      return `to_char(${ref}, 'YYYY-MM-DD')`;
    case "bigint":
    case "numeric":
      return `${ref}::text`;
    default:
      return column.elementType === "bigint" || column.elementType === "numeric" ? `${ref}::text[]` : ref;
  }
}

/**
 * The SQL reading `column` back from a backup row: `row` is the row as jsonb, `record` the same
 * row through jsonb_populate_record (typed by PostgreSQL's input functions). A jsonb column is
 * taken as it is, so JSON `null` in a NOT NULL column stays JSON null.
 */
export function importExpression(column: ColumnInfo, row: string, record: string): string {
  if (column.typeName !== "jsonb") return `${record}.${quoteIdentifier(column.name)}`;
  const value = `(${row} -> ${quoteLiteral(column.name)})`;
  return column.notNull ? value : `NULLIF(${value}, 'null'::jsonb)`;
}

/** What a backed-up value of `column` must look like; a message says what was expected. */
export function columnValueSchema(column: ColumnInfo): z.ZodType {
  const value = column.elementType
    ? z.array(valueSchema(column.elementType, column).nullable())
    : valueSchema(column.type, column);
  return column.notNull ? value : value.nullable();
}

function valueSchema(type: ColumnType, column: ColumnInfo): z.ZodType {
  switch (type) {
    case "integer":
      return z
        .number("should be a whole number")
        .int("should be a whole number")
        .min(-2_147_483_648, "is too small for its column")
        .max(2_147_483_647, "is too large for its column");
    case "bigint":
      return z
        .string('should be a whole number written as text, e.g. "12"')
        .regex(/^-?\d+$/, 'should be a whole number written as text, e.g. "12"');
    case "numeric":
      return z
        .string('should be a number written as text, e.g. "1.5"')
        .regex(/^(-?\d+(\.\d+)?|NaN)$/, 'should be a number written as text, e.g. "1.5"');
    case "float":
      return z.number("should be a number");
    case "boolean":
      return z.boolean("should be true or false");
    case "text":
      return z.string("should be text");
    case "timestamp":
    case "timestamptz":
      return z.iso.datetime({
        local: true,
        message: "should be a date and time in UTC such as 2026-11-23T15:00:00.000Z",
      });
    case "date":
      return z.iso.date("should be a real date such as 2027-03-31");
    case "bytes":
      return z
        .string("should be bytes in hex such as \\x0a1b")
        .regex(/^\\x(?:[0-9a-fA-F]{2})*$/, "should be bytes in hex such as \\x0a1b");
    case "enum":
      return column.enumLabels.length > 0
        ? z.enum(column.enumLabels as [string, ...string[]], `should be one of ${column.enumLabels.join(", ")}`)
        : z.string("should be text");
    default:
      // JSON, and types the backup does not know: anything present, checked by PostgreSQL on insert.
      return z.unknown().refine((value) => value !== undefined, "should be present");
  }
}

function quoteLiteral(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}
