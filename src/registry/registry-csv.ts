import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";
import { z } from "zod";
import {
  type AgreementCategory,
  type AgreementRecord,
  AgreementRecordSchema,
  type CounterpartyKind,
  IsoDateSchema,
} from "./registry-document.js";

/**
 * The spreadsheet form of the registry: one row per agreement, no projects or activities
 * (those travel in JSON). Empty cell = not recorded. Aliases are separated by semicolons.
 */
export const CSV_COLUMNS = [
  "slug",
  "counterparty_name",
  "aliases",
  "counterparty_kind",
  "city",
  "country",
  "category",
  "previous_designation",
  "established_year",
  "established_on",
  "term_start",
  "term_end",
  "renewal_option",
  "lead_division",
  "contacts",
  "notes",
] as const;
type CsvColumn = (typeof CSV_COLUMNS)[number];

export const CATEGORY_LABELS: Record<AgreementCategory, string> = {
  PARTNERSHIP_CITY: "Partnership City",
  INTERNATIONAL_PROJECT: "International Project",
  HISTORICAL: "Historical",
  OUTSIDE_IAP: "Outside IAP",
};

export const COUNTERPARTY_KIND_LABELS: Record<CounterpartyKind, string> = {
  MUNICIPALITY: "Municipality",
  REGIONAL_GOVERNMENT: "Regional government",
  COUNTRY: "Country",
  CHAMBER_OF_COMMERCE: "Chamber of commerce",
  TRADE_OR_INVESTMENT_AGENCY: "Trade or investment agency",
};

/** Accepts the code ("PARTNERSHIP_CITY") or the label ("Partnership City") in any case. */
function enumCell<T extends string>(labels: Record<T, string>) {
  return z.string().transform((value, ctx): T => {
    const key = value
      .trim()
      .toLowerCase()
      .replaceAll(/[\s_-]+/g, " ");
    const found = (Object.keys(labels) as T[]).find(
      (code) => code.toLowerCase().replaceAll("_", " ") === key || labels[code].toLowerCase() === key,
    );
    if (found) return found;
    ctx.addIssue({
      code: "custom",
      message: `"${value}" is not one of: ${Object.values(labels).join(", ")}`,
    });
    return z.NEVER;
  });
}

const cell = z.string().transform((value) => (value.trim() === "" ? null : value.trim()));

const dateCell = cell.pipe(IsoDateSchema.nullable());

const CsvRowSchema = z
  .object({
    slug: AgreementRecordSchema.shape.slug,
    counterparty_name: AgreementRecordSchema.shape.counterpartyName,
    aliases: z.string().default(""),
    counterparty_kind: enumCell(COUNTERPARTY_KIND_LABELS),
    city: cell,
    country: AgreementRecordSchema.shape.country,
    category: enumCell(CATEGORY_LABELS),
    previous_designation: cell,
    established_year: z.string().transform((value, ctx) => {
      if (value.trim() === "") return null;
      if (/^\d{4}$/.test(value.trim())) return Number(value.trim());
      ctx.addIssue({ code: "custom", message: `"${value}" should be a four-digit year, or empty when not recorded` });
      return z.NEVER;
    }),
    established_on: dateCell,
    term_start: dateCell,
    term_end: dateCell,
    renewal_option: z.string().transform((value, ctx) => {
      const key = value.trim().toLowerCase();
      if (key === "") return null;
      if (["yes", "y", "true"].includes(key)) return true;
      if (["no", "n", "false"].includes(key)) return false;
      ctx.addIssue({ code: "custom", message: `"${value}" should be yes, no, or empty when not recorded` });
      return z.NEVER;
    }),
    lead_division: cell,
    contacts: cell,
    notes: cell,
  })
  .transform((row) => ({
    slug: row.slug,
    counterpartyName: row.counterparty_name,
    aliases: row.aliases
      .split(";")
      .map((alias) => alias.trim())
      .filter(Boolean),
    counterpartyKind: row.counterparty_kind,
    city: row.city,
    country: row.country,
    category: row.category,
    previousDesignation: row.previous_designation,
    establishedYear: row.established_year,
    establishedOn: row.established_on,
    termStart: row.term_start,
    termEnd: row.term_end,
    renewalOption: row.renewal_option,
    leadDivision: row.lead_division,
    contacts: row.contacts,
    notes: row.notes,
  }));

