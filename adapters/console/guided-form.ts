import type { FormAction, FormField, FormOpening, FormResult, FormSpec, FormValues } from "../../src/chat/form.js";
import type { Reply } from "../../src/conversation/reply.js";
import { renderText, safeText } from "./render-text.js";

/**
 * The console's forms: where Slack opens a modal and Teams a card, the console asks one field at a
 * time. Values go to the core as typed (choices as their value); the core validates them, and the
 * fields it finds wrong are asked again with the earlier answers as defaults.
 */

/** Where the console reads answers and writes questions; a terminal in `npm run chat`, a script in tests. */
export interface ConsoleIo {
  /** Shows `prompt` and resolves with the next line without its line break, or null once input has ended. */
  read(prompt: string): Promise<string | null>;
  /** Writes text as it is (callers end lines themselves). */
  write(text: string): void;
}

/** The core's forms for one person: `core.openForm` and `core.submitForm` with the platform and user bound. */
export interface FormDesk {
  openForm(formId: string): Promise<FormOpening>;
  submitForm(formId: string, values: FormValues): Promise<FormResult>;
}

export type GuidedOutcome =
  /** The core answered (done, refused, or the form could not be opened): show `reply`. */
  | { readonly status: "answered"; readonly reply: Reply }
  /** The person typed "cancel": nothing was submitted. */
  | { readonly status: "cancelled" }
  /** Input ended mid-form: nothing was submitted. */
  | { readonly status: "ended" };

const CANCEL = /^\s*cancel\s*$/i;
const YES = /^(y|yes|true)$/i;
const NO = /^(n|no|false)$/i;

/**
 * Carries out an action chosen from a reply: submits at once when it has no fields, otherwise asks
 * every field of its form, submits, and asks again the fields the core finds wrong until it accepts,
 * refuses, or the person cancels.
 */
export async function runFormAction(desk: FormDesk, action: FormAction, io: ConsoleIo): Promise<GuidedOutcome> {
  if (!action.hasFields) return answered(await desk.submitForm(action.formId, {}));
  const opening = await desk.openForm(action.formId);
  if (!opening.ok) return { status: "answered", reply: opening.reply };
  const { form } = opening;
  io.write(`${formIntro(form)}\n`);
  let values: Record<string, string> = {};
  let asked: readonly FormField[] = form.fields;
  let errors: Readonly<Record<string, string>> = {};
  while (true) {
    const answers = await askFields(asked, io, values, errors);
    if (answers.status !== "answered") return answers;
    values = answers.values;
    io.write(`${safeText(form.submitLabel)}…\n`);
    const result = await desk.submitForm(form.id, values);
    if (result.status !== "invalid") return answered(result);
    errors = result.errors;
    const inError = form.fields.filter((field) => errors[field.name] !== undefined);
    // The core names a field of this form for every problem; should it not, asking everything again still lets the person fix it.
    asked = inError.length > 0 ? inError : form.fields;
    io.write(`\n${renderText(result.reply)}\n\n`);
    io.write(
      `${asked.length === 1 ? "One answer" : `${asked.length} answers`} to correct (Enter keeps what you typed, "cancel" stops).\n`,
    );
  }
}

const answered = (result: FormResult): GuidedOutcome => ({ status: "answered", reply: result.reply });

function formIntro(form: FormSpec): string {
  return safeText(
    [
      form.title.toUpperCase(),
      ...(form.intro ? [form.intro] : []),
      `${form.fields.length === 1 ? "One question" : `${form.fields.length} questions`}, each answered on one line (long answers too).` +
        ' Enter keeps the value in [brackets] or skips an optional question; "cancel" stops without submitting anything.',
    ].join("\n"),
  );
}

type Answers =
  | { readonly status: "answered"; readonly values: Record<string, string> }
  | { readonly status: "cancelled" }
  | { readonly status: "ended" };

/** Asks `fields` in order; `previous` holds earlier answers, offered as defaults. */
async function askFields(
  fields: readonly FormField[],
  io: ConsoleIo,
  previous: Readonly<Record<string, string>>,
  errors: Readonly<Record<string, string>>,
): Promise<Answers> {
  const values = { ...previous };
  for (const field of fields) {
    const current = values[field.name] ?? field.initial ?? "";
    io.write(`\n${fieldQuestion(field, errors[field.name])}\n`);
    while (true) {
      const line = await io.read(current ? `  [${safeText(shownValue(field, current))}] > ` : "  > ");
      if (line === null) return { status: "ended" };
      if (CANCEL.test(line)) return { status: "cancelled" };
      const answer = readAnswer(field, line, current);
      if (answer.ok) {
        values[field.name] = answer.value;
        break;
      }
      io.write(`  ${answer.problem}\n`);
    }
  }
  return { status: "answered", values };
}

/** The label, then what helps answer it: the problem with the last answer, the hint, the numbered choices. */
export function fieldQuestion(field: FormField, error?: string): string {
  const lines = [`${field.label}${field.required ? "" : " (optional)"}`];
  if (error) lines.push(`  ! ${error}`);
  if (field.hint) lines.push(`  ${field.hint}`);
  choicesOf(field).forEach((choice, index) => {
    lines.push(`  [${index + 1}] ${choice.label}`);
  });
  return safeText(lines.join("\n"));
}

function choicesOf(field: FormField): readonly { value: string; label: string }[] {
  if (field.kind === "yes-no") {
    return [
      { value: "yes", label: "Yes" },
      { value: "no", label: "No" },
    ];
  }
  return field.kind === "choice" ? (field.options ?? []) : [];
}

/** How a value is shown as a default: a choice by its label. */
function shownValue(field: FormField, value: string): string {
  return choicesOf(field).find((choice) => choice.value === value)?.label ?? value;
}

export type ReadAnswer =
  | { readonly ok: true; readonly value: string }
  | { readonly ok: false; readonly problem: string };

/**
 * What a typed line means for `field`: blank keeps `current`; a choice may be typed as its number,
 * its value or its label, yes/no also as y/n. Other fields' text is passed on, trimmed, for the
 * core to judge.
 */
export function readAnswer(field: FormField, line: string, current: string): ReadAnswer {
  const typed = line.trim();
  if (typed === "") return { ok: true, value: current };
  const choices = choicesOf(field);
  if (choices.length === 0) return { ok: true, value: typed };
  const number = /^\d+$/.test(typed) ? Number(typed) : Number.NaN;
  const chosen =
    choices[number - 1] ??
    choices.find((choice) => [choice.value, choice.label].some((name) => name.toLowerCase() === typed.toLowerCase()));
  if (chosen) return { ok: true, value: chosen.value };
  if (field.kind === "yes-no") {
    if (YES.test(typed)) return { ok: true, value: "yes" };
    if (NO.test(typed)) return { ok: true, value: "no" };
  }
  const range = choices.length === 2 ? "1 or 2" : `a number from 1 to ${choices.length}`;
  return { ok: false, problem: `Type ${range}${field.kind === "yes-no" ? ", yes or no" : ""}.` };
}
