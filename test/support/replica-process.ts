import { z } from "zod";
import { startBot } from "../../adapters/server/start-bot.js";
import { loadConfig } from "../../src/config/config.js";
import { createLogger } from "../../src/shared/logger.js";

/**
 * One bot replica in its own OS process, as `npm start` runs it (the real startBot, configured
 * from the environment), except that its clock is the test's: it starts at REPLICA_CLOCK_START and
 * moves only when the parent says so, and the scheduler's cron is off, so ticks and drains happen
 * when the parent asks for them, through the scheduler's own tickNow/drainNow.
 *
 * Spawned with `node --import tsx test/support/replica-process.ts` and an IPC channel. It sends
 * `{ ready: true, url }` once listening; every command `{ id, command }` gets `{ id, ok, result }`
 * or `{ id, ok: false, error }`. `stop` stops the bot and exits; so does losing the parent.
 */

export const ReplicaCommandSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("setClock"), at: z.iso.datetime() }),
  z.object({ type: z.literal("tick") }),
  z.object({ type: z.literal("drain") }),
  z.object({ type: z.literal("announce") }),
  z.object({ type: z.literal("stop") }),
]);
export type ReplicaCommand = z.infer<typeof ReplicaCommandSchema>;

export const ReplicaRequestSchema = z.object({ id: z.number().int(), command: ReplicaCommandSchema });
export type ReplicaRequest = z.infer<typeof ReplicaRequestSchema>;

export const ReplicaMessageSchema = z.union([
  z.object({ ready: z.literal(true), url: z.string() }),
  z.object({ id: z.number().int(), ok: z.literal(true), result: z.unknown() }),
  z.object({ id: z.number().int(), ok: z.literal(false), error: z.string() }),
]);
export type ReplicaMessage = z.infer<typeof ReplicaMessageSchema>;

/** Only runs as the spawned entry point; importing the schemas above starts nothing. */
if (process.send && process.env.REPLICA_CLOCK_START) await runReplica(process.env.REPLICA_CLOCK_START);

async function runReplica(start: string): Promise<void> {
  let now = new Date(z.iso.datetime().parse(start));
  const config = loadConfig(process.env);
  const logger = createLogger(config.LOG_LEVEL);
  const bot = await startBot({ config, clock: () => now, logger, scheduler: { cron: false } });
  const send = (message: ReplicaMessage) => process.send?.(message);

  let stopping: Promise<void> | null = null;
  const stop = () => {
    stopping ??= bot.stop();
    return stopping;
  };

  async function run(command: ReplicaCommand): Promise<unknown> {
    switch (command.type) {
      case "setClock":
        now = new Date(command.at);
        return now.toISOString();
      case "tick":
        return (await scheduler()).tickNow();
      case "drain": {
        // The thread posts and notifications a request started are queued (and drained) in the
        // background; wait for them, so the drain after them leaves nothing half-sent behind.
        await bot.core.intake.settled();
        return (await scheduler()).drainNow();
      }
      case "announce": {
        // What the bot does at start-up and every ten minutes; resolves once the posts it started are made.
        const announced = await bot.core.intake.announceUnthreaded();
        await bot.core.intake.settled();
        return announced;
      }
      case "stop":
        await stop();
        return null;
    }
  }

  async function scheduler() {
    if (!bot.scheduler) throw new Error("this replica runs with REMINDERS=off");
    return bot.scheduler;
  }

  process.on("message", (raw: unknown) => {
    const request = ReplicaRequestSchema.safeParse(raw);
    if (!request.success) {
      logger.error({ raw }, "replica: not a command");
      return;
    }
    const { id, command } = request.data;
    run(command).then(
      (result) => {
        send({ id, ok: true, result });
        if (command.type === "stop") process.disconnect();
      },
      (error: unknown) => send({ id, ok: false, error: error instanceof Error ? error.message : String(error) }),
    );
  });
  // The test process went away without stopping us: stop anyway, leaving nothing running.
  process.on("disconnect", () => {
    void stop().finally(() => process.exit(0));
  });
  send({ ready: true, url: bot.url });
}
