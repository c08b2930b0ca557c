import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningBot, startBot } from "../adapters/server/start-bot.js";
import { loadConfig } from "../src/config/config.js";
import { type DatabaseTarget, describeDatabaseTarget } from "../src/db/database-target.js";
import { enqueue } from "../src/reminders/outbox.js";
import { startReminderScheduler } from "../src/reminders/start-scheduler.js";
import { createLogger } from "../src/shared/logger.js";
import { FakeBotConnector } from "./support/fake-bot-connector.js";
import { FakeSlackApi } from "./support/fake-slack-api.js";
import { FakeSocketMode } from "./support/fake-socket-mode.js";
import { NOW } from "./support/slack-bot.js";
import {
  appMentionEvent,
  eventCallback,
  SIGNING_SECRET,
  type SlackRequest,
  signatureHeaders,
  slashCommand,
} from "./support/slack-requests.js";
import { personalMessage } from "./support/teams-activities.js";
import { disposeTestTarget, testDatabaseKinds } from "./support/test-databases.js";

const BOT_TOKEN = "xoxb-4242-request-logging-bot-token";
const APP_PASSWORD = "teams-app-password-never-logged";
/** Something a person might paste into a question by mistake. */
const PASTED_TOKEN = "xoxp-1111-2222-pasted-by-mistake";

interface LogLine {
  readonly msg: string;
  readonly level: number;
  readonly requestId?: string;
  readonly [field: string]: unknown;
}

/** The bot's log lines as written, parsed, and the raw text (to search for what must never appear). */
class LogLines {
  readonly lines: LogLine[] = [];
  readonly raw: string[] = [];
  readonly #waiters = new Set<{ test: (line: LogLine) => boolean; resolve: (line: LogLine) => void }>();
  readonly stream = {
    write: (text: string) => {
      const line = JSON.parse(text) as LogLine;
      this.raw.push(text);
      this.lines.push(line);
      for (const waiter of this.#waiters) {
        if (waiter.test(line)) {
          this.#waiters.delete(waiter);
          waiter.resolve(line);
        }
      }
    },
  };

  /** Resolves with the first line, past or future, that matches. */
  waitFor(test: (line: LogLine) => boolean): Promise<LogLine> {
    const seen = this.lines.find(test);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve) => this.#waiters.add({ test, resolve }));
  }

  /** The lines from index `from` up to and including `last`. */
  since(from: number, last: LogLine): LogLine[] {
    return this.lines.slice(from, this.lines.indexOf(last) + 1);
  }

  everything(): string {
    return this.raw.join("");
  }
}

/** The bot process as `npm start` runs it, Slack over HTTP and Teams unauthenticated, logging at LOG_LEVEL into `logs`. */
async function startLoggedBot(
  target: DatabaseTarget,
  api: FakeSlackApi,
  logs: LogLines,
  env: Record<string, string>,
): Promise<RunningBot> {
  const config = loadConfig({
    PORT: "0",
    REMINDERS: "off",
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_API_URL: api.url,
    ...env,
  });
  return startBot({ config, clock: () => NOW, logger: createLogger(config.LOG_LEVEL, logs.stream), target });
}

/** A signed Slack request; the answer's X-Request-Id. */
async function postToSlack(botUrl: string, request: SlackRequest, headers: Record<string, string> = {}) {
  const response = await fetch(`${botUrl}/slack/events`, {
    method: "POST",
    headers: { "content-type": request.contentType, ...signatureHeaders(request.body), ...headers },
    body: request.body,
  });
  await response.text();
  return { status: response.status, requestId: response.headers.get("x-request-id") };
}

/** An activity posted as the Bot Framework Emulator would; the answer's X-Request-Id. */
async function postToTeams(botUrl: string, activity: unknown) {
  const response = await fetch(`${botUrl}/api/messages`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(activity),
  });
  await response.text();
  return { status: response.status, requestId: response.headers.get("x-request-id") };
}

const slackSummary = (requestId: string | null) => (line: LogLine) =>
  line.msg === "Slack request handled" && line.requestId === requestId;
const teamsSummary = (requestId: string | null) => (line: LogLine) =>
  line.msg === "Teams activity handled" && line.requestId === requestId;