export interface CsvRow {
  readonly line: number;
  readonly record: AgreementRecord;
}

export interface RowProblem {
  /** 1-based line in the file where the row starts. */
  readonly line: number;
  readonly slug: string | null;
  readonly message: string;
}

export function parseRegistryCsv(text: string): { rows: CsvRow[]; problems: RowProblem[] } {
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parse(text.replace(/^\uFEFF/, ""), {
      columns: (header: string[]) => header.map((name) => name.trim().toLowerCase()),
      info: true,
      skip_empty_lines: true,
      relax_column_count: false,
    });
  } catch (error) {
    const line = (error as { lines?: number }).lines ?? 1;
    return { rows: [], problems: [{ line, slug: null, message: `not valid CSV: ${(error as Error).message}` }] };
  }
  const header = text.split(/\r?\n/, 1)[0] ?? "";
  const missing = CSV_COLUMNS.filter(
    (column) =>
      !["aliases", "previous_designation", "contacts", "notes", "established_on", "lead_division"].includes(column),
  ).filter(
    (column) =>
      !header
        .toLowerCase()
        .split(",")
        .map((name) => name.trim().replaceAll('"', ""))
        .includes(column),
  );
  if (missing.length > 0) {
    return {
      rows: [],
      problems: [{ line: 1, slug: null, message: `the header lacks column(s): ${missing.join(", ")}` }],
    };
  }
  const rows: CsvRow[] = [];
  const problems: RowProblem[] = [];
  for (const { record, info } of records) {
    // info.lines is the line the row ends on; a quoted cell may span lines.
    const line = info.lines - countNewlines(record);
    const filled = Object.fromEntries(CSV_COLUMNS.map((column) => [column, record[column] ?? ""])) as Record<
      CsvColumn,
      string
    >;
    const cells = CsvRowSchema.safeParse(filled);
    const result = cells.success ? AgreementRecordSchema.safeParse(cells.data) : cells;
    if (result.success) {
      rows.push({ line, record: result.data });
    } else {
      problems.push({ line, slug: filled.slug || null, message: describeIssues(result.error) });
    }
  }
  return { rows, problems };
}

function countNewlines(record: Record<string, string>): number {
  return Object.values(record).reduce((sum, value) => sum + (value.match(/\r?\n/g)?.length ?? 0), 0);
}

export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const field = issue.path.map(String).join(".");
      return field ? `${toColumnName(field)}: ${issue.message}` : issue.message;
    })
    .join("; ");
}

function toColumnName(field: string): string {
  return field.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}

export function formatRegistryCsv(agreements: readonly AgreementRecord[]): string {
  return stringify(
    agreements.map((agreement) => [
      agreement.slug,
      agreement.counterpartyName,
      agreement.aliases.join("; "),
      COUNTERPARTY_KIND_LABELS[agreement.counterpartyKind],
      agreement.city ?? "",
      agreement.country,
      CATEGORY_LABELS[agreement.category],
      agreement.previousDesignation ?? "",
      agreement.establishedYear ?? "",
      agreement.establishedOn ?? "",
      agreement.termStart ?? "",
      agreement.termEnd ?? "",
      agreement.renewalOption === null ? "" : agreement.renewalOption ? "yes" : "no",
      agreement.leadDivision ?? "",
      agreement.contacts ?? "",
      agreement.notes ?? "",
    ]),
    { header: true, columns: [...CSV_COLUMNS] },
  );
}
