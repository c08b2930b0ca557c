import type { types } from "@slack/bolt";
import { z } from "zod";
import type { FormField, FormSpec } from "../../src/chat/form.js";
import { MAX_FORM_ID } from "./form-action.js";
import { escapeText, mrkdwn, plain } from "./render-blocks.js";

/**
 * Slack's documented limits for modals (docs.slack.dev/reference/views/modal-views and the input
 * block and element references), in characters unless said otherwise.
 */
export const MODAL_LIMITS = {
  title: 24,
  buttonText: 24,
  blocks: 100,
  privateMetadata: 3000,
  blockId: 255,
  headerText: 150,
  sectionText: 3000,
  label: 2000,
  hint: 2000,
  /** plain_text_input's max_length may be at most this, so longer answers cannot be typed in Slack. */
  textInput: 3000,
  options: 100,
  optionText: 75,
  optionValue: 75,
  /** Not documented; the longest text Slack otherwise shows next to an input (label, hint). */
  error: 2000,
} as const;

/** Every modal the bot opens is a form; this is how its submissions are routed back. */
export const FORM_CALLBACK_ID = "iap_form";
/** Each input is alone in its block, whose id is the field's name; the element's id is always this. */
export const FIELD_ACTION_ID = "value";

/** What a modal carries for its submission: the form, and where it was opened from (a channel, a thread). */
export const ModalMetadataSchema = z.object({
  formId: z.string().min(1).max(MAX_FORM_ID),
  channel: z.string().min(1).max(100).optional(),
  threadTs: z.string().min(1).max(100).optional(),
});
export type ModalMetadata = z.infer<typeof ModalMetadataSchema>;

/** A form the bot cannot show in Slack: a field name is not a usable block id, or there are too many fields. */
export class UnrenderableFormError extends Error {
  constructor(formId: string, problem: string) {
    super(`form ${formId} cannot be shown as a Slack modal: ${problem}`);
    this.name = "UnrenderableFormError";
  }
}

const YES_NO: readonly { value: string; label: string }[] = [
  { value: "yes", label: "Yes" },
  { value: "no", label: "No" },
];

/**
 * A form as a modal: its title (cut to Slack's 24 characters, and then repeated in full in a
 * header), its intro, and one input block per field, in order, whose block id is the field's name so
 * the core's errors, keyed by field, land next to their input. Every text is escaped like a message's.
 */
export function renderFormModal(form: FormSpec, metadata: ModalMetadata): types.ModalView {
  const title = escapeText(form.title, MODAL_LIMITS.title);
  const blocks: types.KnownBlock[] = [];
  if (title !== escapeText(form.title)) {
    blocks.push({ type: "header", text: plain(form.title, MODAL_LIMITS.headerText) });
  }
  if (form.intro) {
    blocks.push({ type: "section", text: mrkdwn(escapeText(form.intro, MODAL_LIMITS.sectionText)) });
  }
  for (const field of form.fields) {
    if (field.name.length === 0 || field.name.length > MODAL_LIMITS.blockId) {
      throw new UnrenderableFormError(form.id, `field name "${field.name.slice(0, 50)}…" is not a usable block id`);
    }
    blocks.push(fieldBlock(field));
  }
  if (blocks.length > MODAL_LIMITS.blocks) {
    throw new UnrenderableFormError(
      form.id,
      `${form.fields.length} fields do not fit in ${MODAL_LIMITS.blocks} blocks`,
    );
  }
  const privateMetadata = JSON.stringify(metadata);
  if (privateMetadata.length > MODAL_LIMITS.privateMetadata) {
    throw new UnrenderableFormError(form.id, "its id is too long to travel with the modal");
  }
  return {
    type: "modal",
    callback_id: FORM_CALLBACK_ID,
    title: { type: "plain_text", text: title, emoji: false },
    submit: plain(form.submitLabel, MODAL_LIMITS.buttonText),
    close: plain("Cancel", MODAL_LIMITS.buttonText),
    private_metadata: privateMetadata,
    blocks,
  };
}

/** A field as an input block; a choice with nothing to choose from as a section saying so. */
function fieldBlock(field: FormField): types.KnownBlock {
  const element = inputElement(field);
  if (!element) {
    return {
      type: "section",
      text: mrkdwn(`*${escapeText(field.label, MODAL_LIMITS.label)}*\nThere is nothing to choose from right now.`),
    };
  }
  return {
    type: "input",
    block_id: field.name,
    label: plain(field.label, MODAL_LIMITS.label),
    optional: !field.required,
    ...(field.hint ? { hint: plain(field.hint, MODAL_LIMITS.hint) } : {}),
    element,
  };
}

function inputElement(field: FormField): types.InputBlockElement | null {
  switch (field.kind) {
    case "text":
    case "long-text":
    case "amount": {
      const maxLength = Math.min(field.maxLength ?? MODAL_LIMITS.textInput, MODAL_LIMITS.textInput);
      const initial = field.initial?.slice(0, maxLength);
      return {
        type: "plain_text_input",
        action_id: FIELD_ACTION_ID,
        multiline: field.kind === "long-text",
        max_length: maxLength,
        ...(initial ? { initial_value: initial } : {}),
      };
    }
    case "date":
      return {
        type: "datepicker",
        action_id: FIELD_ACTION_ID,
        ...(field.initial && /^\d{4}-\d{2}-\d{2}$/.test(field.initial) ? { initial_date: field.initial } : {}),
      };
    case "yes-no":
      return select(YES_NO, yesNoInitial(field.initial));
    case "choice":
      return select(field.options ?? [], field.initial);
  }
}

/**
 * A static select of the choices, as many as Slack allows. A choice whose value would not fit is left
 * out: a cut value could not be chosen correctly.
 */
function select(
  choices: readonly { readonly value: string; readonly label: string }[],
  initial: string | undefined,
): types.StaticSelect | null {
  const options = choices
    .filter((choice) => choice.value.length > 0 && choice.value.length <= MODAL_LIMITS.optionValue)
    .slice(0, MODAL_LIMITS.options)
    .map(
      (choice): types.PlainTextOption => ({ text: plain(choice.label, MODAL_LIMITS.optionText), value: choice.value }),
    );
  if (options.length === 0) return null;
  const initialOption = options.find((option) => option.value === initial);
  return {
    type: "static_select",
    action_id: FIELD_ACTION_ID,
    options,
    ...(initialOption ? { initial_option: initialOption } : {}),
  };
}

/** The core reads "yes"/"no" and "true"/"false" alike; the select has Yes and No. */
function yesNoInitial(initial: string | undefined): string | undefined {
  const answer = initial?.trim().toLowerCase();
  if (answer === "yes" || answer === "true") return "yes";
  if (answer === "no" || answer === "false") return "no";
  return undefined;
}
