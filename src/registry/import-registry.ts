import path from "node:path";
import { findNodeAtLocation, type Node, type ParseError, parseTree, printParseErrorCode } from "jsonc-parser";
import { z } from "zod";
import type { PrismaClient } from "../generated/prisma/client.js";
import { type ApplyReport, applyRegistryDocument } from "./apply-registry-document.js";
import { describeIssues, parseRegistryCsv, type RowProblem } from "./registry-csv.js";
import {
  type AgreementRecord,
  AgreementRecordSchema,
  type DivisionRecord,
  DivisionRecordSchema,
  REGISTRY_FORMAT,
} from "./registry-document.js";

export type ImportFormat = "csv" | "json";

export type ImportResult =
  | { readonly ok: true; readonly format: ImportFormat; readonly report: ApplyReport }
  | { readonly ok: false; readonly format: ImportFormat; readonly problems: readonly RowProblem[] };

export interface ImportInput {
  /** Shown in sources and messages; its extension picks the format unless `format` is given. */
  readonly fileName: string;
  readonly text: string;
  readonly format?: ImportFormat;
  /** When the import happens, recorded with values it changes. */
  readonly now: Date;
}

/**
 * Validates every row, then applies all of them in one transaction, or none: on any problem
 * nothing is written and every bad row is listed with its line number and what is wrong.
 */
export async function importRegistry(prisma: PrismaClient, input: ImportInput): Promise<ImportResult> {
  const format = input.format ?? (path.extname(input.fileName).toLowerCase() === ".csv" ? "csv" : "json");
  const parsed = format === "csv" ? readCsv(input.text) : readJson(input.text);
  const problems = [...parsed.problems];
  problems.push(...(await crossCheck(prisma, parsed.divisions, parsed.agreements)));
  if (problems.length > 0) return { ok: false, format, problems: problems.sort((a, b) => a.line - b.line) };

  const fileName = path.basename(input.fileName);
  const lines = new Map(parsed.agreements.map(({ line, record }) => [record.slug, line]));
  const importedOn = input.now.toISOString().slice(0, 10);
  const report = await prisma.$transaction(
    (tx) =>
      applyRegistryDocument(
        tx,
        {
          divisions: parsed.divisions.map((row) => row.record),
          agreements: parsed.agreements.map((row) => row.record),
        },
        {
          children: format === "json" ? "replace" : "keep",
          origin: (slug) => ({ document: `import of ${fileName}`, locator: `line ${lines.get(slug)}, ${importedOn}` }),
        },
      ),
    { timeout: 120_000, maxWait: 30_000 },
  );
  return { ok: true, format, report };
}

interface Located<T> {
  readonly line: number;
  readonly record: T;
}

interface ParsedFile {
  readonly divisions: readonly Located<DivisionRecord>[];
  readonly agreements: readonly Located<AgreementRecord>[];
  readonly problems: readonly RowProblem[];
}

function readCsv(text: string): ParsedFile {
  const { rows, problems } = parseRegistryCsv(text);
  return { divisions: [], agreements: rows, problems };
}

function readJson(text: string): ParsedFile {
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false });
  const lineAt = lineFinder(text);
  if (errors.length > 0 || !tree) {
    const first = errors[0];
    return {
      divisions: [],
      agreements: [],
      problems: [
        {
          line: first ? lineAt(first.offset) : 1,
          slug: null,
          message: first ? `not valid JSON: ${printParseErrorCode(first.error)}` : "the file is empty",
        },
      ],
    };
  }
  const document: unknown = JSON.parse(text);
  const header = z
    .object({
      format: z.literal(REGISTRY_FORMAT),
      divisions: z.array(z.unknown()).default([]),
      agreements: z.array(z.unknown()),
    })
    .safeParse(document);
  if (!header.success) {
    return {
      divisions: [],
      agreements: [],
      problems: [
        {
          line: 1,
          slug: null,
          message: `expected {"format": "${REGISTRY_FORMAT}", "agreements": [...]}: ${describeIssues(header.error)}`,
        },
      ],
    };
  }
  const problems: RowProblem[] = [];
  const validate = <T>(key: string, rows: unknown[], schema: z.ZodType<T>): Located<T>[] =>
    rows.flatMap((row, index) => {
      const node = findNodeAtLocation(tree, [key, index]) as Node;
      const line = lineAt(node.offset);
      const result = schema.safeParse(row);
      if (result.success) return [{ line, record: result.data }];
      const slug = typeof (row as { slug?: unknown })?.slug === "string" ? (row as { slug: string }).slug : null;
      problems.push({ line, slug, message: `${key}[${index}]: ${describeIssues(result.error)}` });
      return [];
    });
  const divisions = validate("divisions", header.data.divisions, DivisionRecordSchema);
  const agreements = validate("agreements", header.data.agreements, AgreementRecordSchema);
  return { divisions, agreements, problems };
}

function lineFinder(text: string): (offset: number) => number {
  const starts = [0];
  for (let index = 0; index < text.length; index++) if (text.charCodeAt(index) === 10) starts.push(index + 1);
  return (offset) => {
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((starts[mid] ?? 0) <= offset) low = mid;
      else high = mid - 1;
    }
    return low + 1;
  };
}

async function crossCheck(
  prisma: PrismaClient,
  divisions: readonly Located<DivisionRecord>[],
  agreements: readonly Located<AgreementRecord>[],
): Promise<RowProblem[]> {
  const problems: RowProblem[] = [];
  const firstLine = new Map<string, number>();
  for (const { line, record } of agreements) {
    const earlier = firstLine.get(record.slug);
    if (earlier === undefined) firstLine.set(record.slug, line);
    else
      problems.push({
        line,
        slug: record.slug,
        message: `slug "${record.slug}" appears again (first on line ${earlier})`,
      });
  }
  const known = new Set(
    [
      ...(await prisma.division.findMany({ select: { code: true } })).map((division) => division.code),
      ...divisions.map((row) => row.record.code),
    ].map((code) => code.toLowerCase()),
  );
  for (const { line, record } of agreements) {
    if (record.leadDivision && !known.has(record.leadDivision.toLowerCase())) {
      problems.push({
        line,
        slug: record.slug,
        message: `lead_division: "${record.leadDivision}" is not a known division code (known: ${[...known].join(", ").toUpperCase()})`,
      });
    }
  }
  return problems;
}
