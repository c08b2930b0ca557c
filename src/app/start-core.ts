import { performance } from "node:perf_hooks";
import { registrySeed } from "../../prisma/seed/registry-seed.js";
import { significantDatesSeed } from "../../prisma/seed/significant-dates.js";
import {
  findConversationReference,
  findPersonalConversation,
  forgetConversationReference,
  type StoredConversation,
  saveConversationReference,
} from "../chat/conversation-references.js";
import { claimDelivery, pruneDeliveries } from "../chat/delivery-log.js";
import type { FormOpening, FormResult, FormValues } from "../chat/form.js";
import { Outbound } from "../chat/outbound-port.js";
import type { Config } from "../config/config.js";
import { answerQuestion, type ConversationDeps, type Question } from "../conversation/answer-question.js";
import { overviewReply } from "../conversation/overview.js";
import type { Reply } from "../conversation/reply.js";
import { applyMigrations, type MigrationReport } from "../db/apply-migrations.js";
import { requireCurrentSchema } from "../db/check-schema.js";
import { type DatabaseTarget, databaseTargetFromConfig, describeDatabaseTarget } from "../db/database-target.js";
import { type Database, openDatabase } from "../db/open-database.js";
import type { ChatPlatform } from "../generated/prisma/client.js";
import { createIntakeDesk, type IntakeDesk } from "../intake/intake-desk.js";
import { Metrics } from "../ops/metrics.js";
import {
  createRateLimits,
  isLimitedSubmission,
  questionsLimitedReply,
  submissionsLimitedReply,
} from "../ops/rate-limits.js";
import { type KnownPerson, recogniseUser } from "../people/recognise-user.js";
import { INTAKE_REPORT_TARGET_MONTHS } from "../policy/policy-rules.js";
import { type SeedOutcome, seedRegistry } from "../registry/seed-registry.js";
import { drainOutbox } from "../reminders/outbox.js";
import { createReminderDesk } from "../reminders/reminder-answers.js";
import { seedSignificantDates } from "../reminders/significant-dates.js";
import type { Clock } from "../shared/clock.js";

import type { Logger } from "../shared/logger.js";

const PRUNE_EVERY_MS = 60 * 60 * 1000;
const DEFAULT_REMINDER_HOUR = 9;
/** How /metrics counts a form by what became of it. */
const FORM_OUTCOMES = {
  done: "submitted",
  invalid: "invalid",
  refused: "refused",
  later: "limited",
} as const satisfies Record<FormResult["status"], Parameters<Metrics["formHandled"]>[1]>;

/** A message someone sent the bot on a chat platform, as every adapter hands it to the core. */
export interface ChatMessage {
  readonly platform: ChatPlatform;
  /** Slack channel id, Teams conversation id (a channel's, without the thread). */
  readonly conversationId: string;
  /** The thread it belongs to (Slack thread ts, Teams root post id), if any: follow-ups are remembered per thread. */
  readonly threadId?: string | null;
  /** The sender's platform user id. */
  readonly userId: string;
  readonly text: string;
  /** For "more": the suggestion's offset. */
  readonly offset?: number;
  /**
   * Platform user ids of the people @mentioned in the text, in order (the bot itself left out);
   * adapters replace each mention in `text` with "@name" so the core reads plain words.
   */
  readonly mentions?: readonly string[];
}

/** A filled-in form (or a one-click step) from a chat platform. */
export interface FormSubmission {
  readonly platform: ChatPlatform;
  readonly userId: string;
  readonly formId: string;
  readonly values: FormValues;
}

export interface ChatAnswer {
  readonly reply: Reply;
  /** The sender as the registry knows them, or null for someone it does not (they can still ask). */
  readonly asker: KnownPerson | null;
}

