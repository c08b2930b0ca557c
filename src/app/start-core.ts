import { registrySeed } from "../../prisma/seed/registry-seed.js";
import {
  findConversationReference,
  findPersonalConversation,
  forgetConversationReference,
  type StoredConversation,
  saveConversationReference,
} from "../chat/conversation-references.js";
import { claimDelivery, pruneDeliveries } from "../chat/delivery-log.js";
import type { Config } from "../config/config.js";
import { answerQuestion, type ConversationDeps, type Question } from "../conversation/answer-question.js";
import { overviewReply } from "../conversation/overview.js";
import type { Reply } from "../conversation/reply.js";
import { applyMigrations, type MigrationReport } from "../db/apply-migrations.js";
import { type DatabaseTarget, databaseTargetFromConfig, describeDatabaseTarget } from "../db/database-target.js";
import { type Database, openDatabase } from "../db/open-database.js";
import type { ChatPlatform } from "../generated/prisma/client.js";
import { type KnownPerson, recogniseUser } from "../people/recognise-user.js";
import { type SeedOutcome, seedRegistry } from "../registry/seed-registry.js";
import type { Clock } from "../shared/clock.js";

const PRUNE_EVERY_MS = 60 * 60 * 1000;

import type { Logger } from "../shared/logger.js";

/** A message someone sent the bot on a chat platform, as every adapter hands it to the core. */
export interface ChatMessage {
  readonly platform: ChatPlatform;
  /** Slack channel id, Teams conversation id. */
  readonly conversationId: string;
  /** The thread it belongs to (Slack thread ts), if any: follow-ups are remembered per thread. */
  readonly threadId?: string | null;
  /** The sender's platform user id. */
  readonly userId: string;
  readonly text: string;
  /** For "more": the suggestion's offset. */
  readonly offset?: number;
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
  close(): Promise<void>;
}

export interface StartCoreOptions {
  readonly config: Pick<Config, "DATABASE_URL" | "IAP_DATA_DIR" | "IAP_TIME_ZONE">;
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
    const migrations: MigrationReport = await applyMigrations(database.sql);
    const seed: SeedOutcome = await seedRegistry(database.prisma, registrySeed, { now: options.clock() });
    options.logger.info(
      {
        database: describeDatabaseTarget(target),
        migrationsApplied: migrations.applied,
        seeded: seed.seeded ? seed.report.created.length : 0,
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
  };
  const { prisma } = database;
  const prune = setInterval(() => {
    pruneDeliveries(prisma, options.clock()).catch((error: unknown) =>
      options.logger.warn({ err: error }, "could not prune old delivery ids"),
    );
  }, PRUNE_EVERY_MS);
  prune.unref();
  return {
    database,
    conversation,
    ask: (question) => answerQuestion(conversation, question),
    async answerChat(message) {
      const thread = message.threadId ? `:${message.threadId}` : "";
      const [reply, asker] = await Promise.all([
        answerQuestion(conversation, {
          conversationKey: `${message.platform.toLowerCase()}:${message.conversationId}${thread}`,
          text: message.text,
          offset: message.offset,
        }),
        recogniseUser(prisma, message.platform, message.userId),
      ]);
      return { reply, asker };
    },
    overview: () => overviewReply(prisma, options.clock, options.config.IAP_TIME_ZONE),
    claimDelivery: (platform, deliveryId) => claimDelivery(prisma, platform, deliveryId, options.clock()),
    rememberConversation: (stored) => saveConversationReference(prisma, stored),
    findConversation: (platform, conversationId) => findConversationReference(prisma, platform, conversationId),
    findPersonalConversation: (platform, userId) => findPersonalConversation(prisma, platform, userId),
    forgetConversation: (platform, conversationId) => forgetConversationReference(prisma, platform, conversationId),
    close: async () => {
      clearInterval(prune);
      await database.close();
    },
  };
}
