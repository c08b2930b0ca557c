import type { App } from "@slack/bolt";
import { answerInSlack } from "../answer-in-slack.js";
import { readSlackText } from "../inbound-text.js";
import type { SlackDeps } from "../slack-deps.js";
import { postReply } from "../slack-outbound-port.js";

/**
 * `@iap-bot when does Lisbon end?` in a channel: answered in the thread of the mention (or the
 * thread it was in), so channels stay readable and follow-ups in the thread share its context.
 */
export function registerAppMention(app: App, deps: SlackDeps): void {
  app.event("app_mention", async ({ event, body, context, client }) => {
    // Another bot or a workflow can mention the app; there is no person to answer.
    if (!event.user || event.bot_id) return;
    const threadTs = event.thread_ts ?? event.ts;
    const { text, mentions } = readSlackText(event.text, context.botUserId);
    await Promise.all([
      deps.conversations.remember({ channel: event.channel, team: event.team ?? body.team_id ?? null }),
      answerInSlack(
        deps,
        {
          conversationId: event.channel,
          threadId: threadTs,
          userId: event.user,
          text: text || "help",
          mentions,
        },
        (reply) => postReply(client, { channel: event.channel, threadTs }, reply),
      ),
    ]);
  });
}