describe.each(testDatabaseKinds)("request ids in the logs at debug level, on $name", (kind) => {
  const logs = new LogLines();
  const target = kind.newTarget();
  let api: FakeSlackApi;
  let connector: FakeBotConnector;
  let bot: RunningBot;

  beforeAll(async () => {
    api = await FakeSlackApi.start();
    connector = await FakeBotConnector.start();
    bot = await startLoggedBot(target, api, logs, { LOG_LEVEL: "debug" });
  });
  afterAll(async () => {
    await bot?.stop();
    await disposeTestTarget(target);
    await api?.stop();
    await connector?.stop();
  });

  it("gives every line a slash command logs, Bolt's and the core's included, the id its answer carries", async () => {
    const marker = `marker-${randomUUID()}`;
    const from = logs.lines.length;
    const posted = await postToSlack(
      bot.url,
      slashCommand(`status Milan ${marker}`, { responseUrl: api.responseUrl("debug-command") }),
    );
    expect(posted.status).toBe(200);
    expect(posted.requestId).toMatch(/^[0-9a-f-]{36}$/);

    const summary = await logs.waitFor(slackSummary(posted.requestId));
    const lines = logs.since(from, summary);
    expect(lines.filter((line) => line.requestId !== posted.requestId)).toEqual([]);
    expect(lines.some((line) => line.component === "slack-bolt")).toBe(true);
    // At debug level the question itself is there, from the core, for tracing a conversation.
    expect(lines.find((line) => line.msg === "chat answered")).toMatchObject({
      platform: "SLACK",
      text: expect.stringContaining(marker),
    });
    expect(summary).toMatchObject({ platform: "SLACK", kind: "command", name: "/iap", outcome: "handled" });
    expect(summary.durationMs).toEqual(expect.any(Number));
    expect(summary).not.toHaveProperty("text");
  });

  it("gives different requests different ids", async () => {
    const first = await postToSlack(bot.url, slashCommand("help", { responseUrl: api.responseUrl("first") }));
    const second = await postToSlack(bot.url, slashCommand("help", { responseUrl: api.responseUrl("second") }));
    await logs.waitFor(slackSummary(first.requestId));
    await logs.waitFor(slackSummary(second.requestId));
    expect(first.requestId).not.toBe(second.requestId);
  });

  it("reuses a load balancer's X-Request-Id, in the logs and in the answer", async () => {
    const request = slashCommand("help", { responseUrl: api.responseUrl("balanced") });
    const posted = await postToSlack(bot.url, request, { "x-request-id": "lb-7f3a.0001" });
    expect(posted.requestId).toBe("lb-7f3a.0001");
    expect(await logs.waitFor(slackSummary("lb-7f3a.0001"))).toMatchObject({ kind: "command" });
  });

  it("replaces an X-Request-Id that could break a log line with one of its own", async () => {
    const request = slashCommand("help", { responseUrl: api.responseUrl("forged") });
    const posted = await postToSlack(bot.url, request, { "x-request-id": 'x" level=60 "y' });
    expect(posted.requestId).toMatch(/^[0-9a-f-]{36}$/);
    await logs.waitFor(slackSummary(posted.requestId));
  });

  it("echoes the request id on routes that are not chat, such as /healthz", async () => {
    const response = await fetch(`${bot.url}/healthz`, { headers: { "x-request-id": "probe-1" } });
    expect(response.headers.get("x-request-id")).toBe("probe-1");
  });

  it("says when an event was a redelivery, under the redelivery's own id", async () => {
    const delivery = eventCallback(appMentionEvent("<@UBOT> status of Milan", { channel: "C-logs" }), "Ev-logs");
    const first = await postToSlack(bot.url, delivery);
    expect(await logs.waitFor(slackSummary(first.requestId))).toMatchObject({
      kind: "event",
      name: "app_mention",
      outcome: "handled",
    });
    const retry = await postToSlack(bot.url, delivery, { "x-slack-retry-num": "1", "x-slack-retry-reason": "timeout" });
    const dropped = await logs.waitFor((line) => line.msg === "Slack event already handled; redelivery ignored");
    expect(dropped.requestId).toBe(retry.requestId);
    expect(await logs.waitFor(slackSummary(retry.requestId))).toMatchObject({ outcome: "redelivery" });
  });

  it("gives every line a Teams message logs the id its answer carries", async () => {
    const marker = `marker-${randomUUID()}`;
    const message = personalMessage(connector.url, `status of Milan ${marker}`);
    const from = logs.lines.length;
    const posted = await postToTeams(bot.url, message);
    expect(posted.status).toBe(200);
    expect(posted.requestId).toMatch(/^[0-9a-f-]{36}$/);

    const summary = await logs.waitFor(teamsSummary(posted.requestId));
    const lines = logs.since(from, summary);
    expect(lines.filter((line) => line.requestId !== posted.requestId)).toEqual([]);
    expect(lines.find((line) => line.msg === "chat answered")).toMatchObject({
      platform: "TEAMS",
      text: expect.stringContaining(marker),
    });
    expect(summary).toMatchObject({ platform: "TEAMS", kind: "message", activityId: message.id, outcome: "handled" });
  });

  it("gives each outbox drain and reminder tick an id of its own, named after its time", async () => {
    const scheduler = startReminderScheduler(
      {
        prisma: bot.core.database.prisma,
        clock: () => NOW,
        logger: createLogger("debug", logs.stream),
        outbound: bot.outbound,
        timeZone: "America/Toronto",
        postHour: 9,
        intakeTargetMonths: 6,
        meetingDates: [],
        places: { "working-group": {}, intake: {} },
      },
      // Never in a test run: ticks and drains happen only when called.
      { tickEvery: "0 0 29 2 1", drainEvery: "0 0 29 2 1" },
    );
    try {
      // The console has no outbound port: each post fails, and says so in a line of the drain that tried it.
      const post = (target: string) =>
        enqueue(bot.core.database.prisma, {
          reply: { kind: "answer", text: "unsendable" },
          targets: [{ platform: "CONSOLE", target }],
          now: NOW,
        });
      await post("console-drain");
      await scheduler.drainNow();
      await post("console-tick");
      await scheduler.tickNow();

      const lines = logs.lines.filter((line) => line.msg === "post from the outbox failed; it will be retried");
      expect(lines.map((line) => line.requestId)).toEqual([`drain-${NOW.toISOString()}`, `tick-${NOW.toISOString()}`]);
    } finally {
      await scheduler.stop();
    }
  });
});

