import { z } from "zod";
import type { FormValues } from "../../src/chat/form.js";
import { escapeText } from "./render-blocks.js";
import {
  FIELD_ACTION_ID,
  FORM_CALLBACK_ID,
  MODAL_LIMITS,
  type ModalMetadata,
  ModalMetadataSchema,
} from "./render-modal.js";

/** One input's state as Slack sends it: a text input's value, a date picker's date, a select's option. */
const InputStateSchema = z.looseObject({
  type: z.string(),
  value: z.string().nullish(),
  selected_date: z.string().nullish(),
  selected_option: z.looseObject({ value: z.string() }).nullish(),
});

/** The part of a submitted view the bot reads; Slack sends every input block in `state.values`. */
const SubmittedViewSchema = z.looseObject({
  callback_id: z.literal(FORM_CALLBACK_ID),
  private_metadata: z.string().max(MODAL_LIMITS.privateMetadata),
  state: z.object({ values: z.record(z.string(), z.record(z.string(), InputStateSchema)) }),
  blocks: z.array(z.looseObject({ type: z.string(), block_id: z.string().optional() })).optional(),
});

export interface ModalSubmission {
  readonly metadata: ModalMetadata;
  /** What was typed or chosen, by field name (block id); blank when left empty. */
  readonly values: FormValues;
  /** The view's input blocks, the only ones its errors may name. */
  readonly inputBlockIds: readonly string[];
}

/** A submitted form modal, read back; null when the view is not one the bot made (or was tampered with). */
export function readModalSubmission(view: unknown): ModalSubmission | null {
  const parsed = SubmittedViewSchema.safeParse(view);
  if (!parsed.success) return null;
  const metadata = parseMetadata(parsed.data.private_metadata);
  if (!metadata) return null;
  // fromEntries defines own properties: a forged block id such as "__proto__" cannot reach a prototype.
  const values: FormValues = Object.fromEntries(
    Object.entries(parsed.data.state.values).flatMap(([blockId, inputs]) => {
      const input = inputs[FIELD_ACTION_ID];
      return input ? [[blockId, input.value ?? input.selected_date ?? input.selected_option?.value ?? ""]] : [];
    }),
  );
  const inputBlocks = (parsed.data.blocks ?? []).flatMap((block) =>
    block.type === "input" && block.block_id ? [block.block_id] : [],
  );
  return {
    metadata,
    values,
    inputBlockIds: inputBlocks.length > 0 ? inputBlocks : Object.keys(values),
  };
}

function parseMetadata(raw: string): ModalMetadata | null {
  try {
    const parsed = ModalMetadataSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * The core's errors as a modal can show them: each next to its field's input, escaped and cut to
 * length. Slack refuses errors naming a block the view lacks, so an error about anything else is shown
 * on the first input. Null when the view has no input to show them on.
 */
export function modalErrors(
  errors: Readonly<Record<string, string>>,
  inputBlockIds: readonly string[],
): Record<string, string> | null {
  const [first] = inputBlockIds;
  if (first === undefined) return null;
  const grouped: Record<string, string> = {};
  for (const [field, message] of Object.entries(errors)) {
    const block = inputBlockIds.includes(field) ? field : first;
    grouped[block] = grouped[block] ? `${grouped[block]} ${message}` : message;
  }
  return Object.fromEntries(
    Object.entries(grouped).map(([block, message]) => [block, escapeText(message, MODAL_LIMITS.error)]),
  );
}
