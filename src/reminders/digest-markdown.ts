import { categoryLabel, formatDate, plural } from "../conversation/format-values.js";
import { stateLabel } from "../intake/intake-workflow.js";
import { ordinal } from "./digest-dates.js";
import { quarterLabel } from "./digest-quarter.js";
import { activityWhen } from "./digest-reply.js";
import type { AgreementRef, MeetingDigest } from "./meeting-digest.js";

/**
 * Characters that can start Markdown or HTML markup anywhere in a line (emphasis, code, links,
 * images, headings, tables, strikethrough, HTML tags and entities, math, mentions). CommonMark lets
 * a backslash escape any ASCII punctuation, so each is shown as itself.
 */
const MARKUP = /[\\`*_[\]<>#!|~&$@]/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;

/**
 * Registry text made inert in Markdown: whitespace (newlines too) collapsed so it cannot open a new
 * block, control characters shown as �, and markup characters escaped, so a name like "# heading"
 * or "<!channel>" reads as typed.
 */
export function escapeMarkdown(text: string): string {
  return text.replace(CONTROL, "�").replace(/\s+/g, " ").trim().replace(MARKUP, "\\$&");
}

const strong = (agreement: AgreementRef) => `**${escapeMarkdown(agreement.name)}**`;
const items = (lines: readonly string[]) => (lines.length > 0 ? lines.map((line) => `- ${line}`) : ["None."]);

/** The digest as an agenda-ready Markdown document: a heading per section, every item listed. */
export function digestMarkdown(digest: MeetingDigest): string {
  const { expiring, anniversaries, intake, dormant, ruleBreaches, activities } = digest;
  const lookAhead = formatDate(expiring.window.to);
  const listed = intake.byState.reduce((sum, group) => sum + group.requests.length, 0);
  const lines: string[] = [
    `# IAP working group meeting: ${formatDate(digest.meeting)}`,
    "",
    `Preparation for the ${quarterLabel(digest.quarter)} meeting, built on ${formatDate(digest.builtOn)}. ` +
      (digest.previousMeeting
        ? `Previous meeting: ${formatDate(digest.previousMeeting)}.`
        : "No previous meeting is recorded."),
    "",
    `## Ending by ${lookAhead}`,
    "",
    `Term ends and project end dates of Partnership City and International Project agreements from ${formatDate(expiring.window.from)} to ${lookAhead}.`,
    "",
    ...items(
      expiring.items.map((item) =>
        item.kind === "term-end"
          ? `${formatDate(item.date)}: ${strong(item.agreement)}, term ends (${categoryLabel(item.agreement.category)})`
          : `${formatDate(item.date)}: ${strong(item.agreement)}, project “${escapeMarkdown(item.project)}” ends`,
      ),
    ),
    ...(expiring.withoutTermEnd > 0
      ? [
          "",
          `${plural(expiring.withoutTermEnd, "active agreement")} ${expiring.withoutTermEnd === 1 ? "has" : "have"} no term end recorded, so ${expiring.withoutTermEnd === 1 ? "its end" : "their ends"} cannot be checked.`,
        ]
      : []),
    "",
    `## Anniversaries by ${lookAhead}`,
    "",
    `Every ${ordinal(5)} year since establishment. Where only the year is recorded, the date is not guessed.`,
    "",
    ...items(
      anniversaries.items.map((item) =>
        item.date
          ? `${formatDate(item.date)}: ${strong(item.agreement)}, ${ordinal(item.years)} anniversary (established ${formatDate(item.established)})`
          : `${item.year}, date not recorded: ${strong(item.agreement)}, ${ordinal(item.years)} anniversary (established ${item.established})`,
      ),
    ),
    "",
    "## Intake pipeline",
    "",
    ...(intake.total === 0
      ? ["No requests are open."]
      : [
          `${plural(intake.total, "open request")} by step, oldest first; ages as of ${formatDate(digest.builtOn)}.` +
            (listed < intake.total ? ` The oldest ${listed} are listed.` : ""),
          ...intake.byState.flatMap((group) => [
            "",
            `### ${stateLabel(group.state)} (${group.count})`,
            "",
            ...items(
              group.requests.map(
                (request) =>
                  `Request ${request.number}: ${escapeMarkdown(request.title)}; submitted ${formatDate(request.submittedOn)}, ` +
                  `${plural(request.daysOpen, "day")} open, ${plural(request.daysAtStep, "day")} at this step`,
              ),
            ),
          ]),
        ]),
    "",
    "## Dormant agreements",
    "",
    `Partnership City and International Project agreements with no activity recorded since ${formatDate(dormant.since)} (${plural(dormant.months, "month")} before the meeting).`,
    "",
    ...items(
      dormant.items.map(
        (item) =>
          `${strong(item.agreement)} (${categoryLabel(item.agreement.category)}): ${item.lastActivityYear ? `last activity ${item.lastActivityYear}` : "no activity recorded"}`,
      ),
    ),
    "",
    "## 2024 rules: time-limited, with a tangible project",
    "",
    "Every agreement must be time-limited and name at least one tangible project (2024 report, recommendation 6).",
    "",
    `### No term end recorded (${ruleBreaches.noTermEnd.length})`,
    "",
    ...items(ruleBreaches.noTermEnd.map((agreement) => `${strong(agreement)} (${categoryLabel(agreement.category)})`)),
    "",
    `### No tangible project recorded (${ruleBreaches.noProject.length})`,
    "",
    ...items(ruleBreaches.noProject.map((agreement) => `${strong(agreement)} (${categoryLabel(agreement.category)})`)),
    "",
    activities.sinceLastMeeting
      ? `## Activities since the last meeting (${formatDate(activities.window.from)})`
      : `## Activities since ${formatDate(activities.window.from)}`,
    "",
    activities.yearOnly.length > 0
      ? `Recorded activities from ${formatDate(activities.window.from)} to ${formatDate(activities.window.to)}, then those recorded with a year only, which may fall in that time.`
      : `Recorded activities from ${formatDate(activities.window.from)} to ${formatDate(activities.window.to)}.`,
    "",
    ...items(
      [...activities.dated, ...activities.yearOnly].map(
        (item) => `${activityWhen(item)}: ${strong(item.agreement)}, ${escapeMarkdown(item.description)}`,
      ),
    ),
  ];
  return `${lines.join("\n")}\n`;
}
