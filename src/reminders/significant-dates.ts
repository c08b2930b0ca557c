import { distance } from "fastest-levenshtein";
import { z } from "zod";
import type { PrismaClient } from "../generated/prisma/client.js";
import { type SourceRef, SourceRefSchema } from "../registry/registry-document.js";
import { worldCountries } from "../registry/world-countries.js";

/**
 * The dates of significance for flag raisings: one national day per partner country, a fixed month
 * and day each, with the public source it comes from. The scheduler (due-reminders.ts) reminds the
 * working group of a date while the country has a Partnership City or International Project
 * agreement, matching `country` exactly as the registry spells it.
 */

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;
const MONTH_NAMES = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
] as const;

/** Agreement categories whose countries get flag-raising reminders (as in due-reminders.ts). */
const PARTNER_CATEGORIES = ["PARTNERSHIP_CITY", "INTERNATIONAL_PROJECT"] as const;

const required = { error: (issue: { input?: unknown }) => (issue.input === undefined ? "required" : "must be text") };
const text = (max: number) => z.string(required).trim().min(1, "required").max(max, `at most ${max} characters`);
const optionalText = (max: number) => z.string(required).trim().max(max, `at most ${max} characters`).optional();

/** A source as typed on the command line or in a file: trimmed, an empty locator or quote left out. */
const TypedSourceSchema = z
  .object({ document: text(1000), locator: optionalText(1000), quote: optionalText(2000) })
  .transform(
    (source): SourceRef => ({
      document: source.document,
      ...(source.locator ? { locator: source.locator } : {}),
      ...(source.quote ? { quote: source.quote } : {}),
    }),
  );

/** Why a month and day is not a date that comes every year, or null when it is one. */
function monthDayProblem(date: MonthDay): string | null {
  const last = DAYS_IN_MONTH[date.month - 1];
  if (last === undefined) return `there is no month ${date.month}: use 01 to 12`;
  if (date.month === 2 && date.day === 29) return "29 February is not a yearly date: use 02-28 or 03-01";
  if (date.day < 1 || date.day > last) return `${MONTH_NAMES[date.month - 1]} has days 01 to ${last}`;
  return null;
}

/** A month and day; `month` 1-12. */
export interface MonthDay {
  readonly month: number;
  readonly day: number;
}

/** One row of the table, as stored and as the seed gives it. */
export const SignificantDateSchema = z
  .object({
    /** As the registry spells it: "Türkiye", "United States", "Vietnam". */
    country: text(200),
    /** "Independence Day". */
    name: text(200),
    month: z.number().int(),
    day: z.number().int(),
    source: SourceRefSchema,
  })
  .superRefine((row, ctx) => {
    const problem = monthDayProblem(row);
    if (problem) ctx.addIssue({ code: "custom", path: ["day"], message: problem });
  });
export type SignificantDate = z.infer<typeof SignificantDateSchema>;

/** A whole table: at most one row per country and name (the table's unique key). */
export const SignificantDateTableSchema = z.array(SignificantDateSchema).superRefine((rows, ctx) => {
  const seen = new Set<string>();
  rows.forEach((row, index) => {
    const key = `${foldName(row.country)}|${foldName(row.name)}`;
    if (seen.has(key)) {
      ctx.addIssue({ code: "custom", path: [index, "name"], message: `${row.country} has "${row.name}" twice` });
    }
    seen.add(key);
  });
});

const MONTH_DAY = /^(\d{2})-(\d{2})$/;

/** "MM-DD" as typed, e.g. "07-04" for 4 July. */
export const MonthDaySchema = z
  .string(required)
  .trim()
  .transform((value, ctx): MonthDay => {
    const match = MONTH_DAY.exec(value);
    if (!match) {
      ctx.addIssue({ code: "custom", message: `"${value.slice(0, 20)}" is not MM-DD: use e.g. 07-04 for 4 July` });
      return z.NEVER;
    }
    const date = { month: Number(match[1]), day: Number(match[2]) };
    const problem = monthDayProblem(date);
    if (problem) {
      ctx.addIssue({ code: "custom", message: problem });
      return z.NEVER;
    }
    return date;
  });

