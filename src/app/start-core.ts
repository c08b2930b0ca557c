import { registrySeed } from "../../prisma/seed/registry-seed.js";
import type { Config } from "../config/config.js";
import { answerQuestion, type ConversationDeps, type Question } from "../conversation/answer-question.js";
import type { Reply } from "../conversation/reply.js";
import { applyMigrations, type MigrationReport } from "../db/apply-migrations.js";
import { type DatabaseTarget, databaseTargetFromConfig, describeDatabaseTarget } from "../db/database-target.js";
import { type Database, openDatabase } from "../db/open-database.js";
import { type SeedOutcome, seedRegistry } from "../registry/seed-registry.js";
import type { Clock } from "../shared/clock.js";
import type { Logger } from "../shared/logger.js";

/** The platform-free bot: what every adapter (console, Slack, Teams) talks to. */
export interface Core {
  readonly database: Database;
  readonly conversation: ConversationDeps;
  ask(question: Question): Promise<Reply>;
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
  return {
    database,
    conversation,
    ask: (question) => answerQuestion(conversation, question),
    close: () => database.close(),
  };
}
