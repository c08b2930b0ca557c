import { randomUUID } from "node:crypto";
import type { AnyMiddlewareArgs, App } from "@slack/bolt";
import type { Logger } from "../../src/shared/logger.js";
import { currentRequest, runWithRequest } from "../../src/shared/request-context.js";

/** What kind of Slack request it was, in words that carry nothing anyone typed. */
interface SlackRequestKind {
  readonly kind: "event" | "command" | "action" | "submission" | "other";
  /** The event type, command, action_id or view callback_id. */
  readonly name?: string | undefined;
}

/**
 * One info line per Slack request, when its listeners are done: platform, kind, outcome and
 * duration, never text or form values (those are logged at debug level only, by Bolt and the core).
 * Registered first among the global middleware, so its duration covers deduplication and the answer.
 */
export function registerRequestLog(app: App, logger: Logger): void {
  app.use(({ body, next }) =>
    // Over HTTP and Socket Mode the request runs already (its X-Request-Id or envelope id); this is a fallback.
    currentRequest()
      ? logRequest(logger, body, next)
      : runWithRequest(randomUUID(), () => logRequest(logger, body, next), "SLACK"),
  );
}

async function logRequest(logger: Logger, body: AnyMiddlewareArgs["body"], next: () => Promise<void>): Promise<void> {
  const started = performance.now();
  let failed = false;
  try {
    await next();
  } catch (error) {
    failed = true;
    throw error;
  } finally {
    logger.info(
      {
        platform: "SLACK",
        ...kindOf(body),
        outcome: failed ? "failed" : (currentRequest()?.outcome ?? "handled"),
        durationMs: Math.round(performance.now() - started),
      },
      "Slack request handled",
    );
  }
}

function kindOf(body: unknown): SlackRequestKind {
  const fields = body as {
    type?: unknown;
    command?: unknown;
    event?: { type?: unknown };
    actions?: { action_id?: unknown }[];
    view?: { callback_id?: unknown };
  };
  const name = (value: unknown) => (typeof value === "string" ? value : undefined);
  if (typeof fields.command === "string") return { kind: "command", name: fields.command };
  if (fields.type === "event_callback") return { kind: "event", name: name(fields.event?.type) };
  if (fields.type === "block_actions") return { kind: "action", name: name(fields.actions?.[0]?.action_id) };
  if (fields.type === "view_submission") return { kind: "submission", name: name(fields.view?.callback_id) };
  return { kind: "other", name: name(fields.type) };
}
