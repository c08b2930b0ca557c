import { z } from "zod";
import type { FormValues } from "../../src/chat/form.js";

/**
 * What the bot's card buttons send back. Teams delivers an Action.Submit click as a message
 * activity whose `value` is the button's data; a form card's inputs are merged into that data,
 * each under its input id (the form field's name).
 */

const MAX_QUERY = 500;
const MAX_FORM_ID = 500;
const MAX_FIELD_NAME = 200;

/** A suggestion: asked like a typed question; `offset` asks for the next page of a list ("more"). */
export const SuggestionDataSchema = z.object({
  query: z.string().trim().min(1).max(MAX_QUERY),
  offset: z.number().int().min(0).optional(),
});
export type SuggestionData = z.infer<typeof SuggestionDataSchema>;

/**
 * An intake button or a form card's submit button. Without `submit` the click asks for the form;
 * with it the click applies the form: at once for a step without fields, or with the inputs of the
 * form card it sits on (`formCard`), which is then closed so it cannot be sent again.
 */
export const FormButtonDataSchema = z.object({
  form: z.string().min(1).max(MAX_FORM_ID),
  submit: z.literal(true).optional(),
  formCard: z.literal(true).optional(),
});
export type FormButtonData = z.infer<typeof FormButtonDataSchema>;

/** What a button carries: one of the two kinds above. */
export type ActionData = SuggestionData | FormButtonData;

/** The keys of the form's own data, which are never input values. */
const DATA_KEYS: ReadonlySet<string> = new Set(Object.keys(FormButtonDataSchema.shape));

/**
 * Input ids are the core's dotted field names ("project.name", "activities.0.description"). Any
 * other key is not from a form card the bot made, and one such as "__proto__.x" must never reach
 * code that nests dotted names into objects.
 */
const FIELD_NAME = /^[A-Za-z0-9]+(?:\.[A-Za-z0-9]+)*$/;

export type CardSubmission =
  | { readonly kind: "question"; readonly query: string; readonly offset?: number }
  | { readonly kind: "open-form"; readonly formId: string }
  | {
      readonly kind: "submit-form";
      readonly formId: string;
      readonly values: FormValues;
      /** True when the values come from a form card (closed once applied), false for a one-click button. */
      readonly fromFormCard: boolean;
    };

/** The click in a message's `value`, or null when the message was typed rather than clicked. */
export function readCardSubmission(value: unknown): CardSubmission | null {
  const form = FormButtonDataSchema.safeParse(value);
  if (form.success) {
    if (!form.data.submit) return { kind: "open-form", formId: form.data.form };
    return {
      kind: "submit-form",
      formId: form.data.form,
      values: inputValues(value as Record<string, unknown>),
      fromFormCard: form.data.formCard === true,
    };
  }
  const suggestion = SuggestionDataSchema.safeParse(value);
  if (!suggestion.success) return null;
  return { kind: "question", ...suggestion.data };
}

/** The text inputs Teams merged into the data; anything else (numbers, objects, foreign keys) is left out. */
function inputValues(value: Record<string, unknown>): FormValues {
  const values: Record<string, string> = {};
  for (const [name, input] of Object.entries(value)) {
    if (DATA_KEYS.has(name) || typeof input !== "string") continue;
    if (name.length > MAX_FIELD_NAME || !FIELD_NAME.test(name)) continue;
    values[name] = input;
  }
  return values;
}
