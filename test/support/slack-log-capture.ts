import { pino } from "pino";

export interface LogEntry {
  readonly msg: string;
  readonly [field: string]: unknown;
}

/**
 * A pino logger whose lines the test can wait for: how a test learns that the bot decided to do
 * nothing (a dropped redelivery), which no Slack call would show.
 */
export class LogCapture {
  readonly entries: LogEntry[] = [];
  readonly #waiters = new Set<{ test: (entry: LogEntry) => boolean; resolve: (entry: LogEntry) => void }>();
  readonly logger = pino(
    { level: "info" },
    {
      write: (line: string) => {
        const entry = JSON.parse(line) as LogEntry;
        this.entries.push(entry);
        for (const waiter of this.#waiters) {
          if (waiter.test(entry)) {
            this.#waiters.delete(waiter);
            waiter.resolve(entry);
          }
        }
      },
    },
  );

  /** Resolves with the first entry, past or future, that matches. */
  waitFor(test: (entry: LogEntry) => boolean): Promise<LogEntry> {
    const seen = this.entries.find(test);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve) => this.#waiters.add({ test, resolve }));
  }
}