const pglite = testDatabaseKinds.find((kind) => kind.name === "PGlite")!;

describe("what info-level logs leave out", () => {
  const logs = new LogLines();
  const target = pglite.newTarget();
  const marker = `marker-${randomUUID()}`;
  let api: FakeSlackApi;
  let connector: FakeBotConnector;
  let bot: RunningBot;

  beforeAll(async () => {
    api = await FakeSlackApi.start();
    connector = await FakeBotConnector.start();
    bot = await startLoggedBot(target, api, logs, { LOG_LEVEL: "info" });
  });
  afterAll(async () => {
    await bot?.stop();
    await disposeTestTarget(target);
    await api?.stop();
    await connector?.stop();
  });

  it("logs one line per chat request, with no message text, token or secret in any line", async () => {
    const command = await postToSlack(
      bot.url,
      slashCommand(`status Milan ${marker} ${PASTED_TOKEN}`, { responseUrl: api.responseUrl("info-command") }),
    );
    const mention = await postToSlack(
      bot.url,
      eventCallback(appMentionEvent(`<@UBOT> when does Lisbon end? ${marker}`, { channel: "C-info" })),
    );
    const teams = await postToTeams(bot.url, personalMessage(connector.url, `status of Milan ${marker}`));

    expect(await logs.waitFor(slackSummary(command.requestId))).toMatchObject({ level: 30, kind: "command" });
    expect(await logs.waitFor(slackSummary(mention.requestId))).toMatchObject({ level: 30, name: "app_mention" });
    expect(await logs.waitFor(teamsSummary(teams.requestId))).toMatchObject({ level: 30, kind: "message" });
    expect(logs.lines.some((line) => line.msg === "chat answered")).toBe(false);
    const written = logs.everything();
    for (const secret of [marker, PASTED_TOKEN, BOT_TOKEN, SIGNING_SECRET]) expect(written).not.toContain(secret);
  });

  it("writes a failed request's line before the error, saying it failed", async () => {
    api.fail("chat.postMessage", { error: "channel_not_found" });
    try {
      const mention = await postToSlack(
        bot.url,
        eventCallback(appMentionEvent(`<@UBOT> status of Milan ${marker}`, { channel: "C-gone" })),
      );
      const failure = await logs.waitFor((line) => line.msg === "Slack request failed");
      expect(failure.requestId).toBe(mention.requestId);
      const summary = logs.lines.find(slackSummary(mention.requestId));
      expect(summary).toMatchObject({ outcome: "failed" });
      expect(logs.lines.indexOf(summary!)).toBeLessThan(logs.lines.indexOf(failure));
      expect(logs.everything()).not.toContain(marker);
    } finally {
      api.succeed("chat.postMessage");
    }
  });
});

describe("LOG_LEVEL=warn", () => {
  const logs = new LogLines();
  const target = pglite.newTarget();
  let api: FakeSlackApi;
  let bot: RunningBot;

  beforeAll(async () => {
    api = await FakeSlackApi.start();
    bot = await startLoggedBot(target, api, logs, { LOG_LEVEL: "warn" });
  });
  afterAll(async () => {
    await bot?.stop();
    await disposeTestTarget(target);
    await api?.stop();
  });

  it("leaves out the per-request line, and keeps the errors, with their request id", async () => {
    api.fail("chat.postMessage", { error: "channel_not_found" });
    const mention = await postToSlack(
      bot.url,
      eventCallback(appMentionEvent("<@UBOT> status of Milan", { channel: "C-gone" })),
    );
    // The request's line would come before its error (see the info-level spec); there is none.
    const failure = await logs.waitFor((line) => line.msg === "Slack request failed");
    expect(failure.requestId).toBe(mention.requestId);
    expect(logs.lines.filter((line) => line.msg === "Slack request handled")).toEqual([]);
    expect(logs.lines.every((line) => line.level >= 40)).toBe(true);
  });
});

