import { once } from "node:events";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import express, { type ErrorRequestHandler } from "express";
import { type Core, startCore } from "../../src/app/start-core.js";
import type { Outbound } from "../../src/chat/outbound-port.js";
import type { Config } from "../../src/config/config.js";
import type { DatabaseTarget } from "../../src/db/database-target.js";
import { checkReadiness } from "../../src/ops/readiness.js";
import { meetingDigestReply } from "../../src/reminders/meeting-digest.js";
import {
  type RunningScheduler,
  type SchedulerOptions,
  startReminderScheduler,
} from "../../src/reminders/start-scheduler.js";
import type { Clock } from "../../src/shared/clock.js";
import type { Logger } from "../../src/shared/logger.js";
import { startSlack } from "../slack/start-slack.js";
import { startTeams } from "../teams/start-teams.js";
import { mountCalendarRoute } from "./calendar-route.js";
import { createInFlightTracker, type InFlightTracker } from "./in-flight-tracker.js";
import { tagRequests } from "./request-id.js";
import { createShutdownGate } from "./shutdown-gate.js";

const ANNOUNCE_EVERY_MS = 10 * 60 * 1000;

/** What every platform adapter gets: the shared HTTP app to mount its endpoint on, and the core. */
export interface AdapterContext {
  readonly app: express.Express;
  readonly core: Core;
  readonly config: Config;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly outbound: Outbound;
  /** Work that goes on after a request was acknowledged (answers); the bot waits for it when stopping. */
  readonly inFlight: InFlightTracker;
}

/** A started platform adapter: what to log about it, and how to stop it. */
export interface RunningAdapter {
  readonly description: string;
  /** Stops receiving (closes a Socket Mode connection); answers under way can still be sent after it. */
  stop(): Promise<void>;
}

export interface RunningBot {
  readonly core: Core;
  readonly outbound: Outbound;
  readonly server: Server;
  /** http://127.0.0.1:<port> */
  readonly url: string;
  readonly adapters: { readonly slack: RunningAdapter | null; readonly teams: RunningAdapter | null };
  /** Reminders and the outbox; null with REMINDERS=off. */
  readonly scheduler: RunningScheduler | null;
  stop(): Promise<void>;
}

export interface StartBotOptions {
  readonly config: Config;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Overrides the configured database (tests). */
  readonly target?: DatabaseTarget;
  /** How the reminder scheduler runs (tests turn its cron off and tick by hand). */
  readonly scheduler?: SchedulerOptions;
}

/**
 * The bot process: the core, one HTTP server on `PORT` with /healthz, Slack at /slack/events
 * and Teams at /api/messages. `npm start` runs it; end-to-end tests run it in-process.
 */
