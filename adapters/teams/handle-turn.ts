import { type Activity, ActivityTypes, type TurnContext } from "botbuilder";
import type { Core } from "../../src/app/start-core.js";
import type { Reply } from "../../src/conversation/reply.js";
import { recogniseDatabaseUnavailable } from "../../src/db/database-unavailable.js";
import type { Logger } from "../../src/shared/logger.js";
import { markRequest } from "../../src/shared/request-context.js";
import { answerFormAction } from "./answer-form-action.js";
import { readCardSubmission } from "./card-submission.js";
import { channelConversationId, conversationToRemember, threadOfConversationId } from "./conversation-reference.js";
import { TeamsDeliveryError, TeamsLookupError } from "./errors.js";
import { readInboundText, teamsUserId } from "./inbound-text.js";
import { logTurn } from "./log-turn.js";
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
 * The bot's logic for one inbound activity: messages (typed, @mentioned, a clicked button or a
 * submitted form card) are answered; being added to a team, chat or personal scope is remembered
 * for posting later. Errors end here, logged once; the person who asked is told what went wrong
 * when it is something they can act on, and gets an apology otherwise, never silence.
 */
export function createTurnHandler(deps: TurnDeps): (context: TurnContext) => Promise<void> {
  return async (context) => {
    const started = performance.now();
    const { activity } = context;
    try {
      if (activity.type === ActivityTypes.Message) await answerMessage(deps, context);
      else if (activity.type === ActivityTypes.ConversationUpdate) await welcomeOrForget(deps, context);
      else if (activity.type === ActivityTypes.InstallationUpdate) await rememberInstallation(deps, activity);
    } catch (error) {
      markRequest("failed");
      const reply = replyToFailure(deps.logger, error, {
        type: activity.type,
        activityId: activity.id,
        conversationId: activity.conversation.id,
      });
      if (activity.type === ActivityTypes.Message) {
        await context
          .sendActivity(renderReplyActivity(reply))
          .catch((sendError: unknown) => deps.logger.warn({ err: sendError }, "could not tell the user on Teams"));
      }
    }
    logTurn(deps.logger, activity, started);
  };
}

/**
 * Teams resends an activity it got no answer to within 15 seconds. Its message ids are unique
 * within a conversation only (they are timestamps), so the claim is on conversation and id.
 * Activities without an id cannot be resent as the same delivery and are always handled.
 */
async function claim(core: Core, activity: Activity): Promise<boolean> {
  if (!activity.id) return true;
  const claimed = await core.claimDelivery("TEAMS", `${activity.conversation.id}|${activity.id}`);
  if (!claimed) markRequest("redelivery");
  return claimed;
}

/**
 * What the person is told when their activity failed, logged here once with `context`: what to do
 * about it if they can, that the database is unreachable (a warning without a stack: an outage
 * fails every turn alike), else an apology. Teams' own errors come first: their causes may be
 * socket errors too, from the connector rather than the database.
 */
function replyToFailure(logger: Logger, error: unknown, context: Record<string, unknown>): Reply {
  const unreachable =
    error instanceof TeamsLookupError || error instanceof TeamsDeliveryError
      ? null
      : recogniseDatabaseUnavailable(error);
  if (unreachable) {
    logger.warn({ code: unreachable.code, reason: unreachable.message, ...context }, "the database is unreachable");
    return { kind: "unavailable", text: unreachable.userMessage };
  }
  logger.error({ err: error, ...context }, "Teams activity failed");
  if (error instanceof TeamsLookupError) return { kind: "refused", text: error.userMessage };
  if (error instanceof TeamsDeliveryError) return { kind: "unavailable", text: error.userMessage };
  return SORRY;
}

async function answerMessage(deps: TurnDeps, context: TurnContext): Promise<void> {
  const { activity } = context;
  if (!(await claim(deps.core, activity))) return;
  const userId = teamsUserId(activity.from);
  const conversation = conversationToRemember(activity);
  const submission = readCardSubmission(activity.value);
  if (submission && submission.kind !== "question") {
    await Promise.all([
      deps.core.rememberConversation(conversation),
      answerFormAction(deps, context, submission, userId),
    ]);
    return;
  }
  const typed = submission ? { text: submission.query, mentions: [] } : await readInboundText(context);
  const [, answer] = await Promise.all([
    deps.core.rememberConversation(conversation),
    deps.core.answerChat({
      platform: "TEAMS",
      // The channel, with its thread apart: follow-ups are remembered per thread, a channel's rate limit counts them all.
      conversationId: channelConversationId(activity.conversation.id),
      threadId: threadOfConversationId(activity.conversation.id),
      userId,
      text: typed.text,
      offset: submission?.offset,
      mentions: typed.mentions,
    }),
  ]);
  await context.sendActivity(renderReplyActivity(answer.reply));
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
    userId: teamsUserId(activity.from),
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
