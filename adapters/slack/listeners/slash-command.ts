import type { App, RespondFn, SlashCommand, webApi } from "@slack/bolt";
import type { Reply } from "../../../src/conversation/reply.js";
import type { IntakeKind } from "../../../src/intake/intake-kind.js";
import { answerInSlack } from "../answer-in-slack.js";
import { readSlackText } from "../inbound-text.js";
import { readNewRequestCommand } from "../new-request-command.js";
import { openFormModal } from "../open-form-modal.js";
import { respondWithReply } from "../respond-with-reply.js";
import type { SlackDeps } from "../slack-deps.js";

/** The slash command the app manifest declares. */
const SLASH_COMMAND = "/iap";

/**
 * `/iap status Milan`: acknowledged before anything else (Slack gives up after 3 seconds and a
 * database can be slower), then answered through the response_url, visible to the asker only.
 * `/iap` alone asks for help. `/iap new partnership` opens that kind's form at once; `/iap new`
 * offers the kinds as buttons.
 */
export function registerSlashCommand(app: App, deps: SlackDeps): void {
  app.command(SLASH_COMMAND, async ({ command, ack, respond, client, context }) => {
    await ack();
    const { text, mentions } = readSlackText(command.text, context.botUserId);
    const newRequest = readNewRequestCommand(text);
    if (newRequest) {
      await startNewRequest(deps, { command, client, respond }, newRequest.kind);
      return;
    }
    await answerInSlack(
      deps,
      { conversationId: command.channel_id, userId: command.user_id, text: text || "help", mentions },
      (reply) => respondWithReply(respond, reply, { channel: command.channel_id, ephemeral: true }),
    );
  });
}

/**
 * The kind's form as a modal, opened with the command's trigger_id; without a kind, or when the
 * form cannot open, the buttons to open it (core.intake.newRequestReply), to the asker alone.
 */
async function startNewRequest(
  deps: SlackDeps,
  request: { readonly command: SlashCommand; readonly client: webApi.WebClient; readonly respond: RespondFn },
  kind: IntakeKind | null,
): Promise<void> {
  const { command, client, respond } = request;
  let reply: Reply = deps.core.intake.newRequestReply(kind);
  const [form] = reply.actions ?? [];
  if (kind && form) {
    try {
      const opening = await openFormModal(deps, client, {
        triggerId: command.trigger_id,
        userId: command.user_id,
        formId: form.formId,
        origin: { channel: command.channel_id },
      });
      if (opening.kind === "opened") return;
      if (opening.kind === "refused") reply = opening.reply;
    } catch (error) {
      // Its button, below, opens the same form with a fresh trigger_id.
      deps.logger.warn(
        { err: error, userId: command.user_id },
        "could not open the form of /iap new; offering its button",
      );
    }
  }
  await respondWithReply(respond, reply, { channel: command.channel_id, ephemeral: true });
}
