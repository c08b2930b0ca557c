import { pino } from "pino";
import { currentRequestId } from "./request-context.js";

export type Logger = pino.Logger;

/** Where log lines go: a file descriptor (1 stdout, 2 stderr) or a stream (tests read the lines). */
export type LogDestination = 1 | 2 | pino.DestinationStream;

/**
 * Secrets under these names are replaced wherever a line carries them, whatever its level: a
 * safety net for an object logged whole (headers, options, configuration). No code logs them on
 * purpose; DATABASE_URL is logged through describeDatabaseTarget, which leaves the password out.
 */
const SECRET_PATHS = [
  "authorization",
  "*.authorization",
  "*.Authorization",
  "*.headers.authorization",
  "*.headers.Authorization",
  "*.headers.cookie",
  "token",
  "*.token",
  "password",
  "*.password",
  "*.signingSecret",
  "*.SLACK_BOT_TOKEN",
  "*.SLACK_SIGNING_SECRET",
  "*.SLACK_APP_TOKEN",
  "*.MicrosoftAppPassword",
  "*.DATABASE_URL",
];

/**
 * What people typed or submitted (message text, form values, request bodies) appears at debug
 * level only: at info and above these fields of a line are replaced, so a debug-only field logged
 * at the wrong level still leaks nothing.
 */
const BODY_FIELDS = ["text", "body", "values"] as const;
const BODY_OMITTED = "[omitted below debug level]";
const INFO = 30;

/**
 * Structured JSON logs on stdout (or stderr for CLI commands whose stdout is the answer). Every
 * line written while a request runs carries its `requestId` (request-context.ts), so one request's
 * lines (adapter, Bolt, core, intake desk, outbox) can be found together.
 */
export function createLogger(level: string, destination: LogDestination = 1): Logger {
  return pino(
    {
      level,
      base: { app: "iap-bot" },
      mixin: () => {
        const requestId = currentRequestId();
        return requestId === undefined ? {} : { requestId };
      },
      redact: { paths: SECRET_PATHS, censor: "[redacted]" },
      hooks: {
        logMethod(args, method, logLevel) {
          const [fields] = args;
          if (logLevel >= INFO && hasBody(fields)) {
            const kept: Record<string, unknown> = { ...fields };
            for (const field of BODY_FIELDS) if (field in kept) kept[field] = BODY_OMITTED;
            args[0] = kept;
          }
          method.apply(this, args);
        },
      },
    },
    typeof destination === "number" ? pino.destination({ fd: destination, sync: true }) : destination,
  );
}

function hasBody(fields: unknown): fields is Record<string, unknown> {
  if (typeof fields !== "object" || fields === null || fields instanceof Error) return false;
  return BODY_FIELDS.some((field) => field in fields);
}
