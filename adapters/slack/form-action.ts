import { z } from "zod";
import type { FormAction } from "../../src/chat/form.js";

/** Block Kit's limit on a button's value. */
export const MAX_FORM_ID = 2000;

/**
 * A form button (`Reply.actions`) carries the form id as its value, and in its action id whether
 * the click opens a form or is itself the submission: the click is handled without a lookup, so a
 * modal opens well within the 3 seconds its trigger_id lasts. Slack wants action ids unique within a
 * message, hence the number.
 */
export const FORM_ACTION_ID = /^iap_form_(open|now)_\d+$/;

export const formActionId = (action: Pick<FormAction, "hasFields">, index: number): string =>
  `iap_form_${action.hasFields ? "open" : "now"}_${index}`;

const FormIdSchema = z.string().min(1).max(MAX_FORM_ID);

export interface ClickedFormAction {
  readonly formId: string;
  /** True when the click opens a form; false when the click is the submission. */
  readonly hasFields: boolean;
}

/** The clicked form button; null when it is not one of ours (or its value was tampered with). */
export function readFormAction(actionId: string, value: unknown): ClickedFormAction | null {
  const match = FORM_ACTION_ID.exec(actionId);
  const formId = FormIdSchema.safeParse(value);
  if (!match || !formId.success) return null;
  return { formId: formId.data, hasFields: match[1] === "open" };
}
