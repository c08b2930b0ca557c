import { pino } from "pino";

export type Logger = pino.Logger;

/** Structured JSON logs on stdout (or stderr for CLI commands whose stdout is the answer). */
export function createLogger(level: string, destination: 1 | 2 = 1): Logger {
  return pino({ level, base: { app: "iap-bot" } }, pino.destination({ fd: destination, sync: true }));
}
