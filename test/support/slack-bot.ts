import { type RunningBot, startBot } from "../../adapters/server/start-bot.js";
import { loadConfig } from "../../src/config/config.js";
import type { DatabaseTarget } from "../../src/db/database-target.js";
import type { FakeSlackApi } from "./fake-slack-api.js";
import { LogCapture } from "./slack-log-capture.js";
import { SIGNING_SECRET } from "./slack-requests.js";
import { disposeTestTarget } from "./test-databases.js";

export const NOW = new Date("2026-03-02T14:00:00Z");

/**
 * A file's tests share one bot and one sender (U1), and would reach a limit as the file grows:
 * the harness runs without limits; rate-limit tests turn them on in `env`.
 */
const RATE_LIMITS_OFF = {
  RATE_LIMIT_USER_PER_MINUTE: "0",
  RATE_LIMIT_CONVERSATION_PER_MINUTE: "0",
  RATE_LIMIT_SUBMISSIONS_PER_HOUR: "0",
} as const;

/**
 * The whole bot process in-process on a free port, Slack over HTTP, its Web API pointed at `api`,
 * logging to `logs`; `env` adds configuration (INTAKE_CHANNEL_SLACK, …).
 */
export async function startSlackTestBot(
  target: DatabaseTarget,
  api: FakeSlackApi,
  logs: LogCapture = new LogCapture(),
  env: Record<string, string> = {},
): Promise<RunningBot & { dispose(): Promise<void> }> {
  const bot = await startBot({
    config: loadConfig({
      PORT: "0",
      // Scheduler tests start it themselves; a wall-clock cron firing mid-test would make others flaky.
      REMINDERS: "off",
      ...RATE_LIMITS_OFF,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_BOT_TOKEN: "xoxb-test",
      SLACK_API_URL: api.url,
      ...env,
    }),
    clock: () => NOW,
    logger: logs.logger,
    target,
  });
  return {
    ...bot,
    async dispose() {
      await bot.stop();
      await disposeTestTarget(target);
    },
  };
}
