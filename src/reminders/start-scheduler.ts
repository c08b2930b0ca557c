import cron, { type ScheduledTask } from "node-cron";
import type { Outbound } from "../chat/outbound-port.js";
import type { Metrics } from "../ops/metrics.js";
import { currentRequestId, runWithRequest } from "../shared/request-context.js";
import { type DrainReport, drainOutbox } from "./outbox.js";
import { runReminderTick, type SchedulerDeps, type TickReport } from "./scheduler.js";

/**
 * The reminder scheduler in a running bot: node-cron ticks every five minutes in the configured
 * time zone (noOverlap: a slow tick is never run twice at once in one process; replicas are made
 * safe by the ledger, not by the scheduler), and the outbox drains every minute.
 */

export interface RunningScheduler {
  /** Runs a tick now (tests, `iap remind --now`), then drains the outbox. */
  tickNow(): Promise<{ tick: TickReport; drain: DrainReport }>;
  drainNow(): Promise<DrainReport>;
  /** Stops both tasks, waiting for a tick or drain under way to finish. */
  stop(): Promise<void>;
}

export interface SchedulerOptions {
  readonly tickEvery?: string;
  readonly drainEvery?: string;
  /** False: no cron at all, ticks and drains only through tickNow/drainNow (tests that move an injected clock). */
  readonly cron?: boolean;
}

export function startReminderScheduler(
  deps: SchedulerDeps & { readonly outbound: Outbound; readonly metrics?: Metrics },
  options: SchedulerOptions = {},
): RunningScheduler {
  let underWay: Promise<unknown> = Promise.resolve();
  /** Ticks and drains of this process run one after the other, never side by side. */
  const serially = <T>(work: () => Promise<T>): Promise<T> => {
    const next = underWay.then(work, work);
    underWay = next.catch(() => {});
    return next;
  };
  /**
   * Each tick and drain is a request of its own ("tick-<iso>"), so its log lines (and the posts it
   * makes) can be found together; one started inside a request (`iap remind --now`) stays in it.
   */
  const asRequest = <T>(name: string, work: () => Promise<T>): Promise<T> =>
    currentRequestId() === undefined ? runWithRequest(`${name}-${deps.clock().toISOString()}`, work) : work();
  const drainNow = () =>
    asRequest("drain", async () => {
      const report = await serially(() => drainOutbox(deps));
      deps.metrics?.outboxDrained(report);
      return report;
    });
  const tickNow = () =>
    asRequest("tick", async () => {
      const tick = await serially(() => runReminderTick(deps));
      deps.metrics?.remindersQueued(tick.queued);
      return { tick, drain: await drainNow() };
    });
  const report = (what: string) => (error: unknown) => deps.logger.error({ err: error }, `${what} failed`);
  const tasks: ScheduledTask[] = [];
  if (options.cron !== false) {
    tasks.push(
      cron.schedule(
        options.tickEvery ?? "*/5 * * * *",
        () => asRequest("tick", () => tickNow().catch(report("reminder tick"))),
        {
          name: "iap-reminder-tick",
          timezone: deps.timeZone,
          noOverlap: true,
        },
      ),
      cron.schedule(
        options.drainEvery ?? "* * * * *",
        () => asRequest("drain", () => drainNow().catch(report("outbox drain"))),
        {
          name: "iap-outbox-drain",
          timezone: deps.timeZone,
          noOverlap: true,
        },
      ),
    );
  }
  for (const task of tasks) task.unref();
  return {
    tickNow,
    drainNow,
    async stop() {
      for (const task of tasks) await task.stop();
      await underWay;
    },
  };
}
