import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";
import {
  describeEntryIssues,
  type EntryField,
  entryIssuesOf,
  monthDayLabel,
  readCountry,
  type SignificantDate,
  SignificantDateEntrySchema,
  type StoredSignificantDate,
} from "./significant-dates.js";

/** The spreadsheet form of the dates of significance: one row per date, the date as MM-DD. */
export const DATES_CSV_COLUMNS = [
  "country",
  "name",
  "date",
  "source_document",
  "source_locator",
  "source_quote",
] as const;
const REQUIRED_COLUMNS = ["country", "name", "date", "source_document"] as const;

const COLUMN_OF: Record<EntryField, string> = {
  country: "country",
  name: "name",
  date: "date",
  "source.document": "source_document",
  "source.locator": "source_locator",
  "source.quote": "source_quote",
};

export interface DatesCsvProblem {
  /** 1-based line in the file where the row starts. */
  readonly line: number;
  readonly message: string;
}

export type DatesCsvReading =
  | { readonly ok: true; readonly rows: readonly SignificantDate[] }
  | { readonly ok: false; readonly problems: readonly DatesCsvProblem[] };

/**
 * Reads and checks every row of a dates file; any problem makes the whole file fail, each
 * problem with its line. Countries are resolved to the registry's spelling.
 */
export function readSignificantDatesCsv(text: string, registryCountries: readonly string[]): DatesCsvReading {
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parse(text.replace(/^\uFEFF/, ""), {
      columns: (header: string[]) => header.map((name) => name.trim().toLowerCase()),
      info: true,
      skip_empty_lines: true,
    });
  } catch (error) {
    const line = (error as { lines?: number }).lines ?? 1;
    return { ok: false, problems: [{ line, message: `not valid CSV: ${(error as Error).message}` }] };
  }
  const header = parseHeader(text);
  const missing = REQUIRED_COLUMNS.filter((column) => !header.includes(column));
  if (missing.length > 0) {
    return {
      ok: false,
      problems: [
        {
          line: 1,
          message: `the header lacks column(s): ${missing.join(", ")} (expected ${DATES_CSV_COLUMNS.join(",")})`,
        },
      ],
    };
  }
  const rows: SignificantDate[] = [];
  const problems: DatesCsvProblem[] = [];
  const seen = new Map<string, number>();
  for (const { record, info } of records) {
    const line = info.lines - Object.values(record).reduce((sum, cell) => sum + (cell.match(/\r?\n/g)?.length ?? 0), 0);
    const parsed = SignificantDateEntrySchema.safeParse({
      country: record.country ?? "",
      name: record.name ?? "",
      date: record.date ?? "",
      source: { document: record.source_document ?? "", locator: record.source_locator, quote: record.source_quote },
    });
    if (!parsed.success) {
      problems.push({ line, message: describeEntryIssues(entryIssuesOf(parsed.error), (field) => COLUMN_OF[field]) });
      continue;
    }
    const country = readCountry(parsed.data.country, registryCountries);
    if (!country.ok) {
      problems.push({ line, message: `country: ${country.message}` });
      continue;
    }
    const key = `${country.country}|${parsed.data.name.toLowerCase()}`;
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      problems.push({ line, message: `${country.country} "${parsed.data.name}" is already on line ${earlier}` });
      continue;
    }
    seen.set(key, line);
    rows.push({
      country: country.country,
      name: parsed.data.name,
      month: parsed.data.date.month,
      day: parsed.data.date.day,
      source: parsed.data.source,
    });
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, rows };
}

function parseHeader(text: string): string[] {
  const first = text.replace(/^\uFEFF/, "").split(/\r?\n/, 1)[0] ?? "";
  return first.split(",").map((name) => name.trim().replaceAll('"', "").toLowerCase());
}

/** The table as CSV, in the order given; reads back with `readSignificantDatesCsv`. */
export function formatSignificantDatesCsv(rows: readonly StoredSignificantDate[]): string {
  return stringify(
    rows.map((row) => [
      row.country,
      row.name,
      monthDayLabel(row),
      row.source?.document ?? "",
      row.source?.locator ?? "",
      row.source?.quote ?? "",
    ]),
    { header: true, columns: [...DATES_CSV_COLUMNS] },
  );
}
