import type { App } from "@slack/bolt";
import { answerInSlack } from "../answer-in-slack.js";
import { plainTextFromSlack } from "../inbound-text.js";
import { respondWithReply } from "../respond-with-reply.js";
import type { SlackDeps } from "../slack-deps.js";

/** The slash command the app manifest declares. */
const SLASH_COMMAND = "/iap";

/**
 * `/iap status Milan`: acknowledged before anything else (Slack gives up after 3 seconds and a
 * database can be slower), then answered through the response_url, visible to the asker only.
 * `/iap` alone asks for help.
 */
export function registerSlashCommand(app: App, deps: SlackDeps): void {
  app.command(SLASH_COMMAND, async ({ command, ack, respond }) => {
    await ack();
    await answerInSlack(
      deps,
      {
        conversationId: command.channel_id,
        userId: command.user_id,
        text: plainTextFromSlack(command.text) || "help",
      },
      (reply) => respondWithReply(respond, reply, { channel: command.channel_id, ephemeral: true }),
    );
  });
}
