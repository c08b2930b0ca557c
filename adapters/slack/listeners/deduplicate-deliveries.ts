import type { App } from "@slack/bolt";
import { recogniseDatabaseUnavailable } from "../../../src/db/database-unavailable.js";
import { markRequest } from "../../../src/shared/request-context.js";
import { letAckLeave } from "../let-ack-leave.js";
import type { SlackDeps } from "../slack-deps.js";

/**
 * Slack redelivers an event it thinks went unanswered (X-Slack-Retry-Num), and Bolt does not
 * deduplicate. Each `event_id` is claimed in the database before any listener runs, so a retry is
 * dropped here, in this process or another replica. Bolt has acknowledged events before this runs:
 * a slow claim cannot cause the retry it guards against.
 */
export function registerDeduplication(app: App, deps: SlackDeps): void {
  app.use(async ({ body, context, next }) => {
    const eventId = eventIdOf(body);
    if (eventId !== null) await letAckLeave(); // Bolt has acked the event; let that go before any database work
    if (eventId !== null && !(await claim(deps, eventId))) {
      deps.logger.info({ eventId, retryNum: context.retryNum }, "Slack event already handled; redelivery ignored");
      markRequest("redelivery");
      return;
    }
    await next();
  });
}

/**
 * With the database unreachable the claim cannot be made, and neither can the answer: the event
 * goes on to its listener, which tells the person to try again rather than leaving them unanswered.
 */
async function claim(deps: SlackDeps, eventId: string): Promise<boolean> {
  try {
    return await deps.core.claimDelivery("SLACK", eventId);
  } catch (error) {
    if (recogniseDatabaseUnavailable(error)) return true;
    throw error;
  }
}

function eventIdOf(body: unknown): string | null {
  const fields = body as { type?: unknown; event_id?: unknown };
  return fields.type === "event_callback" && typeof fields.event_id === "string" ? fields.event_id : null;
}
