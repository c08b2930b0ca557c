import type { Reply } from "../../src/conversation/reply.js";
import { recogniseDatabaseUnavailable } from "../../src/db/database-unavailable.js";
import type { Logger } from "../../src/shared/logger.js";
import { markRequest } from "../../src/shared/request-context.js";
import { SlackDeliveryError } from "./errors.js";

/**
 * What the person is told when answering them failed: Slack's refusal in words they can act on
 * ("try again"), that the database is unreachable (a warning without a stack: an outage fails every
 * request alike), or an apology when the core failed. The failure is logged here, once, with `context`.
 */
export function replyToFailure(
  logger: Logger,
  error: unknown,
  context: Record<string, unknown>,
  apology = "Sorry, I could not do that just now. Please try again in a minute.",
): Reply {
  markRequest("failed");
  if (error instanceof SlackDeliveryError) {
    logger.warn({ err: error, code: error.code, ...context }, "Slack refused a call");
    return { kind: "unavailable", text: error.userMessage };
  }
  const unreachable = recogniseDatabaseUnavailable(error);
  if (unreachable) {
    logger.warn({ code: unreachable.code, reason: unreachable.message, ...context }, "the database is unreachable");
    return { kind: "unavailable", text: unreachable.userMessage };
  }
  logger.error({ err: error, ...context }, "handling a Slack request failed");
  return { kind: "unavailable", text: apology };
}
