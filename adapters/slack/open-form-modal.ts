import type { webApi } from "@slack/bolt";
import type { Reply } from "../../src/conversation/reply.js";
import { toSlackDeliveryError } from "./errors.js";
import { renderFormModal } from "./render-modal.js";
import type { SlackDeps } from "./slack-deps.js";
import type { FormOrigin } from "./tell-person.js";

export type ModalOpening =
  | { readonly kind: "opened" }
  /** The core will not let this person fill it in (not permitted, already done): tell them why. */
  | { readonly kind: "refused"; readonly reply: Reply }
  /** The form turned out to have nothing to fill in: the click is the submission. */
  | { readonly kind: "no-fields" };

/**
 * Asks the core for the form and opens it as a modal with the click's or command's trigger_id.
 * A trigger_id works once, for 3 seconds after the click: callers do this first, before anything
 * that can wait (the answer queue, other Slack calls). Slack's refusal is thrown as a SlackDeliveryError.
 */
export async function openFormModal(
  deps: Pick<SlackDeps, "core">,
  client: webApi.WebClient,
  request: {
    readonly triggerId: string;
    readonly userId: string;
    readonly formId: string;
    readonly origin: FormOrigin;
  },
): Promise<ModalOpening> {
  const opening = await deps.core.openForm("SLACK", request.userId, request.formId);
  if (!opening.ok) return { kind: "refused", reply: opening.reply };
  if (opening.form.fields.length === 0) return { kind: "no-fields" };
  const view = renderFormModal(opening.form, {
    formId: opening.form.id,
    ...(request.origin.channel ? { channel: request.origin.channel } : {}),
    ...(request.origin.threadTs ? { threadTs: request.origin.threadTs } : {}),
  });
  try {
    await client.views.open({ trigger_id: request.triggerId, view });
  } catch (error) {
    throw toSlackDeliveryError(error, request.userId);
  }
  return { kind: "opened" };
}