/** What `dates set` and a file row give: the date as "MM-DD" and the source's parts. */
export const SignificantDateEntrySchema = z.object({
  country: text(200),
  name: text(200),
  date: MonthDaySchema,
  source: TypedSourceSchema,
});
export type SignificantDateEntryInput = z.input<typeof SignificantDateEntrySchema>;

/** What `dates remove` takes. */
export const SignificantDateKeySchema = z.object({ country: text(200), name: text(200) });
export type SignificantDateKeyInput = z.input<typeof SignificantDateKeySchema>;

/** The field of an entry a problem is about; adapters name it as their option or column. */
export type EntryField = "country" | "name" | "date" | "source.document" | "source.locator" | "source.quote";

export interface EntryIssue {
  readonly field: EntryField | null;
  readonly message: string;
}

/** The issues of a failed `SignificantDateEntrySchema` parse, each with its field. */
export function entryIssuesOf(error: z.ZodError): EntryIssue[] {
  return error.issues.map((issue) => {
    const [first, second] = issue.path.map(String);
    const field = first === "source" ? `source.${second}` : first;
    const known = ["country", "name", "date", "source.document", "source.locator", "source.quote"].includes(
      field ?? "",
    );
    return { field: known ? (field as EntryField) : null, message: issue.message };
  });
}

/** "date: use MM-DD …; source_document: required", each field named as `nameOf` says. */
export const describeEntryIssues = (issues: readonly EntryIssue[], nameOf: (field: EntryField) => string): string =>
  issues.map((issue) => (issue.field ? `${nameOf(issue.field)}: ${issue.message}` : issue.message)).join("; ");

/** "07-04". */
export const monthDayLabel = (date: MonthDay): string =>
  `${String(date.month).padStart(2, "0")}-${String(date.day).padStart(2, "0")}`;

/** "4 July". */
export const monthDayWords = (date: MonthDay): string => `${date.day} ${MONTH_NAMES[date.month - 1]}`;

const foldName = (value: string) =>
  value
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();

export type CountryReading =
  | { readonly ok: true; readonly country: string }
  | { readonly ok: false; readonly code: "unknown-country"; readonly message: string };

/**
 * The registry's spelling of a country typed any common way: its world-countries common or official
 * name, a two- or three-letter code, or an alternative spelling ("USA", "Viet Nam", "turkiye"). A
 * country the registry already names keeps the registry's spelling, because reminders match it exactly.
 */
export function readCountry(typed: string, registryCountries: readonly string[]): CountryReading {
  const key = foldName(typed);
  const inRegistry = (name: string) => registryCountries.find((country) => foldName(country) === foldName(name));
  const direct = inRegistry(typed);
  if (direct) return { ok: true, country: direct };
  const known = worldCountries.find((country) =>
    [country.name.common, country.name.official, country.cca2, country.cca3, ...country.altSpellings].some(
      (name) => foldName(name) === key,
    ),
  );
  if (known) return { ok: true, country: inRegistry(known.name.common) ?? known.name.common };
  const names = [...new Set([...registryCountries, ...worldCountries.map((country) => country.name.common)])];
  const closest = names
    .map((name) => ({ name, away: distance(foldName(name), key) }))
    .sort((a, b) => a.away - b.away)[0];
  // Two edits ("turkey" → Türkiye) for a name of five letters or more, one for a shorter one.
  const hint = closest && closest.away <= (key.length >= 5 ? 2 : 1) ? ` Did you mean ${closest.name}?` : "";
  return {
    ok: false,
    code: "unknown-country",
    message: `"${typed.trim().slice(0, 60)}" is not a country the bot knows.${hint} Use its English name, e.g. Italy or United States.`,
  };
}

