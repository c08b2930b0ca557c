import { pino } from "pino";
import { type RunningBot, startBot } from "../../adapters/server/start-bot.js";
import type { AdaptiveCard, CardElement } from "../../adapters/teams/render-card.js";
import { loadConfig } from "../../src/config/config.js";
import type { DatabaseTarget } from "../../src/db/database-target.js";
import type { ConnectorCall } from "./fake-bot-connector.js";
import { disposeTestTarget } from "./test-databases.js";

export const NOW = new Date("2026-03-02T14:00:00Z");

/**
 * A file's tests share one bot and one sender (Dana), and would reach a limit as the file grows:
 * the harness runs without limits; rate-limit tests turn them on in `env`.
 */
const RATE_LIMITS_OFF = {
  RATE_LIMIT_USER_PER_MINUTE: "0",
  RATE_LIMIT_CONVERSATION_PER_MINUTE: "0",
  RATE_LIMIT_SUBMISSIONS_PER_HOUR: "0",
} as const;

/** The whole bot process in-process, on a free port, as `npm start` runs it. */
export async function startTestBot(
  target: DatabaseTarget,
  env: Record<string, string> = {},
): Promise<RunningBot & { dispose(): Promise<void> }> {
  const bot = await startBot({
    // Scheduler tests turn it on; a wall-clock cron firing mid-test would make others flaky.
    config: loadConfig({ PORT: "0", REMINDERS: "off", ...RATE_LIMITS_OFF, ...env }),
    clock: () => NOW,
    logger: pino({ level: "silent" }),
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

/** The Adaptive Card a connector call carried. */
export function cardOf(call: ConnectorCall): AdaptiveCard {
  const attachment = call.body.attachments?.[0];
  if (attachment?.contentType !== "application/vnd.microsoft.card.adaptive") {
    throw new Error(`no Adaptive Card in ${JSON.stringify(call.body)}`);
  }
  return attachment.content as AdaptiveCard;
}

/** Every piece of text in the card body, in order: text runs, and facts as "title: value". */
export function textsOf(card: AdaptiveCard): string[] {
  return card.body.flatMap((element: CardElement) =>
    element.type === "FactSet"
      ? element.facts.map((fact) => `${fact.title}: ${fact.value}`)
      : [element.inlines.map((inline) => inline.text).join("")],
  );
}
