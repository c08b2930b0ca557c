import type { App, BlockAction, ButtonAction } from "@slack/bolt";
import { answerInSlack } from "../answer-in-slack.js";
import { readClickPlace } from "../click-place.js";
import { respondWithReply } from "../respond-with-reply.js";
import type { SlackDeps } from "../slack-deps.js";
import { openDirectMessage, postReply } from "../slack-outbound-port.js";
import { readSuggestionValue, SUGGESTION_ACTION_ID } from "../suggestion-value.js";

/**
 * A click on a suggestion button asks its question (for "more", the same question at the next
 * offset). Acknowledged first; answered where the button was: through the response_url, in the same
 * thread and as visible as the message it was on. App Home has no conversation, so clicks there
 * are answered in the person's DM with the bot.
 */
export function registerSuggestionClick(app: App, deps: SlackDeps): void {
  app.action<BlockAction<ButtonAction>>(SUGGESTION_ACTION_ID, async ({ ack, body, action, client, respond }) => {
    await ack();
    const value = readSuggestionValue(action.value);
    const place = readClickPlace(body.container, body.message);
    if (!value || !place) {
      deps.logger.warn({ actionId: action.action_id, container: body.container }, "unusable Slack suggestion click");
      return;
    }
    const userId = body.user.id;
    const question = { userId, text: value.query, offset: value.offset };
    if (place.kind === "view") {
      const channel = await openDirectMessage(client, userId);
      await answerInSlack(deps, { ...question, conversationId: channel }, (reply) =>
        postReply(client, { channel }, reply),
      );
      return;
    }
    const { channel, ephemeral, threadTs } = place;
    await answerInSlack(deps, { ...question, conversationId: channel, threadId: threadTs ?? null }, (reply) =>
      respondWithReply(respond, reply, { channel, ephemeral, threadTs }),
    );
  });
}