describe("Slack over Socket Mode", () => {
  const logs = new LogLines();
  let api: FakeSlackApi;
  let socketMode: FakeSocketMode;
  let bot: RunningBot;

  beforeAll(async () => {
    api = await FakeSlackApi.start();
    socketMode = await FakeSocketMode.start(api);
    const config = loadConfig({
      PORT: "0",
      REMINDERS: "off",
      LOG_LEVEL: "debug",
      SLACK_APP_TOKEN: "xapp-request-logging",
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_API_URL: socketMode.url,
    });
    bot = await startBot({
      config,
      clock: () => NOW,
      logger: createLogger(config.LOG_LEVEL, logs.stream),
      target: pglite.newTarget(),
    });
    await socketMode.connected();
  });
  afterAll(async () => {
    await bot?.stop();
    await socketMode?.stop();
    await api?.stop();
  });

  it("uses the envelope id as the request id, for Bolt's lines, the core's and the request's", async () => {
    const marker = `marker-${randomUUID()}`;
    const ack = await socketMode.deliver(
      slashCommand(`status Milan ${marker}`, { responseUrl: api.responseUrl("socket") }),
    );
    const summary = await logs.waitFor(slackSummary(ack.envelope_id));
    expect(summary).toMatchObject({ platform: "SLACK", kind: "command", outcome: "handled" });
    const answered = logs.lines.find((line) => line.msg === "chat answered");
    expect(answered).toMatchObject({ requestId: ack.envelope_id, text: expect.stringContaining(marker) });
    const acked = logs.lines.filter((line) => line.component === "slack-bolt" && line.msg.startsWith("ack()"));
    expect(acked.map((line) => line.requestId)).toContain(ack.envelope_id);
  });
});

describe("secrets at any level", () => {
  const logs = new LogLines();
  const target = pglite.newTarget();
  let api: FakeSlackApi;
  let connector: FakeBotConnector;
  let bot: RunningBot;

  beforeAll(async () => {
    api = await FakeSlackApi.start();
    connector = await FakeBotConnector.start();
    bot = await startLoggedBot(target, api, logs, {
      LOG_LEVEL: "trace",
      MicrosoftAppId: "00000000-0000-0000-0000-00000000b075",
      MicrosoftAppPassword: APP_PASSWORD,
      MicrosoftAppTenantId: "11111111-1111-1111-1111-111111111111",
    });
  });
  afterAll(async () => {
    await bot?.stop();
    await disposeTestTarget(target);
    await api?.stop();
    await connector?.stop();
  });

  it("never writes the bot token, the signing secret or the Teams app password, even at trace level", async () => {
    const command = await postToSlack(bot.url, slashCommand("status Milan", { responseUrl: api.responseUrl("trace") }));
    await logs.waitFor(slackSummary(command.requestId));
    // Without a Bot Framework token Teams refuses it; the SDK has checked it against the app's credentials.
    expect((await postToTeams(bot.url, personalMessage(connector.url, "status of Milan"))).status).toBe(401);

    expect(logs.lines.length).toBeGreaterThan(5);
    const written = logs.everything();
    for (const secret of [BOT_TOKEN, SIGNING_SECRET, APP_PASSWORD]) expect(written).not.toContain(secret);
  });

  it("describes a PostgreSQL DATABASE_URL, as the start-up line logs it, without its user or password", () => {
    const described = describeDatabaseTarget({
      kind: "postgres",
      url: "postgresql://iap:s3cr3t-pw@db.internal:5432/iap",
    });
    expect(described).toBe("PostgreSQL db.internal:5432/iap");
  });

  it("replaces secrets in objects logged whole, and bodies in lines above debug level", () => {
    const lines = new LogLines();
    const logger = createLogger("debug", lines.stream);
    logger.info(
      {
        text: "what someone typed",
        values: { title: "a form value" },
        headers: { authorization: `Bearer ${BOT_TOKEN}` },
        config: { SLACK_SIGNING_SECRET: SIGNING_SECRET, MicrosoftAppPassword: APP_PASSWORD },
      },
      "logged whole by mistake",
    );
    logger.debug({ text: "what someone typed" }, "traced");

    expect(lines.lines[0]).toMatchObject({
      text: "[omitted below debug level]",
      values: "[omitted below debug level]",
      headers: { authorization: "[redacted]" },
      config: { SLACK_SIGNING_SECRET: "[redacted]", MicrosoftAppPassword: "[redacted]" },
    });
    expect(lines.lines[1]).toMatchObject({ text: "what someone typed" });
    expect(lines.everything()).not.toContain(BOT_TOKEN);
  });
});
