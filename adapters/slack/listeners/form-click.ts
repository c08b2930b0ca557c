import type { App, BlockAction, ButtonAction } from "@slack/bolt";
import type { Reply } from "../../../src/conversation/reply.js";
import { readClickPlace } from "../click-place.js";
import { replyToFailure } from "../failure-reply.js";
import { FORM_ACTION_ID, readFormAction } from "../form-action.js";
import { letAckLeave } from "../let-ack-leave.js";
import { type ModalOpening, openFormModal } from "../open-form-modal.js";
import { respondWithReply } from "../respond-with-reply.js";
import type { SlackDeps } from "../slack-deps.js";
import { tellPerson } from "../tell-person.js";

/**
 * A click on a form button (`Reply.actions`): "Record Council decision" opens its form as a modal;
 * "Start initial assessment", a step with nothing to fill in, is submitted by the click itself. A
 * refusal (not permitted, the request has moved on since the button was made) or the click's outcome
 * is shown to the clicker alone where the button was, in its thread, through the response_url. Clicks
 * in App Home are answered in the person's DM.
 */
export function registerFormClick(app: App, deps: SlackDeps): void {
  app.action<BlockAction<ButtonAction>>(FORM_ACTION_ID, async ({ ack, body, action, client, respond }) => {
    await ack();
    const clicked = readFormAction(action.action_id, action.value);
    const place = readClickPlace(body.container, body.message);
    if (!clicked || !place) {
      deps.logger.warn({ actionId: action.action_id, container: body.container }, "unusable Slack form click");
      return;
    }
    const userId = body.user.id;
    const { formId } = clicked;
    const origin = place.kind === "message" ? { channel: place.channel, threadTs: place.threadTs } : {};
    await letAckLeave();
    let reply: Reply;
    try {
      // The modal first, before anything that can wait: the trigger_id lasts 3 seconds.
      const opening: ModalOpening = clicked.hasFields
        ? await openFormModal(deps, client, { triggerId: body.trigger_id, userId, formId, origin })
        : { kind: "no-fields" };
      if (opening.kind === "opened") return;
      reply =
        opening.kind === "refused"
          ? opening.reply
          : (await deps.answering(() => deps.core.submitForm({ platform: "SLACK", userId, formId, values: {} }))).reply;
    } catch (error) {
      reply = replyToFailure(deps.logger, error, { userId, formId });
    }
    if (place.kind === "view") {
      await tellPerson(client, deps.logger, { userId, origin }, reply);
      return;
    }
    await respondWithReply(respond, reply, { channel: place.channel, ephemeral: true, threadTs: place.threadTs });
  });
}