/** A stored row; `source` is null when the stored JSON is not a valid source. */
export interface StoredSignificantDate {
  readonly id: number;
  readonly country: string;
  readonly name: string;
  readonly month: number;
  readonly day: number;
  readonly source: SourceRef | null;
}

function toStored(row: {
  id: number;
  country: string;
  name: string;
  month: number;
  day: number;
  source: unknown;
}): StoredSignificantDate {
  const source = SourceRefSchema.safeParse(row.source);
  return { ...row, source: source.success ? source.data : null };
}

/** Every row, in calendar order. */
export async function listSignificantDates(prisma: PrismaClient): Promise<StoredSignificantDate[]> {
  const rows = await prisma.significantDate.findMany({
    orderBy: [{ month: "asc" }, { day: "asc" }, { country: "asc" }, { name: "asc" }],
  });
  return rows.map(toStored);
}

/** Countries with a Partnership City or International Project agreement: those reminded of. */
export async function listPartnerCountries(prisma: PrismaClient): Promise<string[]> {
  const rows = await prisma.agreement.findMany({
    where: { category: { in: [...PARTNER_CATEGORIES] } },
    select: { country: true },
    distinct: ["country"],
    orderBy: { country: "asc" },
  });
  return rows.map((row) => row.country);
}

/** Every country the registry names, spelled as it spells them. */
export async function listRegistryCountries(prisma: PrismaClient): Promise<string[]> {
  const rows = await prisma.agreement.findMany({ select: { country: true }, distinct: ["country"] });
  return rows.map((row) => row.country);
}

export type SignificantDateProblem =
  | { readonly ok: false; readonly code: "invalid-input"; readonly issues: readonly EntryIssue[] }
  | { readonly ok: false; readonly code: "unknown-country" | "not-found"; readonly message: string };

export type SetSignificantDateOutcome =
  | {
      readonly ok: true;
      readonly row: StoredSignificantDate;
      readonly change: "created" | "updated" | "unchanged";
      /** False when no partner agreement is in the country yet: nothing is reminded until one is. */
      readonly partner: boolean;
    }
  | SignificantDateProblem;

/** The row a country and name designate, the name compared without regard to case or accents. */
async function findByKey(prisma: Pick<PrismaClient, "significantDate">, country: string, name: string) {
  const rows = await prisma.significantDate.findMany({ where: { country } });
  return rows.find((row) => foldName(row.name) === foldName(name)) ?? null;
}

/**
 * Adds a date, or corrects the one the country already has under that name (compared without
 * regard to case, so "independence day" corrects "Independence Day" instead of adding a second).
 */
export async function setSignificantDate(
  prisma: PrismaClient,
  /** As typed (`SignificantDateEntryInput`); validated here. */
  input: unknown,
): Promise<SetSignificantDateOutcome> {
  const parsed = SignificantDateEntrySchema.safeParse(input);
  if (!parsed.success) return { ok: false, code: "invalid-input", issues: entryIssuesOf(parsed.error) };
  const entry = parsed.data;
  const country = readCountry(entry.country, await listRegistryCountries(prisma));
  if (!country.ok) return country;
  const data = {
    country: country.country,
    name: entry.name,
    month: entry.date.month,
    day: entry.date.day,
    source: entry.source,
  };
  const existing = await findByKey(prisma, data.country, data.name);
  const partner = (await listPartnerCountries(prisma)).includes(data.country);
  if (existing && sameRow(toStored(existing), data)) {
    return { ok: true, row: toStored(existing), change: "unchanged", partner };
  }
  const row = existing
    ? await prisma.significantDate.update({ where: { id: existing.id }, data })
    : await prisma.significantDate.create({ data });
  return { ok: true, row: toStored(row), change: existing ? "updated" : "created", partner };
}

