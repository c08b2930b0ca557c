import { z } from "zod";

/** Empty strings in the environment mean "unset", as they do in most .env files and CI settings. */
const unsetIfEmpty = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(unsetIfEmpty, schema.optional());
const withDefault = <T extends z.ZodType>(schema: T, fallback: z.input<T>) =>
  z.preprocess(unsetIfEmpty, schema.default(fallback as never));

const isTimeZone = (zone: string) => {
  try {
    new Intl.DateTimeFormat("en-CA", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

export const ConfigSchema = z.object({
  NODE_ENV: withDefault(z.enum(["development", "production", "test"]), "development"),
  PORT: withDefault(z.coerce.number().int().min(0).max(65535), 3978),
  LOG_LEVEL: withDefault(z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]), "info"),
  /** PGlite data directory, used when DATABASE_URL is unset. */
  IAP_DATA_DIR: withDefault(z.string(), "./data"),
  DATABASE_URL: optional(
    z.string().regex(/^postgres(ql)?:\/\//, "must be a postgresql:// URL, e.g. postgresql://user@host:5432/iap"),
  ),
  /** Zone in which "today", "this quarter" and reminders are computed. */
  IAP_TIME_ZONE: withDefault(
    z.string().refine(isTimeZone, "must be an IANA time zone such as America/Toronto"),
    "America/Toronto",
  ),
  SLACK_SIGNING_SECRET: optional(z.string()),
  SLACK_BOT_TOKEN: optional(z.string().regex(/^xoxb-/, "must be a bot token starting with xoxb-")),
  /** Slack Web API base URL; tests point it at a fake server. */
  SLACK_API_URL: withDefault(
    z.url({ protocol: /^https?$/ }).transform((url) => (url.endsWith("/") ? url : `${url}/`)),
    "https://slack.com/api/",
  ),
  /** Socket Mode instead of HTTP, for workspaces that cannot expose a public URL. */
  SLACK_APP_TOKEN: optional(z.string().regex(/^xapp-/, "must be an app-level token starting with xapp-")),
  /** The Slack channel id (C…) where CCO-SPER gets a thread for every new request; the bot must be in it. */
  INTAKE_CHANNEL_SLACK: optional(z.string().regex(/^[CG][A-Z0-9]+$/, "must be a Slack channel id such as C0123ABCD")),
  /** The Teams channel or chat id (19:…) where CCO-SPER gets a thread for every new request; the bot must be added there. */
  INTAKE_CONVERSATION_TEAMS: optional(z.string().min(1)),
  /** How long a request may stay open before it counts as late (the 2001 six-month report-back target). */
  INTAKE_REPORT_TARGET_MONTHS: withDefault(z.coerce.number().int().min(1).max(120), 6),
  /** The working group's Slack channel id, where reminders and the meeting digest are posted. */
  WORKING_GROUP_CHANNEL_SLACK: optional(
    z.string().regex(/^[CG][A-Z0-9]+$/, "must be a Slack channel id such as C0123ABCD"),
  ),
  /** The working group's Teams channel or chat id (19:…), for the same. */
  WORKING_GROUP_CONVERSATION_TEAMS: optional(z.string().min(1)),
  /** The working group's meetings, as comma-separated dates (2027-02-02,2027-05-04); unset: the first Tuesday of Feb, May, Aug and Nov. */
  MEETING_DATES: optional(z.string())
    .transform((value) =>
      (value ?? "")
        .split(",")
        .map((date) => date.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.iso.date("each meeting must be a date like 2027-02-02"))),
  /** Local hour (in IAP_TIME_ZONE) at which a day's reminders are posted. */
  REMINDER_HOUR: withDefault(z.coerce.number().int().min(0).max(23), 9),
  /** Set to "off" to run without the reminder scheduler (e.g. a replica that only answers). */
  REMINDERS: withDefault(z.enum(["on", "off"]), "on"),
  /** How long a stopping bot (SIGTERM, SIGINT) waits for work under way before it exits anyway; keep it below the load balancer's grace period. */
  SHUTDOWN_TIMEOUT_MS: withDefault(z.coerce.number().int().min(100).max(600_000), 20_000),
  /** Questions one person may ask per minute in Slack or Teams (shared by every replica); 0: no limit. */
  RATE_LIMIT_USER_PER_MINUTE: withDefault(z.coerce.number().int().min(0).max(100_000), 20),
  /** Questions one conversation (channel, chat) may send per minute, from everyone in it; 0: no limit. */
  RATE_LIMIT_CONVERSATION_PER_MINUTE: withDefault(z.coerce.number().int().min(0).max(100_000), 60),
  /** Intake proposals and comments one person may send per hour; 0: no limit. */
  RATE_LIMIT_SUBMISSIONS_PER_HOUR: withDefault(z.coerce.number().int().min(0).max(100_000), 20),
  /**
   * "on": apply pending migrations at start-up (PGlite needs it: no other process can open its
   * database). "off": a release step runs `iap migrate`, or the database user has no DDL rights;
   * the bot then refuses to start on a schema older than its code.
   */
  MIGRATE_ON_START: withDefault(z.enum(["on", "off"]), "on"),
  MicrosoftAppId: optional(z.string()),
  MicrosoftAppPassword: optional(z.string()),
  MicrosoftAppType: withDefault(z.enum(["SingleTenant", "MultiTenant", "UserAssignedMSI"]), "SingleTenant"),
  MicrosoftAppTenantId: optional(z.string()),
});
export type Config = z.infer<typeof ConfigSchema>;

/** Combinations that parse but cannot run; each names the variables to set. */
function crossCheck(config: Config): string[] {
  const problems: string[] = [];
  if (Boolean(config.SLACK_SIGNING_SECRET) !== Boolean(config.SLACK_BOT_TOKEN) && !config.SLACK_APP_TOKEN) {
    problems.push(
      `${config.SLACK_BOT_TOKEN ? "SLACK_SIGNING_SECRET" : "SLACK_BOT_TOKEN"}: Slack needs both SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN (or SLACK_APP_TOKEN with SLACK_BOT_TOKEN for Socket Mode); set the missing one or unset both`,
    );
  }
  if (config.SLACK_APP_TOKEN && !config.SLACK_BOT_TOKEN) {
    problems.push("SLACK_BOT_TOKEN: Socket Mode (SLACK_APP_TOKEN) also needs the bot token");
  }
  if (config.MicrosoftAppId && !config.MicrosoftAppPassword && config.MicrosoftAppType !== "UserAssignedMSI") {
    problems.push("MicrosoftAppPassword: MicrosoftAppId is set, so Teams needs the app password (client secret) too");
  }
  if (config.MicrosoftAppId && config.MicrosoftAppType === "SingleTenant" && !config.MicrosoftAppTenantId) {
    problems.push(
      "MicrosoftAppTenantId: a SingleTenant Teams bot needs the tenant id (or set MicrosoftAppType=MultiTenant)",
    );
  }
  if (config.NODE_ENV === "production" && !config.MicrosoftAppId) {
    problems.push(
      "MicrosoftAppId: NODE_ENV=production would accept unauthenticated Teams traffic; set MicrosoftAppId and MicrosoftAppPassword",
    );
  }
  return problems;
}

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

/** Parses the environment once, at start-up. Every bad variable is named in one error. */
export function loadConfig(env: Readonly<Record<string, string | undefined>>): Config {
  const result = ConfigSchema.safeParse(env);
  if (result.success) {
    const problems = crossCheck(result.data);
    if (problems.length > 0) throw new ConfigError(problems);
    return result.data;
  }
  throw new ConfigError(
    result.error.issues.map((issue) => {
      const name = issue.path.join(".");
      return `${name}=${JSON.stringify(env[name] ?? "")}: ${issue.message}`;
    }),
  );
}
