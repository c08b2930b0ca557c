import type { App } from "@slack/bolt";
import { answerInSlack } from "../answer-in-slack.js";
import { readSlackText } from "../inbound-text.js";
import type { SlackDeps } from "../slack-deps.js";
import { postReply } from "../slack-outbound-port.js";

/**
 * A direct message to the bot (its Messages tab). Edits, deletions, joins and other subtypes, and
 * messages from bots (this one included), are not questions. Answered where it was asked: in the
 * DM, or in the thread if it was asked in one.
 */
export function registerDirectMessage(app: App, deps: SlackDeps): void {
  app.event("message", async ({ event, body, context, client }) => {
    if (event.channel_type !== "im" || event.subtype !== undefined || event.bot_id) return;
    const { channel, user, thread_ts: threadTs } = event;
    const { text, mentions } = readSlackText(event.text, context.botUserId);
    await Promise.all([
      deps.conversations.remember({
        channel,
        team: event.team ?? body.team_id ?? null,
        channelType: "im",
        userId: user,
      }),
      answerInSlack(
        deps,
        {
          conversationId: channel,
          threadId: threadTs ?? null,
          userId: user,
          text: text || "help",
          mentions,
        },
        (reply) => postReply(client, { channel, threadTs }, reply),
      ),
    ]);
  });
}