/** The platform-free bot: what every adapter (console, Slack, Teams) talks to. */
export interface Core {
  readonly database: Database;
  readonly conversation: ConversationDeps;
  ask(question: Question): Promise<Reply>;
  /** Answers a chat message, recognising its sender. */
  answerChat(message: ChatMessage): Promise<ChatAnswer>;
  /** Counts by category and what expires next (Slack's App Home). */
  overview(): Promise<Reply>;
  /** False when this delivery id was handled before: the adapter must not answer again. */
  claimDelivery(platform: ChatPlatform, deliveryId: string): Promise<boolean>;
  /** Stores where the bot is installed, to post there later. */
  rememberConversation(conversation: StoredConversation): Promise<void>;
  findConversation(platform: ChatPlatform, conversationId: string): Promise<StoredConversation | null>;
  /** The personal chat with someone, by their platform user id; null if the bot has none with them. */
  findPersonalConversation(platform: ChatPlatform, userId: string): Promise<StoredConversation | null>;
  /** Forgets a conversation the bot was removed from. */
  forgetConversation(platform: ChatPlatform, conversationId: string): Promise<boolean>;
  /** Where the core posts unasked (intake threads, notifications); adapters register their ports here. */
  readonly outbound: Outbound;
  /** Prometheus metrics: answers, reminders, outbox, intake (GET /metrics). */
  readonly metrics: Metrics;
  /** CCO-SPER's intake: forms, steps and threads. */
  readonly intake: IntakeDesk;
  /** The form behind a button (`FormAction.formId`), for the person who clicked it. */
  openForm(platform: ChatPlatform, userId: string, formId: string): Promise<FormOpening>;
  /** Applies a filled-in form; every problem comes back by field name. */
  submitForm(submission: FormSubmission): Promise<FormResult>;
  /** Waits for posts under way, then closes the database. */
  close(): Promise<void>;
}

export interface StartCoreOptions {
  readonly config: Pick<Config, "DATABASE_URL" | "IAP_DATA_DIR" | "IAP_TIME_ZONE"> &
    Partial<
      Pick<
        Config,
        | "INTAKE_CHANNEL_SLACK"
        | "INTAKE_CONVERSATION_TEAMS"
        | "INTAKE_REPORT_TARGET_MONTHS"
        | "MEETING_DATES"
        | "REMINDER_HOUR"
        | "MIGRATE_ON_START"
        | "RATE_LIMIT_USER_PER_MINUTE"
        | "RATE_LIMIT_CONVERSATION_PER_MINUTE"
        | "RATE_LIMIT_SUBMISSIONS_PER_HOUR"
      >
    >;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Overrides the configured database (tests). */
  readonly target?: DatabaseTarget;
}

