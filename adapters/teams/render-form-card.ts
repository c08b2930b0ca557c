import { type Activity, ActivityTypes, CardFactory } from "botbuilder";
import type { FormField, FormSpec, FormValues } from "../../src/chat/form.js";
import type { Reply } from "../../src/conversation/reply.js";
import type { FormButtonData } from "./card-submission.js";
import {
  type AdaptiveCard,
  block,
  byteSize,
  CARD_BYTE_BUDGET,
  type CardElement,
  clip,
  type RichTextBlock,
  run,
} from "./render-card.js";

interface InputCommon {
  /** The form field's name: Teams sends the input's value back under it. */
  readonly id: string;
  /** Plain text written by the core, never by a user. */
  readonly label: string;
  /** Teams marks the input and will not send the form while it is blank; the core checks again. */
  readonly isRequired?: boolean;
  readonly errorMessage?: string;
}

export interface TextInput extends InputCommon {
  readonly type: "Input.Text";
  readonly isMultiline?: boolean;
  readonly maxLength?: number;
  readonly placeholder?: string;
  readonly value?: string;
}

export interface DateInput extends InputCommon {
  readonly type: "Input.Date";
  readonly value?: string;
}

export interface ChoiceSetInput extends InputCommon {
  readonly type: "Input.ChoiceSet";
  readonly style: "compact";
  readonly choices: readonly { readonly title: string; readonly value: string }[];
  readonly placeholder?: string;
  readonly value?: string;
}

export type InputElement = TextInput | DateInput | ChoiceSetInput;
export type FormCardElement = CardElement | InputElement;
export type FormCard = AdaptiveCard<FormCardElement>;

/** A submission the core did not accept: shown again with what was typed and, under each field, what is wrong. */
export interface FormAttempt {
  readonly values: FormValues;
  readonly errors: Readonly<Record<string, string>>;
  /** The core's summary of the problems, shown at the top. */
  readonly reply: Reply;
}

const MAX_TITLE = 200;
const MAX_TEXT = 2000;
const MAX_LABEL = 300;
const MAX_HINT = 500;
const MAX_ERROR = 500;
const MAX_CHOICE = 200;
/** Fields without a length of their own (amounts) get at most this much typed text back. */
const MAX_VALUE = 1000;
const MAX_FALLBACK = 1000;
const MAX_SUMMARY = 250;
const REQUIRED = "Required.";
const DATE_SHAPE = /^\d{4}-\d{2}-\d{2}$/;
const YES_NO = [
  { title: "Yes", value: "yes" },
  { title: "No", value: "no" },
] as const;

/** The form as a message: the card, and its title for notifications and the chat list. */
export function renderFormActivity(form: FormSpec, attempt?: FormAttempt): Partial<Activity> {
  return {
    type: ActivityTypes.Message,
    summary: clip(attempt ? `${form.title}: ${attempt.reply.text}` : form.title, MAX_SUMMARY),
    attachments: [CardFactory.adaptiveCard(renderFormCard(form, attempt))],
  };
}

/**
 * False when a form card shown again with what was typed is too large for one Teams message:
 * fields take up to 200,000 characters, a Teams message about 28 KB.
 */
export function fitsInTeams(activity: Partial<Activity>): boolean {
  return byteSize(activity.attachments ?? []) <= CARD_BYTE_BUDGET;
}

/**
 * Renders a form as an Adaptive Card with one input per field, its id the field's name. Every
 * text is a TextRun (never markdown); what was typed comes back as input values, which Teams
 * never formats either.
 */
export function renderFormCard(form: FormSpec, attempt?: FormAttempt): FormCard {
  const data: FormButtonData = { form: form.id, submit: true, formCard: true };
  return {
    type: "AdaptiveCard",
    $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
    version: "1.5",
    fallbackText: clip([form.title, form.intro ?? ""].join("\n").trim(), MAX_FALLBACK),
    body: [
      ...headerElements(form, attempt),
      ...form.fields.flatMap((field) => fieldElements(field, prefill(field, attempt), attempt?.errors[field.name])),
    ],
    actions: [{ type: "Action.Submit", title: clip(form.submitLabel, MAX_TITLE), style: "positive", data }],
  };
}

