import { readFile, writeFile } from "node:fs/promises";
import type { Command } from "commander";
import type { Core } from "../../src/app/start-core.js";
import {
  describeEntryIssues,
  type EntryField,
  importSignificantDates,
  listPartnerCountries,
  listRegistryCountries,
  listSignificantDates,
  monthDayLabel,
  monthDayWords,
  removeSignificantDate,
  type SignificantDateProblem,
  type StoredSignificantDate,
  setSignificantDate,
} from "../../src/reminders/significant-dates.js";
import { formatSignificantDatesCsv, readSignificantDatesCsv } from "../../src/reminders/significant-dates-csv.js";
import { safeText } from "./render-text.js";

type WithCore = <T>(work: (core: Core) => Promise<T>) => Promise<T>;

/** Input the command cannot accept: a missing or malformed option, an unknown country, a bad file. */
const BAD_INPUT = 2;
/** Valid input that names nothing there is (a date to remove that is not in the table). */
const NOT_FOUND = 1;

const OPTION_OF: Record<EntryField, string> = {
  country: "--country",
  name: "--name",
  date: "--date",
  "source.document": "--source",
  "source.locator": "--locator",
  "source.quote": "--quote",
};

const notReminded = (country: string) =>
  `${country} has no Partnership City or International Project agreement, so its dates are not reminded of`;

function fail(problem: SignificantDateProblem): void {
  const message =
    problem.code === "invalid-input"
      ? describeEntryIssues(problem.issues, (field) => OPTION_OF[field])
      : problem.message;
  process.stderr.write(`${safeText(message)}\n`);
  process.exitCode = problem.code === "not-found" ? NOT_FOUND : BAD_INPUT;
}

const describeSource = (row: StoredSignificantDate): string => {
  if (!row.source) return "source: not valid in the database (correct it with iap dates set)";
  const { document, locator, quote } = row.source;
  return `source: ${document}${locator ? `, ${locator}` : ""}${quote ? `: "${quote}"` : ""}`;
};

/** `iap dates …`: list, set, remove, import and export the dates of significance for flag raisings. */
export function addDatesCommand(program: Command, withCore: WithCore): void {
  const dates = program
    .command("dates")
    .description("dates of significance for flag raisings: the partner countries' national days, with sources")
    // Commander's own usage errors (unknown or missing option values) are bad input too.
    .exitOverride((error) => process.exit(error.exitCode === 0 ? 0 : BAD_INPUT));

  dates
    .command("list")
    .description("every date in calendar order, with its source, and the partner countries that have none")
    .action(async () => {
      const [rows, partners] = await withCore((core) =>
        Promise.all([listSignificantDates(core.database.prisma), listPartnerCountries(core.database.prisma)]),
      );
      const lines = [`${rows.length} date(s) of significance for flag raisings:`];
      const width = Math.max(0, ...rows.map((row) => row.country.length));
      for (const row of rows) {
        lines.push(`  ${monthDayLabel(row)}  ${row.country.padEnd(width)}  ${row.name}`);
        lines.push(`         ${describeSource(row)}`);
        if (!partners.includes(row.country)) lines.push(`         (${notReminded(row.country)})`);
      }
      const without = partners.filter((country) => !rows.some((row) => row.country === country));
      lines.push(`Partner countries with no date: ${without.length > 0 ? without.join(", ") : "none"}.`);
      process.stdout.write(`${safeText(lines.join("\n"))}\n`);
    });

  dates
    .command("set")
    .description("add a date, or correct the one a country has under that name")
    .option("--country <country>", "the country, as the registry names it (e.g. Italy, United States)")
    .option("--name <name>", 'the day\'s name, e.g. "Republic Day"')
    .option("--date <MM-DD>", "month and day, e.g. 06-02 for 2 June")
    .option("--source <document>", "where the date comes from: a document title or URL")
    .option("--locator <where>", "where in the document, e.g. a section")
    .option("--quote <text>", "the passage that gives the date, verbatim")
    .action(
      async (options: {
        country?: string;
        name?: string;
        date?: string;
        source?: string;
        locator?: string;
        quote?: string;
      }) => {
        const outcome = await withCore((core) =>
          setSignificantDate(core.database.prisma, {
            country: options.country,
            name: options.name,
            date: options.date,
            source: { document: options.source, locator: options.locator, quote: options.quote },
          }),
        );
        if (!outcome.ok) return fail(outcome);
        const { row, change } = outcome;
        const verb = { created: "Added", updated: "Updated", unchanged: "Unchanged:" }[change];
        process.stdout.write(
          safeText(`${verb} ${row.country}, ${row.name}: ${monthDayWords(row)} (${monthDayLabel(row)}).\n`),
        );
        if (!outcome.partner) process.stdout.write(safeText(`Note: ${notReminded(row.country)} until it has one.\n`));
      },
    );

  dates
    .command("remove")
    .description("remove one date")
    .option("--country <country>", "the country")
    .option("--name <name>", "the day's name, as iap dates list shows it")
    .action(async (options: { country?: string; name?: string }) => {
      const outcome = await withCore((core) => removeSignificantDate(core.database.prisma, options));
      if (!outcome.ok) return fail(outcome);
      const { removed } = outcome;
      process.stdout.write(safeText(`Removed ${removed.country}, ${removed.name} (${monthDayLabel(removed)}).\n`));
    });

  dates
    .command("import")
    .description("add or correct dates from a CSV file (as iap dates export writes it): all rows or none")
    .argument("<file>", "dates.csv with columns country,name,date,source_document,source_locator,source_quote")
    .action(async (file: string) => {
      let text: string;
      try {
        text = await readFile(file, "utf8");
      } catch (error) {
        process.stderr.write(`Cannot read ${file}: ${(error as Error).message}\n`);
        process.exitCode = BAD_INPUT;
        return;
      }
      const outcome = await withCore(async (core) => {
        const reading = readSignificantDatesCsv(text, await listRegistryCountries(core.database.prisma));
        return reading.ok
          ? { ok: true as const, report: await importSignificantDates(core.database.prisma, reading.rows) }
          : reading;
      });
      if (!outcome.ok) {
        process.stderr.write(`Nothing was imported: ${outcome.problems.length} problem(s) in ${file}.\n`);
        for (const problem of outcome.problems) {
          process.stderr.write(safeText(`  line ${problem.line}: ${problem.message}\n`));
        }
        process.exitCode = BAD_INPUT;
        return;
      }
      const { created, updated, unchanged } = outcome.report;
      process.stdout.write(`Imported ${file}: ${created} added, ${updated} updated, ${unchanged} unchanged.\n`);
    });

  dates
    .command("export")
    .description("write every date as CSV, to edit and import again")
    .option("--output <file>", "write to a file instead of stdout")
    .action(async (options: { output?: string }) => {
      const rows = await withCore((core) => listSignificantDates(core.database.prisma));
      const text = formatSignificantDatesCsv(rows);
      if (options.output) await writeFile(options.output, text);
      else process.stdout.write(text);
    });
}
