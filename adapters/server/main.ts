import { once } from "node:events";
import type { AddressInfo } from "node:net";
import { startCore } from "../../src/app/start-core.js";
import { ConfigError, loadConfig } from "../../src/config/config.js";
import { databaseTargetFromConfig, describeDatabaseTarget } from "../../src/db/database-target.js";
import { systemClock } from "../../src/shared/clock.js";
import { createLogger } from "../../src/shared/logger.js";
import { createHttpServer, healthRoute } from "./create-http-server.js";

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
const core = await startCore({ config, clock: systemClock, logger });
const server = createHttpServer({ "GET /healthz": healthRoute() }, logger);
server.listen(config.PORT);
await once(server, "listening");

const { port } = server.address() as AddressInfo;
const slack = Boolean(config.SLACK_SIGNING_SECRET && config.SLACK_BOT_TOKEN);
const teams = Boolean(config.MicrosoftAppId);
logger.info(
  {
    port,
    database: describeDatabaseTarget(databaseTargetFromConfig(config)),
    health: `http://localhost:${port}/healthz`,
    slack: slack ? "configured" : "not configured: set SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN",
    teams: teams ? "configured" : "not configured: set MicrosoftAppId, MicrosoftAppPassword (and MicrosoftAppTenantId)",
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
    server.close(() => {
      core.close().finally(() => process.exit(0));
    });
  });
}
