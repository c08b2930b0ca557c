import type { App, ViewSubmitAction } from "@slack/bolt";
import type { FormResult } from "../../../src/chat/form.js";
import type { Reply } from "../../../src/conversation/reply.js";
import { replyToFailure } from "../failure-reply.js";
import { letAckLeave } from "../let-ack-leave.js";
import { modalErrors, readModalSubmission } from "../modal-submission.js";
import { FORM_CALLBACK_ID } from "../render-modal.js";
import type { SlackDeps } from "../slack-deps.js";
import { tellPerson } from "../tell-person.js";

/**
 * Slack shows its own error if a submission is not answered within 3 seconds, and a person who
 * sees it submits again. The core normally decides in milliseconds; past this, the modal is closed
 * and the decision, when it comes, is sent as a DM, so a slow database never records a form twice.
 */
const DECISION_WAIT_MS = 2_000;

const UNREADABLE: Reply = {
  kind: "refused",
  text: "That form could not be read, so nothing was recorded. Open it again from its button and submit it again.",
};

/**
 * A form modal submitted. The core decides before the acknowledgement (it only writes to the
 * database; thread posts follow in the background), because the acknowledgement is the answer: a
 * form with problems stays open with every problem next to its input, so nothing typed is lost, and
 * so does one sent over the submissions limit, saying how long to wait; an accepted or refused one
 * closes, and the person is told the outcome (see tellPerson).
 */
export function registerFormSubmission(app: App, deps: SlackDeps): void {
  app.view<ViewSubmitAction>(
    { callback_id: FORM_CALLBACK_ID, type: "view_submission" },
    async ({ ack, body, view, client }) => {
      const userId = body.user.id;
      const submission = readModalSubmission(view);
      if (!submission) {
        deps.logger.warn({ userId, viewId: view.id }, "unusable Slack form submission");
        await ack();
        await letAckLeave();
        await tellPerson(client, deps.logger, { userId, origin: {} }, UNREADABLE);
        return;
      }
      const { metadata, values, inputBlockIds } = submission;
      const context = { userId, formId: metadata.formId };
      const decision = deps.core.submitForm({ platform: "SLACK", userId, formId: metadata.formId, values });
      let result: FormResult | null;
      try {
        result = await decidedWithin(decision, DECISION_WAIT_MS);
      } catch (error) {
        const sorry = replyToFailure(deps.logger, error, context);
        const errors = modalErrors({ "": sorry.text }, inputBlockIds);
        // Kept open, with what was typed, to submit again once the database is back.
        await ack(errors ? { response_action: "errors", errors } : undefined);
        return;
      }
      // Problems to fix, or a wait (over the submissions limit): the modal stays open with what was typed.
      const errors =
        result?.status === "invalid"
          ? modalErrors(result.errors, inputBlockIds)
          : result?.status === "later"
            ? modalErrors({ "": result.reply.text }, inputBlockIds)
            : null;
      if (errors) {
        await ack({ response_action: "errors", errors });
        return;
      }
      await ack();
      await letAckLeave();
      let reply: Reply;
      try {
        // A late decision that finds problems lists them all in its reply.
        reply = (result ?? (await decision)).reply;
      } catch (error) {
        reply = replyToFailure(deps.logger, error, context);
      }
      await tellPerson(client, deps.logger, { userId, origin: metadata }, reply);
    },
  );
}

/** The decision if it comes within `ms`, else null (it goes on); its failure within `ms` is thrown. */
async function decidedWithin<T>(decision: Promise<T>, ms: number): Promise<T | null> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<null>((resolve) => {
    timer = setTimeout(resolve, ms, null);
  });
  // A failure after the deadline is handled by whoever awaits the decision then; none goes unhandled.
  decision.catch(() => {});
  try {
    return await Promise.race([decision, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