/** Opens the database, brings its schema up to date, seeds it on first start, and wires the core. */
export async function startCore(options: StartCoreOptions): Promise<Core> {
  const target = options.target ?? databaseTargetFromConfig(options.config);
  const database = await openDatabase(target);
  try {
    // With MIGRATE_ON_START=off a schema behind the code stops the start (SchemaBehindError).
    const migrations: MigrationReport =
      options.config.MIGRATE_ON_START === "off"
        ? await requireCurrentSchema(database.sql)
        : await applyMigrations(database.sql);
    if (migrations.unknown.length > 0) {
      options.logger.warn(
        { unknownMigrations: migrations.unknown },
        "the database has migrations this code does not know (a newer version migrated it); serving anyway, since migrations only add",
      );
    }
    const seed: SeedOutcome = await seedRegistry(database.prisma, registrySeed, { now: options.clock() });
    const dates = await seedSignificantDates(database.prisma, significantDatesSeed, { now: options.clock() });
    options.logger.info(
      {
        database: describeDatabaseTarget(target),
        migrationsApplied: migrations.applied,
        seeded: seed.seeded ? seed.report.created.length : 0,
        significantDatesSeeded: dates.seeded ? dates.created : 0,
      },
      "database ready",
    );
  } catch (error) {
    await database.close();
    throw error;
  }
  const conversation: ConversationDeps = {
    prisma: database.prisma,
    clock: options.clock,
    timeZone: options.config.IAP_TIME_ZONE,
    intakeTargetMonths: options.config.INTAKE_REPORT_TARGET_MONTHS ?? INTAKE_REPORT_TARGET_MONTHS,
    meetingDates: options.config.MEETING_DATES ?? [],
    reminderHour: options.config.REMINDER_HOUR ?? DEFAULT_REMINDER_HOUR,
  };
  const { prisma } = database;
  const outbound = new Outbound();
  const metrics = new Metrics();
  // Unset (a core built without loadConfig) means no limit; loadConfig supplies the defaults.
  const rateLimits = createRateLimits({
    prisma,
    logger: options.logger,
    settings: {
      questionsPerUserPerMinute: options.config.RATE_LIMIT_USER_PER_MINUTE ?? 0,
      questionsPerConversationPerMinute: options.config.RATE_LIMIT_CONVERSATION_PER_MINUTE ?? 0,
      submissionsPerUserPerHour: options.config.RATE_LIMIT_SUBMISSIONS_PER_HOUR ?? 0,
    },
  });
  const intake = createIntakeDesk({
    prisma,
    clock: options.clock,
    logger: options.logger,
    outbound,
    intakeConversations: {
      ...(options.config.INTAKE_CHANNEL_SLACK ? { SLACK: options.config.INTAKE_CHANNEL_SLACK } : {}),
      ...(options.config.INTAKE_CONVERSATION_TEAMS ? { TEAMS: options.config.INTAKE_CONVERSATION_TEAMS } : {}),
    },
    drain: async () =>
      metrics.outboxDrained(await drainOutbox({ prisma, outbound, clock: options.clock, logger: options.logger })),
  });
  const reminders = createReminderDesk({
    prisma,
    clock: options.clock,
    timeZone: options.config.IAP_TIME_ZONE,
    reminderHour: conversation.reminderHour ?? DEFAULT_REMINDER_HOUR,
  });
  /** The desk a form id belongs to: "reminder." ids to the reminders, the rest ("intake.") to the intake. */
  const deskFor = (formId: string) => (reminders.owns(formId) ? reminders : intake);
  const prune = setInterval(() => {
    pruneDeliveries(prisma, options.clock()).catch((error: unknown) =>
      options.logger.warn({ err: error }, "could not prune old delivery ids"),
    );
    rateLimits
      .pruneExpired()
      .catch((error: unknown) => options.logger.warn({ err: error }, "could not prune ended rate-limit windows"));
  }, PRUNE_EVERY_MS);
  prune.unref();
  return {
    database,
    conversation,
    ask: (question) => answerQuestion(conversation, question),
    async answerChat(message) {
      const limit = await rateLimits.checkQuestion(message.platform, message.userId, message.conversationId);
      if (!limit.ok) {
        metrics.limited(message.platform);
        const asker = await recogniseUser(prisma, message.platform, message.userId);
        return { reply: questionsLimitedReply(limit.retryAfterSeconds), asker };
      }
      const thread = message.threadId ? `:${message.threadId}` : "";
      const started = performance.now();
      try {
        const [reply, asker] = await Promise.all([
          answerQuestion(conversation, {
            conversationKey: `${message.platform.toLowerCase()}:${message.conversationId}${thread}`,
            text: message.text,
            offset: message.offset,
            asker: { platform: message.platform, externalId: message.userId },
            mentions: message.mentions ?? [],
          }),
          recogniseUser(prisma, message.platform, message.userId),
        ]);
        metrics.answered(message.platform, (performance.now() - started) / 1000, true);
        // What was asked, for tracing one conversation: at debug level only (see createLogger).
        options.logger.debug({ platform: message.platform, text: message.text, reply: reply.kind }, "chat answered");
        return { reply, asker };
      } catch (error) {
        metrics.answered(message.platform, (performance.now() - started) / 1000, false);
        throw error;
      }
    },
    overview: () => overviewReply(prisma, options.clock, options.config.IAP_TIME_ZONE),
    claimDelivery: (platform, deliveryId) => claimDelivery(prisma, platform, deliveryId, options.clock()),
    rememberConversation: (stored) => saveConversationReference(prisma, stored),
    findConversation: (platform, conversationId) => findConversationReference(prisma, platform, conversationId),
    findPersonalConversation: (platform, userId) => findPersonalConversation(prisma, platform, userId),
    forgetConversation: (platform, conversationId) => forgetConversationReference(prisma, platform, conversationId),
    outbound,
    metrics,
    intake,
    openForm: (platform, userId, formId) => deskFor(formId).openForm(formId, { platform, externalId: userId }),
    async submitForm(submission) {
      const { platform, userId, formId } = submission;
      const counted = isLimitedSubmission(formId);
      if (counted) {
        const limit = await rateLimits.checkSubmission(platform, userId);
        if (!limit.ok) {
          metrics.limited(platform);
          return { status: "later", reply: submissionsLimitedReply(limit.retryAfterSeconds) };
        }
      }
      let result: FormResult;
      try {
        result = await deskFor(formId).submitForm(formId, submission.values, { platform, externalId: userId });
      } catch (error) {
        metrics.formHandled(platform, "failed");
        throw error;
      }
      metrics.formHandled(platform, FORM_OUTCOMES[result.status]);
      // Only what was recorded counts: a form sent back with problems, or refused, gives its point back.
      if (counted && result.status !== "done") await rateLimits.refundSubmission(platform, userId);
      return result;
    },
    close: async () => {
      clearInterval(prune);
      await intake.settled();
      await database.close();
    },
  };
}
