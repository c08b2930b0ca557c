import { ErrorCode as BoltErrorCode, webApi } from "@slack/bolt";

export type SlackDeliveryErrorCode =
  | "conversation-unknown"
  | "trigger-expired"
  | "unauthorized"
  | "forbidden"
  | "throttled"
  | "unavailable"
  | "failed";

/**
 * The bot could not post to Slack. `message` is for the log; `userMessage` can be shown to
 * whoever asked for the post. `retryAfterSeconds` is set when Slack throttled the bot.
 */
export class SlackDeliveryError extends Error {
  readonly retryAfterSeconds: number | null;

  constructor(
    readonly code: SlackDeliveryErrorCode,
    message: string,
    readonly userMessage: string,
    options: { retryAfterSeconds?: number | null; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = "SlackDeliveryError";
    this.retryAfterSeconds = options.retryAfterSeconds ?? null;
  }
}

/** Web API `error` strings (docs.slack.dev/reference/methods/chat.postMessage#errors) by what they mean for us. */
const CONVERSATION_GONE = new Set(["channel_not_found", "not_in_channel", "is_archived", "user_not_found"]);
const BAD_TOKEN = new Set(["invalid_auth", "not_authed", "token_revoked", "token_expired", "account_inactive"]);
const NOT_ALLOWED = new Set(["missing_scope", "restricted_action", "cannot_dm_bot", "team_access_not_granted"]);
/** views.open: the click or command's trigger_id is valid once, for 3 seconds. */
const TRIGGER_GONE = new Set(["expired_trigger_id", "exchanged_trigger_id", "invalid_trigger_id"]);

interface CodedError {
  readonly code?: unknown;
  readonly data?: { readonly error?: unknown };
  readonly retryAfter?: unknown;
  readonly statusCode?: unknown;
}

/**
 * Maps what the Web API or a response_url answered to one coded error: platform errors by their
 * `error` string, 429 (when the client gives up retrying) with Retry-After, and HTTP 401/403/5xx.
 */
export function toSlackDeliveryError(error: unknown, conversationId: string): SlackDeliveryError {
  if (error instanceof SlackDeliveryError) return error;
  const coded = (typeof error === "object" && error !== null ? error : {}) as CodedError;
  const fail = (code: SlackDeliveryErrorCode, detail: string, userMessage: string, retryAfterSeconds?: number) =>
    new SlackDeliveryError(code, `posting to Slack ${conversationId} failed: ${detail}`, userMessage, {
      cause: error,
      retryAfterSeconds,
    });

  if (coded.code === webApi.ErrorCode.PlatformError) {
    const reason = String(coded.data?.error);
    if (CONVERSATION_GONE.has(reason)) {
      return fail(
        "conversation-unknown",
        reason,
        "iap-bot is not in that Slack conversation (or it no longer exists): invite the app to the channel first.",
      );
    }
    if (BAD_TOKEN.has(reason)) {
      return fail("unauthorized", reason, "Slack rejected the bot's token: check SLACK_BOT_TOKEN.");
    }
    if (TRIGGER_GONE.has(reason)) {
      return fail("trigger-expired", reason, "Slack did not let the form open in time; please try again.");
    }
    if (NOT_ALLOWED.has(reason)) {
      return fail("forbidden", reason, "iap-bot is not allowed to do that in Slack: check the app's scopes.");
    }
    return fail("failed", reason, "Posting to Slack failed.");
  }
  if (coded.code === webApi.ErrorCode.RateLimitedError) {
    const retryAfter = typeof coded.retryAfter === "number" ? coded.retryAfter : undefined;
    return fail(
      "throttled",
      `rate limited, retry after ${retryAfter}s`,
      "Slack is limiting how fast the bot can post; try again shortly.",
      retryAfter,
    );
  }
  if (coded.code === webApi.ErrorCode.HTTPError || coded.code === BoltErrorCode.RespondError) {
    const status = Number(coded.statusCode);
    if (status === 401) return fail("unauthorized", `HTTP ${status}`, "Slack rejected the bot's credentials.");
    if (status === 403 || status === 404) {
      return fail("forbidden", `HTTP ${status}`, "Slack no longer accepts answers there; ask again.");
    }
    if (status === 429) return fail("throttled", `HTTP ${status}`, "Slack is limiting how fast the bot can post.");
    if (status >= 500)
      return fail("unavailable", `HTTP ${status}`, "Slack is not answering right now; try again later.");
  }
  return fail("failed", error instanceof Error ? error.message : String(error), "Posting to Slack failed.");
}