export async function startBot(options: StartBotOptions): Promise<RunningBot> {
  const { config, clock, logger } = options;
  const core = await startCore({ config, clock, logger, target: options.target });
  const app = express();
  app.disable("x-powered-by");
  app.use(tagRequests());
  // Before every route, so that once stopping starts no request is accepted only to be dropped.
  const gate = createShutdownGate();
  app.use(gate.middleware);
  app.get("/healthz", (_request, response) => {
    response.json({ status: "ok" });
  });
  const { outbound } = core;
  const inFlight = createInFlightTracker();
  const context: AdapterContext = { app, core, config, clock, logger, outbound, inFlight };
  mountCalendarRoute(context);
  let slack: RunningAdapter | null = null;
  let teams: RunningAdapter | null = null;
  try {
    slack = await startSlack(context);
    teams = await startTeams(context);
  } catch (error) {
    await slack?.stop();
    await core.close();
    throw error;
  }
  // Ready for traffic: the database answers and has this code's schema (a load balancer's check).
  app.get("/readyz", async (_request, response) => {
    const readiness = await checkReadiness(core.database.sql, {
      slack: slack?.description ?? null,
      teams: teams?.description ?? null,
    });
    response
      .status(readiness.ready ? 200 : 503)
      .json({ status: readiness.ready ? "ready" : "not ready", ...readiness });
  });
  app.get("/metrics", async (_request, response, next) => {
    try {
      const text = await core.metrics.render(core.database.prisma);
      response.type(core.metrics.contentType).send(text);
    } catch (error) {
      next(error);
    }
  });
  app.use((_request, response) => {
    response.status(404).json({ error: "not found" });
  });
  app.use(errorHandler(logger));

  const server = app.listen(config.PORT);
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  // Requests submitted from the CLI, or while a platform was unreachable, get their CCO-SPER thread now and then.
  let sweep: Promise<unknown> = Promise.resolve();
  const announce = () => {
    sweep = core.intake
      .announceUnthreaded()
      .catch((error: unknown) => logger.warn({ err: error }, "could not check for requests without a thread"));
  };
  announce();
  const announcing = setInterval(announce, ANNOUNCE_EVERY_MS);
  announcing.unref();
  const scheduler =
    config.REMINDERS === "on"
      ? startReminderScheduler(
          {
            prisma: core.database.prisma,
            clock,
            logger,
            outbound,
            timeZone: config.IAP_TIME_ZONE,
            postHour: config.REMINDER_HOUR,
            intakeTargetMonths: config.INTAKE_REPORT_TARGET_MONTHS,
            meetingDates: config.MEETING_DATES,
            metrics: core.metrics,
            digestReply: (meeting) =>
              meetingDigestReply(
                {
                  prisma: core.database.prisma,
                  clock,
                  timeZone: config.IAP_TIME_ZONE,
                  meetingDates: config.MEETING_DATES,
                },
                meeting,
              ),
            places: {
              "working-group": {
                ...(config.WORKING_GROUP_CHANNEL_SLACK ? { SLACK: config.WORKING_GROUP_CHANNEL_SLACK } : {}),
                ...(config.WORKING_GROUP_CONVERSATION_TEAMS ? { TEAMS: config.WORKING_GROUP_CONVERSATION_TEAMS } : {}),
              },
              intake: {
                ...(config.INTAKE_CHANNEL_SLACK ? { SLACK: config.INTAKE_CHANNEL_SLACK } : {}),
                ...(config.INTAKE_CONVERSATION_TEAMS ? { TEAMS: config.INTAKE_CONVERSATION_TEAMS } : {}),
              },
            },
          },
          options.scheduler,
        )
      : null;
  return {
    core,
    outbound,
    server,
    url: `http://127.0.0.1:${port}`,
    adapters: { slack, teams },
    scheduler,
    async stop() {
      gate.close(); // /readyz and new requests: 503 from now on
      clearInterval(announcing);
      // The tick under way finishes; undelivered outbox messages stay for the next process.
      await scheduler?.stop();
      server.closeIdleConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await slack?.stop();
      await teams?.stop();
      // Nothing new comes in. What was acknowledged is answered, and thread posts and notifications
      // under way go out, before the database closes under them.
      if (inFlight.size > 0) logger.info({ answers: inFlight.size }, "waiting for answers under way");
      await inFlight.settled();
      await sweep;
      await core.intake.settled();
      await core.close();
    },
  };
}

/** Bad requests get a 4xx saying what is wrong; anything else a 500 without internals. */
function errorHandler(logger: Logger): ErrorRequestHandler {
  return (
    error: { status?: number; statusCode?: number; type?: string; message?: string },
    request,
    response,
    _next,
  ) => {
    const status = error.status ?? error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      logger.warn({ path: request.path, status, reason: error.type ?? error.message }, "bad request");
      response.status(status).json({ error: error.type ?? "bad request", message: error.message });
      return;
    }
    logger.error({ err: error, path: request.path }, "request failed");
    if (!response.headersSent) response.status(500).json({ error: "internal error" });
    else response.end();
  };
}
