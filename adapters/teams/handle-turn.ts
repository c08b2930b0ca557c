import { type Activity, ActivityTypes, TurnContext } from "botbuilder";
import type { Core } from "../../src/app/start-core.js";
import type { Reply } from "../../src/conversation/reply.js";
import type { Logger } from "../../src/shared/logger.js";
import { readCardSubmission } from "./card-submission.js";
import { conversationToRemember } from "./conversation-reference.js";
import { renderReplyActivity } from "./render-card.js";

export interface TurnDeps {
  readonly core: Core;
  readonly logger: Logger;
}

const SORRY: Reply = {
  kind: "unavailable",
  text: "Sorry, I could not answer that just now. Please ask again in a minute.",
};

/**
 * The bot's logic for one inbound activity: messages (typed, @mentioned or a clicked suggestion)
 * are answered; being added to a team, chat or personal scope is remembered for posting later.
 * Errors end here, logged once; the person who asked gets an apology rather than silence.
 */
export function createTurnHandler(deps: TurnDeps): (context: TurnContext) => Promise<void> {
  return async (context) => {
    const { activity } = context;
    try {
      if (activity.type === ActivityTypes.Message) await answerMessage(deps, context);
      else if (activity.type === ActivityTypes.ConversationUpdate) await welcomeOrForget(deps, context);
      else if (activity.type === ActivityTypes.InstallationUpdate) await rememberInstallation(deps, activity);
    } catch (error) {
      deps.logger.error(
        { err: error, type: activity.type, activityId: activity.id, conversationId: activity.conversation.id },
        "Teams activity failed",
      );
      if (activity.type === ActivityTypes.Message) {
        await context
          .sendActivity(renderReplyActivity(SORRY))
          .catch((sendError: unknown) => deps.logger.warn({ err: sendError }, "could not tell the user on Teams"));
      }
    }
  };
}

/**
 * Teams resends an activity it got no answer to within 15 seconds. Its message ids are unique
 * within a conversation only (they are timestamps), so the claim is on conversation and id.
 * Activities without an id cannot be resent as the same delivery and are always handled.
 */
async function claim(core: Core, activity: Activity): Promise<boolean> {
  if (!activity.id) return true;
  return core.claimDelivery("TEAMS", `${activity.conversation.id}|${activity.id}`);
}

async function answerMessage(deps: TurnDeps, context: TurnContext): Promise<void> {
  const { activity } = context;
  if (!(await claim(deps.core, activity))) return;
  const submission = readCardSubmission(activity.value);
  const [, answer] = await Promise.all([
    deps.core.rememberConversation(conversationToRemember(activity)),
    deps.core.answerChat({
      platform: "TEAMS",
      conversationId: activity.conversation.id,
      userId: activity.from.aadObjectId ?? activity.from.id,
      text: submission?.query ?? typedText(activity),
      offset: submission?.offset,
    }),
  ]);
  await context.sendActivity(renderReplyActivity(answer.reply));
}

/** In channels and group chats the text starts with the bot's own @mention ("<at>iap-bot</at> …"). */
function typedText(activity: Activity): string {
  if (typeof activity.text !== "string") return "";
  return TurnContext.removeRecipientMention(activity)?.trim() ?? "";
}

/** The bot added to a team or chat says hello; removed, it forgets the conversation. */
async function welcomeOrForget(deps: TurnDeps, context: TurnContext): Promise<void> {
  const { activity } = context;
  if (activity.membersRemoved?.some((member) => member.id === activity.recipient.id)) {
    await deps.core.forgetConversation("TEAMS", conversationToRemember(activity).conversationId);
    return;
  }
  const botAdded = activity.membersAdded?.some((member) => member.id === activity.recipient.id) ?? false;
  if (!botAdded || !(await claim(deps.core, activity))) return;
  await deps.core.rememberConversation(conversationToRemember(activity));
  const welcome = await deps.core.answerChat({
    platform: "TEAMS",
    conversationId: activity.conversation.id,
    userId: activity.from.aadObjectId ?? activity.from.id,
    text: "help",
  });
  await context.sendActivity(renderReplyActivity(welcome.reply));
}

/** Installing the app for a person or a chat; Teams sends it alongside the conversationUpdate. */
async function rememberInstallation(deps: TurnDeps, activity: Activity): Promise<void> {
  const conversation = conversationToRemember(activity);
  if (activity.action === "remove") await deps.core.forgetConversation("TEAMS", conversation.conversationId);
  else if (activity.action === "add" || activity.action === "add-upgrade")
    await deps.core.rememberConversation(conversation);
}
