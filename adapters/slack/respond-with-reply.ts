import type { RespondFn } from "@slack/bolt";
import type { Reply } from "../../src/conversation/reply.js";
import { toSlackDeliveryError } from "./errors.js";
import { renderMessage } from "./render-blocks.js";

export interface ResponsePlace {
  /** For the log, if the response_url refuses. */
  readonly channel: string;
  /** Only the person who asked sees it (slash commands, and clicks on such answers). */
  readonly ephemeral: boolean;
  readonly threadTs?: string | undefined;
}

/**
 * Answers through the response_url Slack gave a command or a click: no channel membership needed,
 * and a new message rather than a replacement, so the answer a button was on stays readable.
 */
export async function respondWithReply(respond: RespondFn, reply: Reply, place: ResponsePlace): Promise<void> {
  try {
    await respond({
      ...renderMessage(reply),
      response_type: place.ephemeral ? "ephemeral" : "in_channel",
      replace_original: false,
      ...(place.threadTs ? { thread_ts: place.threadTs } : {}),
    });
  } catch (error) {
    throw toSlackDeliveryError(error, place.channel);
  }
}