function sameRow(stored: StoredSignificantDate, data: SignificantDate): boolean {
  return (
    stored.name === data.name &&
    stored.month === data.month &&
    stored.day === data.day &&
    JSON.stringify(stored.source) === JSON.stringify(data.source)
  );
}

export type RemoveSignificantDateOutcome =
  | { readonly ok: true; readonly removed: StoredSignificantDate }
  | SignificantDateProblem;

/** Removes one date; says what the country does have when the name matches none. */
export async function removeSignificantDate(
  prisma: PrismaClient,
  /** As typed (`SignificantDateKeyInput`); validated here. */
  input: unknown,
): Promise<RemoveSignificantDateOutcome> {
  const parsed = SignificantDateKeySchema.safeParse(input);
  if (!parsed.success) return { ok: false, code: "invalid-input", issues: entryIssuesOf(parsed.error) };
  const reading = readCountry(parsed.data.country, await listRegistryCountries(prisma));
  const country = reading.ok ? reading.country : parsed.data.country;
  const existing = await findByKey(prisma, country, parsed.data.name);
  if (!existing) {
    const others = await prisma.significantDate.findMany({ where: { country }, orderBy: { name: "asc" } });
    const has = others.length > 0 ? `${country} has: ${others.map((row) => `"${row.name}"`).join(", ")}.` : "";
    return {
      ok: false,
      code: "not-found",
      message: `No date named "${parsed.data.name}" for ${country}. ${has || `${country} has no dates.`}`,
    };
  }
  await prisma.significantDate.delete({ where: { id: existing.id } });
  return { ok: true, removed: toStored(existing) };
}

export interface ImportDatesReport {
  readonly created: number;
  readonly updated: number;
  readonly unchanged: number;
}

/**
 * Applies validated rows in one transaction (upserts; rows not given are left alone). Validate
 * every row first with `readSignificantDatesCsv` or `SignificantDateTableSchema`.
 */
export async function importSignificantDates(
  prisma: PrismaClient,
  rows: readonly SignificantDate[],
): Promise<ImportDatesReport> {
  return prisma.$transaction(async (tx) => {
    let created = 0;
    let updated = 0;
    let unchanged = 0;
    for (const row of rows) {
      const existing = await findByKey(tx, row.country, row.name);
      if (existing && sameRow(toStored(existing), row)) unchanged += 1;
      else if (existing) {
        await tx.significantDate.update({ where: { id: existing.id }, data: row });
        updated += 1;
      } else {
        await tx.significantDate.create({ data: row });
        created += 1;
      }
    }
    return { created, updated, unchanged };
  });
}

const SEED_SETTING = "significantDates.seededAt";
/** Serialises seeding across replicas starting at once (the registry seed uses 4_270_001). */
const SEED_LOCK = 4_270_002;

export type SignificantDatesSeedOutcome =
  | { readonly seeded: true; readonly created: number }
  | { readonly seeded: false };

/**
 * Fills the table from the seed once per database, and only if it is empty: later runs do nothing,
 * so dates people corrected, added or removed since stay as they left them.
 */
export async function seedSignificantDates(
  prisma: PrismaClient,
  seed: readonly SignificantDate[],
  options: { readonly now: Date },
): Promise<SignificantDatesSeedOutcome> {
  const rows = SignificantDateTableSchema.parse(seed);
  return prisma.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${SEED_LOCK})`;
      const already = await tx.setting.findUnique({ where: { key: SEED_SETTING } });
      if (already) return { seeded: false } as const;
      const empty = (await tx.significantDate.count()) === 0;
      const { count } = empty ? await tx.significantDate.createMany({ data: rows }) : { count: 0 };
      await tx.setting.create({ data: { key: SEED_SETTING, value: options.now.toISOString() } });
      return empty ? ({ seeded: true, created: count } as const) : ({ seeded: false } as const);
    },
    { timeout: 60_000, maxWait: 30_000 },
  );
}
