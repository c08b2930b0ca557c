import type { Activity, TurnContext } from "botbuilder";
import type { Core } from "../../src/app/start-core.js";
import type { FormResult } from "../../src/chat/form.js";
import type { Reply } from "../../src/conversation/reply.js";
import type { Logger } from "../../src/shared/logger.js";
import type { CardSubmission } from "./card-submission.js";
import { toTeamsDeliveryError } from "./errors.js";
import { renderReplyActivity } from "./render-card.js";
import { fitsInTeams, renderFormActivity } from "./render-form-card.js";

export interface FormActionDeps {
  readonly core: Core;
  readonly logger: Logger;
}

type FormClick = Extract<CardSubmission, { kind: "open-form" | "submit-form" }>;

/**
 * A clicked intake button or a submitted form card. A button with a form gets the form as a card;
 * a one-click step, or a filled-in card, goes to the core, and the answer is sent. A card the core
 * did not accept is shown again in place, with what was typed and every problem under its field;
 * a card that was applied (or can no longer be) is closed in place so it is not sent twice; a card
 * sent over the submissions limit is left open, with what was typed, and the wait sent as a message.
 * Answers go where the click was: the personal chat, or the request's thread in the channel.
 *
 * In place rather than as a new card: the person corrects the form they filled in, and the chat
 * does not fill up with copies of it. When what was typed is too long to send back in one Teams
 * message, the card is left as it is (Teams keeps what was typed in it) and the problems are sent
 * as a message instead, so nothing typed is lost.
 */
export async function answerFormAction(
  deps: FormActionDeps,
  context: TurnContext,
  click: FormClick,
  userId: string,
): Promise<void> {
  if (click.kind === "open-form") {
    const opening = await deps.core.openForm("TEAMS", userId, click.formId);
    await context.sendActivity(opening.ok ? renderFormActivity(opening.form) : renderReplyActivity(opening.reply));
    return;
  }
  const result = await deps.core.submitForm({
    platform: "TEAMS",
    userId,
    formId: click.formId,
    values: click.values,
  });
  // The id of the message holding the card that was clicked (Teams sets it on card submissions).
  const cardId = click.fromFormCard ? context.activity.replyToId : undefined;
  if (result.status === "invalid") {
    const opening = await deps.core.openForm("TEAMS", userId, click.formId);
    if (!opening.ok) {
      await context.sendActivity(renderReplyActivity(opening.reply));
      return;
    }
    const form = renderFormActivity(opening.form, { values: click.values, errors: result.errors, reply: result.reply });
    if (!fitsInTeams(form)) await context.sendActivity(renderReplyActivity(result.reply));
    else if (!(cardId && (await replaceCard(deps, context, cardId, form)))) await context.sendActivity(form);
    return;
  }
  await context.sendActivity(renderReplyActivity(result.reply));
  // Over the submissions limit: the card stays as it is, with what was typed, to send again after the wait.
  if (result.status === "later") return;
  if (cardId) await replaceCard(deps, context, cardId, renderReplyActivity(closedForm(result)));
}

/** What a form card becomes once it has been applied or refused: no inputs, no button. */
function closedForm(result: Exclude<FormResult, { status: "invalid" | "later" }>): Reply {
  return result.status === "done"
    ? { kind: "answer", title: result.reply.title ?? "Sent", text: "Sent. The answer is below." }
    : { kind: "refused", title: "Form closed", text: "Nothing was recorded; the reason is below." };
}

/**
 * Updates a message the bot sent. False when Teams refused (the message is gone, or too old to
 * edit): a form shown again is then sent as a new message; a form left open after its answer was
 * sent is only untidy (a step sent again is refused by its version).
 */
async function replaceCard(
  deps: FormActionDeps,
  context: TurnContext,
  activityId: string,
  activity: Partial<Activity>,
): Promise<boolean> {
  try {
    await context.updateActivity({ ...activity, id: activityId });
    return true;
  } catch (error) {
    const failure = toTeamsDeliveryError(error, context.activity.conversation.id);
    deps.logger.warn({ err: failure, activityId }, "could not update a form card in Teams");
    return false;
  }
}
