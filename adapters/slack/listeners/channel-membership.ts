import type { App } from "@slack/bolt";
import { answerInSlack } from "../answer-in-slack.js";
import type { SlackDeps } from "../slack-deps.js";
import { postReply } from "../slack-outbound-port.js";

/**
 * Invited to a channel, the bot remembers it (to post reminders there later) and says what it can
 * do, as it does in Teams; removed from one, it forgets it. `member_joined_channel` fires for
 * everyone who joins, so only the bot's own counts.
 */
export function registerChannelMembership(app: App, deps: SlackDeps): void {
  app.event("member_joined_channel", async ({ event, context, client }) => {
    if (event.user !== context.botUserId) return;
    await deps.conversations.remember({ channel: event.channel, team: event.team });
    await answerInSlack(
      deps,
      { conversationId: event.channel, userId: event.inviter ?? event.user, text: "help" },
      (reply) => postReply(client, { channel: event.channel }, reply),
    );
  });
  app.event("channel_left", async ({ event }) => deps.conversations.forget(event.channel));
  app.event("group_left", async ({ event }) => deps.conversations.forget(event.channel));
}