/** The title, the problems of a refused attempt (those the core could not tie to a field too), and the intro. */
function headerElements(form: FormSpec, attempt: FormAttempt | undefined): RichTextBlock[] {
  const elements = [block(run(clip(form.title, MAX_TITLE), { weight: "Bolder", size: "Medium" }))];
  if (attempt) {
    const { reply, errors } = attempt;
    if (reply.title) elements.push(block(run(clip(reply.title, MAX_TITLE), { weight: "Bolder", color: "Attention" })));
    elements.push(block(run(clip(reply.text, MAX_TEXT), { color: "Attention" })));
    const names = new Set(form.fields.map((field) => field.name));
    for (const [name, error] of Object.entries(errors)) {
      if (!names.has(name)) elements.push(block(run(`• ${clip(error, MAX_ERROR)}`, { color: "Attention" })));
    }
  }
  if (form.intro) elements.push(block(run(clip(form.intro, MAX_TEXT), { isSubtle: true })));
  return elements;
}

function fieldElements(field: FormField, value: string | undefined, error: string | undefined): FormCardElement[] {
  const elements: FormCardElement[] = [input(field, value)];
  if (field.hint) elements.push(block(run(clip(field.hint, MAX_HINT), { size: "Small", isSubtle: true })));
  if (error) elements.push(block(run(clip(error, MAX_ERROR), { size: "Small", color: "Attention" })));
  return elements;
}

function input(field: FormField, value: string | undefined): InputElement {
  const common = {
    id: field.name,
    label: clip(field.label, MAX_LABEL),
    ...(field.required ? { isRequired: true, errorMessage: REQUIRED } : {}),
    ...(value === undefined ? {} : { value }),
  };
  switch (field.kind) {
    case "text":
    case "long-text":
    case "amount":
      return {
        type: "Input.Text",
        ...common,
        ...(field.kind === "long-text" ? { isMultiline: true } : {}),
        ...(field.maxLength ? { maxLength: field.maxLength } : {}),
      };
    case "date":
      return { type: "Input.Date", ...common };
    case "yes-no":
      return { type: "Input.ChoiceSet", style: "compact", choices: YES_NO, placeholder: "Yes or no", ...common };
    case "choice":
      return {
        type: "Input.ChoiceSet",
        style: "compact",
        choices: (field.options ?? []).map((option) => ({
          title: clip(option.label, MAX_CHOICE),
          value: option.value,
        })),
        placeholder: "Choose one",
        ...common,
      };
  }
}

/**
 * What the input holds when the card opens: what was typed in a refused attempt, else the core's
 * initial value. Text comes back as typed (only NUL, which the core refuses, is shown as �), cut
 * to the field's length; dates and choices only get values their input can hold.
 */
function prefill(field: FormField, attempt: FormAttempt | undefined): string | undefined {
  const given = attempt ? attempt.values[field.name] : field.initial;
  if (given === undefined || given.trim() === "") return undefined;
  switch (field.kind) {
    case "date":
      return DATE_SHAPE.test(given.trim()) ? given.trim() : undefined;
    case "yes-no": {
      const answer = given.trim().toLowerCase();
      if (answer === "yes" || answer === "true") return "yes";
      if (answer === "no" || answer === "false") return "no";
      return undefined;
    }
    case "choice":
      return field.options?.some((option) => option.value === given) ? given : undefined;
    default:
      return cut(given, field.maxLength ?? MAX_VALUE).replaceAll("\u0000", "�");
  }
}

/** The first `max` characters, without splitting a surrogate pair. */
function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  const head = text.slice(0, max);
  return /[\uD800-\uDBFF]$/.test(head) ? head.slice(0, -1) : head;
}
