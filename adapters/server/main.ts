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

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down");
    bot.stop().finally(() => process.exit(0));
  });
}
