import { type ChildProcess, spawn } from "node:child_process";
import { root } from "./run-cli.js";
import type { LogEntry } from "./slack-log-capture.js";

/** The bot as `npm start` runs it, in its own process, with its JSON log lines read as they come. */
export interface BotProcess {
  readonly child: ChildProcess;
  /** http://127.0.0.1:<port>, from its "iap-bot is running" line. */
  readonly url: string;
  readonly logs: readonly LogEntry[];
  /** Resolves with the first log entry, past or future, that matches. */
  waitForLog(test: (entry: LogEntry) => boolean): Promise<LogEntry>;
  /** Resolves when the process has exited, with its code (null if a signal ended it). */
  readonly exited: Promise<number | null>;
}

/**
 * Starts adapters/server/main.ts under node with tsx's loader (not the tsx CLI, which would stand
 * between the test's signals and the bot), and resolves once it is serving. `env` adds to this
 * process's environment.
 */
export function startBotProcess(env: Record<string, string>): Promise<BotProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "adapters/server/main.ts"], {
    cwd: root,
    env: { ...process.env, ...env },
  });
  const logs: LogEntry[] = [];
  const output: string[] = [];
  const waiters = new Set<{ test: (entry: LogEntry) => boolean; resolve: (entry: LogEntry) => void }>();
  const waitForLog = (test: (entry: LogEntry) => boolean) => {
    const seen = logs.find(test);
    if (seen) return Promise.resolve(seen);
    return new Promise<LogEntry>((resolve) => waiters.add({ test, resolve }));
  };
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  let buffer = "";
  child.stdout.on("data", (chunk: Buffer) => {
    buffer += chunk.toString();
    const lines = buffer.split("\n");
    buffer = lines.pop() ?? "";
    for (const line of lines) {
      output.push(line);
      const entry = JSON.parse(line) as LogEntry;
      logs.push(entry);
      for (const waiter of waiters) {
        if (waiter.test(entry)) {
          waiters.delete(waiter);
          waiter.resolve(entry);
        }
      }
    }
  });
  child.stderr.on("data", (chunk: Buffer) => output.push(chunk.toString()));
  const running = waitForLog((entry) => entry.msg === "iap-bot is running");
  const failed = exited.then((code) => {
    throw new Error(`the bot exited with ${code} before it was running:\n${output.join("\n")}`);
  });
  return Promise.race([running, failed]).then((entry) => ({
    child,
    url: `http://127.0.0.1:${entry.port as number}`,
    logs,
    waitForLog,
    exited,
  }));
}
