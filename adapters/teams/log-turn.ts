import { type Activity, ActivityTypes } from "botbuilder";
import type { Logger } from "../../src/shared/logger.js";
import { currentRequest } from "../../src/shared/request-context.js";

/**
 * One info line per Teams activity, when its turn is done: platform, kind (a typed message, a
 * card's submission, or the activity type), outcome and duration, never what was typed or
 * submitted. `started` is the turn's performance.now().
 */
export function logTurn(logger: Logger, activity: Activity, started: number): void {
  const submission = activity.type === ActivityTypes.Message && activity.value !== undefined;
  logger.info(
    {
      platform: "TEAMS",
      kind: submission ? "submission" : activity.type,
      activityId: activity.id,
      outcome: currentRequest()?.outcome ?? "handled",
      durationMs: Math.round(performance.now() - started),
    },
    "Teams activity handled",
  );
}
