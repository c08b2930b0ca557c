import type { webApi } from "@slack/bolt";
import type { Reply } from "../../src/conversation/reply.js";
import type { Logger } from "../../src/shared/logger.js";
import { openDirectMessage, postEphemeralReply, postReply } from "./slack-outbound-port.js";

/** Where a modal was opened from, if anywhere (App Home is nowhere). */
export interface FormOrigin {
  readonly channel?: string | undefined;
  readonly threadTs?: string | undefined;
}

/**
 * Tells someone what became of a form they submitted in a modal. A modal has no conversation, so
 * the reply goes to their DM with the bot: it stays (an ephemeral message is gone on reload, and a
 * submission's reply carries the request number), it needs no channel membership, and it is where the
 * requester's notices about later steps arrive. Only if Slack refuses the DM is it shown, to them
 * alone, where the modal was opened; if that fails too, the error goes on to Bolt's error handler.
 */
export async function tellPerson(
  client: webApi.WebClient,
  logger: Logger,
  person: { readonly userId: string; readonly origin: FormOrigin },
  reply: Reply,
): Promise<void> {
  try {
    const channel = await openDirectMessage(client, person.userId);
    await postReply(client, { channel }, reply);
  } catch (error) {
    const { channel, threadTs } = person.origin;
    if (!channel) throw error;
    logger.warn({ err: error, userId: person.userId, channel }, "could not DM a form's outcome; showing it in place");
    await postEphemeralReply(client, { channel, user: person.userId, threadTs }, reply);
  }
}
