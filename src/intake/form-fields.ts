import { z } from "zod";

/**
 * Field types shared by the intake forms (proposals) and the workflow's events (assessments,
 * decisions): what people type into Slack modals, Teams cards and JSON files, read the same way.
 */

const MAX_AMOUNT_CAD = 1_000_000_000_000;

const formatCount = (count: number) => new Intl.NumberFormat("en-CA").format(count);

/** "required" when the field is missing, else the message for a wrong value. */
export const requiredOr = (otherwise: string) => (issue: { input?: unknown }) =>
  issue.input === undefined || issue.input === null ? "required" : otherwise;

/**
 * Trimmed text with line endings unified; refuses text over `max` and NUL, which PostgreSQL cannot
 * store. Other control characters are kept as typed (renderers show them as �).
 */
export function text(max: number) {
  return (
    z
      .string({ error: requiredOr("must be text") })
      // Teams and Windows send CRLF; one line ending keeps stored text comparable.
      .overwrite((value) => value.replace(/\r\n?/g, "\n"))
      .trim()
      .max(max, `must be at most ${formatCount(max)} characters`)
      .refine((value) => !value.includes("\u0000"), "must not contain NUL characters (U+0000); remove them")
  );
}

const DATE_SHAPE = /^\d{4}-\d{2}-\d{2}$/;

/** A calendar date as YYYY-MM-DD. */
export const isoDate = z
  .string({ error: requiredOr("must be a date like 2027-06-30") })
  .trim()
  .superRefine((value, context) => {
    if (!DATE_SHAPE.test(value)) {
      context.addIssue({ code: "custom", message: "must be a date like 2027-06-30" });
    } else if (!new Date(`${value}T00:00:00Z`).toISOString().startsWith(value)) {
      context.addIssue({ code: "custom", message: "is not a real calendar date (a date like 2027-06-30)" });
    }
  });

/** Yes or no; card and form toggles send "true"/"false" or "yes"/"no" as text. */
export const yesNo = z.preprocess(
  (value) => {
    if (typeof value !== "string") return value;
    const answer = value.trim().toLowerCase();
    if (answer === "true" || answer === "yes") return true;
    if (answer === "false" || answer === "no") return false;
    return value;
  },
  z.boolean({ error: requiredOr("must be yes or no") }),
);

/** Canadian dollars; forms send numbers as text, so "25000", "25,000" and "$25,000.50" are read too. */
export const amountCad = z.preprocess(
  (value) => {
    if (typeof value !== "string") return value;
    const digits = value.trim().replace(/^\$/, "").replaceAll(",", "").trim();
    return /^-?\d+(\.\d+)?$/.test(digits) ? Number(digits) : value;
  },
  z
    .number({ error: requiredOr("must be an amount in Canadian dollars, e.g. 25000") })
    .min(0, "must not be negative")
    .max(MAX_AMOUNT_CAD, `must be at most ${formatCount(MAX_AMOUNT_CAD)} dollars`),
);
