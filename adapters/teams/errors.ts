export type TeamsDeliveryErrorCode =
  | "conversation-unknown"
  | "person-unknown"
  | "unauthorized"
  | "forbidden"
  | "not-found"
  | "throttled"
  | "unavailable"
  | "failed";

/**
 * The bot could not post to Teams. `message` is for the log; `userMessage` can be shown to
 * whoever asked for the post. `retryAfterSeconds` is set when Teams throttled the bot.
 */
export class TeamsDeliveryError extends Error {
  readonly retryAfterSeconds: number | null;

  constructor(
    readonly code: TeamsDeliveryErrorCode,
    message: string,
    readonly userMessage: string,
    options: { retryAfterSeconds?: number | null; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = "TeamsDeliveryError";
    this.retryAfterSeconds = options.retryAfterSeconds ?? null;
  }
}

export function conversationUnknown(conversationId: string): TeamsDeliveryError {
  return new TeamsDeliveryError(
    "conversation-unknown",
    `no stored Teams conversation reference for ${conversationId}`,
    "iap-bot has not been added to that Teams conversation: add the app to the team or chat first.",
  );
}

export function personUnknown(externalUserId: string): TeamsDeliveryError {
  return new TeamsDeliveryError(
    "person-unknown",
    `no personal Teams conversation with user ${externalUserId}`,
    "iap-bot cannot message this person on Teams yet: they must install the app or send it a message first.",
  );
}

/** The connector's HTTP error, as the Azure SDK underneath botframework-connector throws it. */
interface ConnectorHttpError {
  readonly statusCode: number;
  readonly response?: { readonly headers?: { get(name: string): string | undefined } };
}

const isConnectorHttpError = (error: unknown): error is ConnectorHttpError =>
  typeof error === "object" && error !== null && typeof (error as { statusCode?: unknown }).statusCode === "number";

/** Maps what the Bot Connector answered (401, 403, 404, 429 with Retry-After, 5xx) to one coded error. */
export function toTeamsDeliveryError(error: unknown, conversationId: string): TeamsDeliveryError {
  if (error instanceof TeamsDeliveryError) return error;
  if (!isConnectorHttpError(error)) {
    return new TeamsDeliveryError("failed", `posting to Teams ${conversationId} failed`, "Posting to Teams failed.", {
      cause: error,
    });
  }
  const status = error.statusCode;
  const log = `Teams connector answered ${status} posting to ${conversationId}`;
  if (status === 401) {
    return new TeamsDeliveryError(
      "unauthorized",
      log,
      "Teams rejected the bot's credentials: check MicrosoftAppId and MicrosoftAppPassword.",
      { cause: error },
    );
  }
  if (status === 403) {
    return new TeamsDeliveryError(
      "forbidden",
      log,
      "iap-bot is no longer allowed to post in that Teams conversation.",
      {
        cause: error,
      },
    );
  }
  if (status === 404) {
    return new TeamsDeliveryError(
      "not-found",
      log,
      "That Teams conversation no longer exists, or the bot was removed.",
      {
        cause: error,
      },
    );
  }
  if (status === 429) {
    const retryAfter = Number(error.response?.headers?.get("retry-after"));
    return new TeamsDeliveryError("throttled", log, "Teams is limiting how fast the bot can post; try again shortly.", {
      retryAfterSeconds: Number.isFinite(retryAfter) ? retryAfter : null,
      cause: error,
    });
  }
  if (status >= 500) {
    return new TeamsDeliveryError("unavailable", log, "Teams is not answering right now; try again later.", {
      cause: error,
    });
  }
  return new TeamsDeliveryError("failed", log, "Posting to Teams failed.", { cause: error });
}

/**
 * A person @mentioned in a message could not be looked up in Teams, so the message is not acted
 * on: the core would otherwise be told about someone other than who was meant.
 */
export class TeamsLookupError extends Error {
  readonly code = "mention-unknown";

  constructor(
    message: string,
    readonly userMessage: string,
    options: { cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = "TeamsLookupError";
  }
}

export function mentionUnknown(
  name: string,
  teamsId: string,
  conversationId: string,
  cause: unknown,
): TeamsLookupError {
  const status = isConnectorHttpError(cause) ? ` (connector answered ${cause.statusCode})` : "";
  return new TeamsLookupError(
    `could not look up mentioned Teams user ${teamsId} in ${conversationId}${status}`,
    `I could not look up @${name} in Teams, so I did nothing with this message. Mention people who are members of this team or chat, or try again in a minute.`,
    { cause },
  );
}
