import type { ChatMessage } from "../../src/app/start-core.js";
import type { Reply } from "../../src/conversation/reply.js";
import { replyToFailure } from "./failure-reply.js";
import { letAckLeave } from "./let-ack-leave.js";
import type { SlackDeps } from "./slack-deps.js";

/**
 * Asks the core, once the acknowledgement has left and a place among the answers running is free,
 * and hands the reply to `deliver`. When the core fails the error is logged (replyToFailure), once,
 * and the person gets an apology instead of silence; a failed delivery goes on to Bolt's error
 * handler (there is nowhere left to tell them).
 */
export async function answerInSlack(
  deps: SlackDeps,
  message: Omit<ChatMessage, "platform">,
  deliver: (reply: Reply) => Promise<unknown>,
): Promise<void> {
  await letAckLeave();
  await deps.answering(async () => {
    let reply: Reply;
    try {
      reply = (await deps.core.answerChat({ platform: "SLACK", ...message })).reply;
    } catch (error) {
      reply = replyToFailure(
        deps.logger,
        error,
        { conversationId: message.conversationId },
        "Sorry, I could not answer that just now. Please ask again in a minute.",
      );
    }
    await deliver(reply);
  });
}
