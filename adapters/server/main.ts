import { ConfigError, loadConfig } from "../../src/config/config.js";
import { databaseTargetFromConfig, describeDatabaseTarget } from "../../src/db/database-target.js";
import { systemClock } from "../../src/shared/clock.js";
import { createLogger } from "../../src/shared/logger.js";
import { startBot } from "./start-bot.js";

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
const bot = await startBot({ config, clock: systemClock, logger });
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

/** A load balancer gives a stopping replica about 30 s; exit well within it. */
const SHUTDOWN_BOUND_MS = 20_000;

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down");
    // In-flight requests finish, the scheduler ends its tick, undelivered posts stay in the outbox
    // for the next process; whatever still hangs after the bound does not hold the exit up.
    setTimeout(() => {
      logger.error({ afterMs: SHUTDOWN_BOUND_MS }, "shutdown took too long; exiting anyway");
      process.exit(1);
    }, SHUTDOWN_BOUND_MS).unref();
    bot
      .stop()
      .catch((error: unknown) => logger.error({ err: error }, "shutdown failed"))
      .finally(() => process.exit(0));
  });
}
