import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import type { DrainReport } from "../../src/reminders/outbox.js";
import type { TickReport } from "../../src/reminders/scheduler.js";
import { type ReplicaCommand, type ReplicaMessage, ReplicaMessageSchema } from "./replica-process.js";
import { root } from "./run-cli.js";

/** One line the replica logged (pino JSON): its level (30 info, 40 warn, 50 error), message and fields. */
export interface ReplicaLogLine {
  readonly level: number;
  readonly msg: string;
  readonly [field: string]: unknown;
}

/** A bot process started by `startReplica`, driven over IPC. */
export interface Replica {
  readonly name: string;
  /** http://127.0.0.1:<port>: its Slack (/slack/events) and Teams (/api/messages) endpoints. */
  readonly url: string;
  readonly logs: readonly ReplicaLogLine[];
  /** Resolves with the first log line, past or future, that matches. */
  waitForLog(test: (line: ReplicaLogLine) => boolean): Promise<ReplicaLogLine>;
  setClock(at: Date | string): Promise<void>;
  /** A scheduler tick at the replica's clock, then an outbox drain (the scheduler's tickNow). */
  tick(): Promise<{ tick: TickReport; drain: DrainReport }>;
  /** Waits for the intake posts requests have started in the background, then drains the outbox. */
  drain(): Promise<DrainReport>;
  /** Starts the CCO-SPER thread of every open request without one, as the bot does every ten minutes; how many. */
  announce(): Promise<number>;
  /** Stops the bot (in-flight work finishes) and waits for the process to exit. */
  stop(): Promise<void>;
}

/**
 * Starts `test/support/replica-process.ts` in its own Node process with `env` as its whole
 * configuration and its clock at `clockStart`; resolves once it listens, or rejects with what it
 * printed if it exits first.
 */
export async function startReplica(name: string, env: Record<string, string>, clockStart: Date): Promise<Replica> {
  const child = spawn(process.execPath, ["--import", "tsx", "test/support/replica-process.ts"], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "",
      ...env,
      REPLICA_CLOCK_START: clockStart.toISOString(),
    },
    stdio: ["ignore", "pipe", "pipe", "ipc"],
  });
  const logs: ReplicaLogLine[] = [];
  const waiters = new Set<{ test: (line: ReplicaLogLine) => boolean; resolve: (line: ReplicaLogLine) => void }>();
  let stderr = "";
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
  });
  readLines(child, (text) => {
    let line: ReplicaLogLine;
    try {
      line = JSON.parse(text) as ReplicaLogLine;
    } catch {
      stderr += `${text}\n`;
      return;
    }
    logs.push(line);
    for (const waiter of waiters) {
      if (waiter.test(line)) {
        waiters.delete(waiter);
        waiter.resolve(line);
      }
    }
  });

  const pending = new Map<number, { resolve: (result: unknown) => void; reject: (error: Error) => void }>();
  let nextId = 0;
  let exited = false;
  const exit = once(child, "exit").then(() => {
    exited = true;
    for (const { reject } of pending.values()) reject(new Error(`replica ${name} exited: ${stderr}`));
    pending.clear();
  });
  const ready = new Promise<string>((resolve, reject) => {
    child.on("message", (raw: unknown) => {
      const message: ReplicaMessage = ReplicaMessageSchema.parse(raw);
      if ("ready" in message) {
        resolve(message.url);
        return;
      }
      const caller = pending.get(message.id);
      pending.delete(message.id);
      if (message.ok) caller?.resolve(message.result);
      else caller?.reject(new Error(`replica ${name}: ${message.error}`));
    });
    void exit.then(() => reject(new Error(`replica ${name} exited before it was ready:\n${stderr}`)));
  });

  const command = (body: ReplicaCommand): Promise<unknown> =>
    new Promise((resolve, reject) => {
      if (exited) {
        reject(new Error(`replica ${name} has exited`));
        return;
      }
      nextId += 1;
      pending.set(nextId, { resolve, reject });
      child.send({ id: nextId, command: body });
    });

  const url = await ready;
  return {
    name,
    url,
    logs,
    waitForLog(test) {
      const seen = logs.find(test);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve) => waiters.add({ test, resolve }));
    },
    async setClock(at) {
      await command({ type: "setClock", at: new Date(at).toISOString() });
    },
    tick: () => command({ type: "tick" }) as Promise<{ tick: TickReport; drain: DrainReport }>,
    drain: () => command({ type: "drain" }) as Promise<DrainReport>,
    announce: () => command({ type: "announce" }) as Promise<number>,
    async stop() {
      if (!exited) await command({ type: "stop" }).catch(() => undefined);
      await exit;
    },
  };
}

function readLines(child: ChildProcess, onLine: (line: string) => void): void {
  let buffered = "";
  child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
    buffered += chunk;
    const lines = buffered.split("\n");
    buffered = lines.pop() ?? "";
    for (const line of lines) if (line.trim()) onLine(line);
  });
}
