import { format } from "node:util";
import { type Logger as BoltLogger, LogLevel } from "@slack/bolt";
import type { Logger } from "../../src/shared/logger.js";

const BOLT_LEVELS: Readonly<Record<string, LogLevel>> = {
  trace: LogLevel.DEBUG,
  debug: LogLevel.DEBUG,
  info: LogLevel.INFO,
  warn: LogLevel.WARN,
};

/**
 * Bolt, its receivers and its Web API client log through this into our pino logger, so their
 * lines are JSON like ours. LOG_LEVEL decides what is written: Bolt's setLevel and setName calls
 * (each component sets its own) are ignored, or the last one would win for all of them.
 */
export function createBoltLogger(logger: Logger): BoltLogger {
  const log = logger.child({ component: "slack-bolt" });
  const write =
    (level: "debug" | "info" | "warn" | "error") =>
    (...parts: unknown[]) => {
      // Bolt logs several debug lines per request, some with the whole body: format only what is written.
      if (!log.isLevelEnabled(level)) return;
      const err = parts.find((part) => part instanceof Error);
      const message = format(...parts.filter((part) => part !== err));
      if (err) log[level]({ err }, message || (err as Error).message);
      else log[level](message);
    };
  return {
    debug: write("debug"),
    info: write("info"),
    warn: write("warn"),
    error: write("error"),
    setLevel: () => {},
    setName: () => {},
    getLevel: () => BOLT_LEVELS[logger.level] ?? LogLevel.ERROR,
  };
}
