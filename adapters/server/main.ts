import { ConfigError, loadConfig } from "../../src/config/config.js";
import { SchemaBehindError } from "../../src/db/check-schema.js";
import { databaseTargetFromConfig, describeDatabaseTarget } from "../../src/db/database-target.js";
import { systemClock } from "../../src/shared/clock.js";
import { createLogger } from "../../src/shared/logger.js";
import { type RunningBot, startBot } from "./start-bot.js";

let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig(process.env);
} catch (error) {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(2);
  }
  throw error;
}

const logger = createLogger(config.LOG_LEVEL);
let bot: RunningBot;
try {
  bot = await startBot({ config, clock: systemClock, logger });
} catch (error) {
  // Like a bad variable: the operator must act (migrate) before this process can serve.
  if (error instanceof SchemaBehindError) {
    logger.error({ missingMigrations: error.missing }, "database schema is behind the code; not starting");
    process.stderr.write(`${error.message}\n`);
    process.exit(2);
  }
  throw error;
}
const port = Number(new URL(bot.url).port);
logger.info(
  {
    port,
    database: describeDatabaseTarget(databaseTargetFromConfig(config)),
    health: `http://localhost:${port}/healthz`,
    slack:
      bot.adapters.slack?.description ??
      "not configured: set SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN (or SLACK_APP_TOKEN and SLACK_BOT_TOKEN for Socket Mode)",
    teams:
      bot.adapters.teams?.description ??
      "not configured: set MicrosoftAppId, MicrosoftAppPassword (and MicrosoftAppTenantId)",
    console: "npm run chat",
  },
  "iap-bot is running",
);

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    const started = Date.now();
    const bound = config.SHUTDOWN_TIMEOUT_MS;
    logger.info({ signal, boundMs: bound }, "shutting down");
    // New requests get a 503, acknowledged ones are answered, the scheduler ends its tick,
    // undelivered posts stay in the outbox for the next process; whatever still hangs after the
    // bound does not hold the exit up (a load balancer kills the replica at its grace period anyway).
    setTimeout(() => {
      logger.error({ afterMs: bound }, "shutdown took too long; exiting anyway");
      process.exit(1);
    }, bound).unref();
    bot.stop().then(
      () => {
        logger.info({ tookMs: Date.now() - started }, "stopped");
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error }, "shutdown failed");
        process.exit(1);
      },
    );
  });
}
