import { stringify } from "csv-stringify/sync";
import { categoryLabel, plural } from "../conversation/format-values.js";
import { stateLabel } from "../intake/intake-workflow.js";
import { ordinal } from "./digest-dates.js";
import type { MeetingDigest } from "./meeting-digest.js";

export const DIGEST_CSV_COLUMNS = ["section", "subject", "date", "detail"] as const;

export interface DigestCsvRow {
  readonly section: string;
  /** The agreement or request, as recorded. */
  readonly subject: string;
  /** YYYY-MM-DD; a year alone when only the year is recorded; empty when no date applies. */
  readonly date: string;
  readonly detail: string;
}

/** The digest's items as rows, section by section in the order of the agenda. */
export function digestRows(digest: MeetingDigest): DigestCsvRow[] {
  const { expiring, anniversaries, intake, dormant, ruleBreaches, activities } = digest;
  return [
    ...expiring.items.map((item) =>
      item.kind === "term-end"
        ? row("Ending", item.agreement.name, item.date, `term ends (${categoryLabel(item.agreement.category)})`)
        : row("Ending", item.agreement.name, item.date, `project “${item.project}” ends`),
    ),
    ...anniversaries.items.map((item) =>
      row(
        "Anniversary",
        item.agreement.name,
        item.date ?? String(item.year),
        `${ordinal(item.years)} anniversary (established ${item.established})${item.date ? "" : "; date not recorded"}`,
      ),
    ),
    ...intake.byState.flatMap((group) =>
      group.requests.map((request) =>
        row(
          "Intake pipeline",
          `Request ${request.number}: ${request.title}`,
          request.submittedOn,
          `${stateLabel(group.state)}; ${plural(request.daysOpen, "day")} open; ${plural(request.daysAtStep, "day")} at this step`,
        ),
      ),
    ),
    ...dormant.items.map((item) =>
      row(
        "Dormant",
        item.agreement.name,
        "",
        `${categoryLabel(item.agreement.category)}; ${item.lastActivityYear ? `last activity ${item.lastActivityYear}` : "no activity recorded"}`,
      ),
    ),
    ...ruleBreaches.noTermEnd.map((agreement) =>
      row("No term end recorded", agreement.name, "", categoryLabel(agreement.category)),
    ),
    ...ruleBreaches.noProject.map((agreement) =>
      row("No tangible project recorded", agreement.name, "", categoryLabel(agreement.category)),
    ),
    ...[...activities.dated, ...activities.yearOnly].map((item) =>
      row(
        "Activity since the last meeting",
        item.agreement.name,
        item.date ?? (item.endYear ? `${item.year}–${item.endYear}` : String(item.year)),
        item.date ? item.description : `${item.description} (date not recorded)`,
      ),
    ),
  ];
}

const row = (section: string, subject: string, date: string, detail: string): DigestCsvRow => ({
  section,
  subject,
  date,
  detail,
});

/** The digest as CSV: a header, then one row per item (section, subject, date, detail). Data is written as recorded. */
export function digestCsv(digest: MeetingDigest): string {
  return stringify(digestRows(digest), { header: true, columns: [...DIGEST_CSV_COLUMNS] });
}
