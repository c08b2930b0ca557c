import { type Config, ConfigError, loadConfig } from "../../src/config/config.js";
import { createLogger, type Logger } from "../../src/shared/logger.js";

/** Loads configuration for a console command; a bad variable ends the process with its name. */
export function consoleConfig(): { config: Config; logger: Logger } {
  try {
    const config = loadConfig(process.env);
    // Console commands print answers on stdout; logs go to stderr and stay quiet unless asked for.
    const level = process.env.LOG_LEVEL ? config.LOG_LEVEL : "warn";
    return { config, logger: createLogger(level, 2) };
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
}
