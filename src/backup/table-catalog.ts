import { quoteIdentifier, type SqlSession } from "../db/open-database.js";

/**
 * What backup and restore need to know about a table, read from PostgreSQL's own catalog (the
 * same on PGlite): the database, not the code, is the truth about the tables a backup was made
 * from or is restored into, whatever migration level each is at.
 */
export interface TableInfo {
  readonly name: string;
  /** `"schema"."Table"`, ready to put in SQL. */
  readonly qualifiedName: string;
  /** In the table's column order; generated columns left out (PostgreSQL computes them). */
  readonly columns: readonly ColumnInfo[];
  readonly primaryKey: readonly string[];
  /** Tables this one's foreign keys point at (itself left out). */
  readonly references: readonly string[];
}

export interface ColumnInfo {
  readonly name: string;
  readonly notNull: boolean;
  /** PostgreSQL's name for the type: "int4", "jsonb", "_int4" (an int4 array), an enum's name ... */
  readonly typeName: string;
  readonly type: ColumnType;
  /** For an array column, its elements' type; null otherwise. */
  readonly elementType: ColumnType | null;
  /** An enum's labels, in order; empty for other types. */
  readonly enumLabels: readonly string[];
  /** timestamp(p): digits of fraction kept. */
  readonly fractionDigits: number;
  /** The serial or identity sequence filling this column, as SQL; null when none. */
  readonly sequence: string | null;
}

/** The types a backup encodes; "other" is passed through as PostgreSQL renders it in JSON. */
export type ColumnType =
  | "integer"
  | "bigint"
  | "numeric"
  | "float"
  | "boolean"
  | "text"
  | "timestamp"
  | "timestamptz"
  | "date"
  | "json"
  | "bytes"
  | "enum"
  | "other";

const TYPES_BY_NAME: Readonly<Record<string, ColumnType>> = {
  int2: "integer",
  int4: "integer",
  int8: "bigint",
  numeric: "numeric",
  float4: "float",
  float8: "float",
  bool: "boolean",
  text: "text",
  varchar: "text",
  bpchar: "text",
  timestamp: "timestamp",
  timestamptz: "timestamptz",
  date: "date",
  json: "json",
  jsonb: "json",
  bytea: "bytes",
};

interface ColumnRow {
  name: string;
  notNull: boolean;
  typeModifier: number;
  typeName: string;
  typeKind: string;
  elementTypeName: string | null;
  elementTypeKind: string | null;
  enumLabels: string[] | null;
  sequence: string | null;
}

/** The schema unqualified names resolve to: the bot's schema on PostgreSQL, public on PGlite. */
export async function currentSchema(session: SqlSession): Promise<string> {
  const rows = await session.query<{ schema: string }>("SELECT current_schema()::text AS schema");
  const schema = rows[0]?.schema;
  if (!schema) throw new Error("The database has no current schema: its search_path names no existing schema.");
  return schema;
}

/** Each named table's description, or null for a table this database does not have. */
export async function readTableCatalog(
  session: SqlSession,
  schema: string,
  tables: readonly string[],
): Promise<Map<string, TableInfo | null>> {
  const catalog = new Map<string, TableInfo | null>();
  for (const name of tables) {
    const qualifiedName = `${quoteIdentifier(schema)}.${quoteIdentifier(name)}`;
    const exists = await session.query<{ found: boolean }>("SELECT to_regclass($1::text) IS NOT NULL AS found", [
      qualifiedName,
    ]);
    if (!exists[0]?.found) {
      catalog.set(name, null);
      continue;
    }
    const columns = await session.query<ColumnRow>(
      `SELECT a.attname::text AS name, a.attnotnull AS "notNull", a.atttypmod AS "typeModifier",
              t.typname::text AS "typeName", t.typtype::text AS "typeKind",
              e.typname::text AS "elementTypeName", e.typtype::text AS "elementTypeKind",
              (SELECT json_agg(l.enumlabel::text ORDER BY l.enumsortorder) FROM pg_enum l
                WHERE l.enumtypid = COALESCE(e.oid, t.oid)) AS "enumLabels",
              pg_get_serial_sequence($1::text, a.attname::text) AS sequence
         FROM pg_attribute a
         JOIN pg_type t ON t.oid = a.atttypid
         LEFT JOIN pg_type e ON e.oid = t.typelem AND t.typcategory = 'A'
        WHERE a.attrelid = $1::text::regclass AND a.attnum > 0 AND NOT a.attisdropped
          AND a.attgenerated = ''
        ORDER BY a.attnum`,
      [qualifiedName],
    );
    const primaryKey = await session.query<{ name: string }>(
      `SELECT a.attname::text AS name
         FROM pg_index i
         CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, position)
         JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
        WHERE i.indrelid = $1::text::regclass AND i.indisprimary
        ORDER BY k.position`,
      [qualifiedName],
    );
    const references = await session.query<{ name: string }>(
      `SELECT DISTINCT r.relname::text AS name
         FROM pg_constraint c JOIN pg_class r ON r.oid = c.confrelid
        WHERE c.conrelid = $1::text::regclass AND c.contype = 'f' AND c.confrelid <> c.conrelid`,
      [qualifiedName],
    );
    catalog.set(name, {
      name,
      qualifiedName,
      columns: columns.map(toColumnInfo),
      primaryKey: primaryKey.map((row) => row.name),
      references: references.map((row) => row.name).sort(),
    });
  }
  return catalog;
}

function toColumnInfo(row: ColumnRow): ColumnInfo {
  const isArray = row.elementTypeName !== null;
  const typeOf = (name: string, kind: string): ColumnType => (kind === "e" ? "enum" : (TYPES_BY_NAME[name] ?? "other"));
  return {
    name: row.name,
    notNull: row.notNull,
    typeName: row.typeName,
    type: isArray ? "other" : typeOf(row.typeName, row.typeKind),
    elementType: isArray ? typeOf(row.elementTypeName ?? "", row.elementTypeKind ?? "") : null,
    enumLabels: row.enumLabels ?? [],
    // atttypmod is the precision for timestamps; -1 means PostgreSQL's default of 6.
    fractionDigits: row.typeModifier >= 0 ? row.typeModifier : 6,
    sequence: row.sequence,
  };
}

/**
 * Tables in an order where every table comes after those its foreign keys point at, so rows can
 * be inserted without deferring constraints. Ties keep the given order.
 */
export function sortByForeignKeys(tables: readonly TableInfo[]): TableInfo[] {
  const names = new Set(tables.map((table) => table.name));
  const placed = new Set<string>();
  const ordered: TableInfo[] = [];
  while (ordered.length < tables.length) {
    const next = tables.find(
      (table) => !placed.has(table.name) && table.references.every((name) => placed.has(name) || !names.has(name)),
    );
    if (!next) {
      const stuck = tables.filter((table) => !placed.has(table.name)).map((table) => table.name);
      throw new Error(`The foreign keys between ${stuck.join(", ")} form a cycle: no insert order satisfies them.`);
    }
    placed.add(next.name);
    ordered.push(next);
  }
  return ordered;
}
