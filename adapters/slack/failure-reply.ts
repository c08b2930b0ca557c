import type { Reply } from "../../src/conversation/reply.js";
import type { Logger } from "../../src/shared/logger.js";
import { SlackDeliveryError } from "./errors.js";

/**
 * What the person is told when answering them failed: Slack's refusal in words they can act on
 * ("try again"), or an apology when the core failed. The failure is logged here, once, with `context`.
 */
export function replyToFailure(
  logger: Logger,
  error: unknown,
  context: Record<string, unknown>,
  apology = "Sorry, I could not do that just now. Please try again in a minute.",
): Reply {
  if (error instanceof SlackDeliveryError) {
    logger.warn({ err: error, code: error.code, ...context }, "Slack refused a call");
    return { kind: "unavailable", text: error.userMessage };
  }
  logger.error({ err: error, ...context }, "handling a Slack request failed");
  return { kind: "unavailable", text: apology };
}
