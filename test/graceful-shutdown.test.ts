import { randomBytes } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type RunningBot, startBot } from "../adapters/server/start-bot.js";
import { loadConfig } from "../src/config/config.js";
import type { DatabaseTarget } from "../src/db/database-target.js";
import { importRegistry } from "../src/registry/import-registry.js";
import { anAgreement, aRegistryDocument } from "./support/agreement-builder.js";
import { type BotProcess, startBotProcess } from "./support/bot-process.js";
import { FakeSlackApi } from "./support/fake-slack-api.js";
import { NOW } from "./support/slack-bot.js";
import { LogCapture } from "./support/slack-log-capture.js";
import { postToSlack, SIGNING_SECRET, slashCommand, textsOf } from "./support/slack-requests.js";
import { disposeTestTarget } from "./support/test-databases.js";
import { testPostgresUrl } from "./support/test-postgres-url.js";

/** What became of one slash command: Slack's HTTP status, or the connection error it got instead. */
type Outcome = { readonly id: string; readonly status: number } | { readonly id: string; readonly error: string };

/** `/iap status Milan` from its own person in its own channel (a burst from many, within the rate limits). */
async function sendStatusCommand(botUrl: string, api: FakeSlackApi, id: string, asker = 1): Promise<Outcome> {
  const command = slashCommand("status Milan", {
    responseUrl: api.responseUrl(id),
    user: `U${1000 + asker}`,
    channel: `C${1000 + asker}`,
  });
  try {
    const response = await postToSlack(botUrl, command);
    return { id, status: response.status };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause;
    return { id, error: cause?.code ?? String(error) };
  }
}

const acceptedIn = (outcomes: readonly Outcome[]) =>
  outcomes.filter((outcome) => "status" in outcome && outcome.status === 200).map((outcome) => outcome.id);

/** Turned away visibly: a 503, or a connection refused or reset; never a 200 nor another error status. */
const turnedAway = (outcome: Outcome) => ("status" in outcome ? outcome.status === 503 : true);

/** A fresh schema on the test PostgreSQL, as a DATABASE_URL for the bot process. */
function freshPostgres(): { target: DatabaseTarget; url: string } {
  const schema = `iap_test_${process.pid}_${randomBytes(4).toString("hex")}`;
  const url = new URL(testPostgresUrl());
  url.searchParams.set("schema", schema);
  return { target: { kind: "postgres", url: testPostgresUrl(), schema }, url: url.toString() };
}

function botEnvironment(api: FakeSlackApi, databaseUrl: string, env: Record<string, string> = {}) {
  return {
    PORT: "0",
    DATABASE_URL: databaseUrl,
    LOG_LEVEL: "info",
    REMINDERS: "off",
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_BOT_TOKEN: "xoxb-test",
    SLACK_API_URL: api.url,
    ...env,
  };
}

describe("the bot process stopping on SIGTERM (PostgreSQL)", () => {
  let api: FakeSlackApi;
  let bot: BotProcess | undefined;
  let database: ReturnType<typeof freshPostgres>;
  let release = () => {};

  beforeAll(async () => {
    api = await FakeSlackApi.start();
  });
  afterEach(async () => {
    release();
    if (bot && bot.child.exitCode === null && bot.child.signalCode === null) bot.child.kill("SIGKILL");
    await bot?.exited;
    bot = undefined;
    await disposeTestTarget(database.target);
  });
  afterAll(async () => {
    await api?.stop();
  });

  it("answers every slash command it acknowledged, exactly once, turns the rest away visibly, and exits 0 within SHUTDOWN_TIMEOUT_MS", {
    timeout: 180_000,
  }, async () => {
    const BURST = 100;
    const AFTER_SIGNAL = 20;
    // Not the 20 s default: answers run two at a time, and on a loaded test machine a hundred of them
    // can take longer than that, which is speed, not shutdown. Exiting 0 says stop() ended before the bound.
    const BOUND_MS = 60_000;
    database = freshPostgres();
    bot = await startBotProcess(botEnvironment(api, database.url, { SHUTDOWN_TIMEOUT_MS: String(BOUND_MS) }));
    const running = bot;
    // Slack's response_urls answer only when released: the answers are still going out at the signal.
    release = api.hold("respond");

    let acknowledged = 0;
    let halfAcknowledged = () => {};
    const half = new Promise<void>((resolve) => {
      halfAcknowledged = resolve;
    });
    const burst = Array.from({ length: BURST }, async (_, index) => {
      const outcome = await sendStatusCommand(running.url, api, `burst-${index}`, index);
      if ("status" in outcome && outcome.status === 200 && ++acknowledged === BURST / 2) halfAcknowledged();
      return outcome;
    });
    await half;
    await api.waitFor((call) => call.method === "respond");

    const signalled = Date.now();
    running.child.kill("SIGTERM");
    await running.waitForLog((entry) => entry.msg === "shutting down");
    const late = await Promise.all(
      Array.from({ length: AFTER_SIGNAL }, (_, index) =>
        sendStatusCommand(running.url, api, `late-${index}`, BURST + index),
      ),
    );
    const inBurst = await Promise.all(burst);
    release();
    const code = await running.exited;
    const tookMs = Date.now() - signalled;

    expect(code).toBe(0);
    expect(tookMs).toBeLessThan(BOUND_MS); // the correctness bound a load balancer relies on, not a speed target
    const accepted = acceptedIn([...inBurst, ...late]);
    expect(accepted.length).toBeGreaterThanOrEqual(BURST / 2);
    expect(acceptedIn(late)).toEqual([]);
    const refused = [...inBurst, ...late].filter((outcome) => !accepted.includes(outcome.id));
    expect(refused.filter((outcome) => !turnedAway(outcome))).toEqual([]);
    expect(refused.length).toBeGreaterThanOrEqual(AFTER_SIGNAL);

    const answers = api.callsOf("respond");
    const answersPer = new Map<string, number>();
    for (const answer of answers) answersPer.set(answer.responseId!, (answersPer.get(answer.responseId!) ?? 0) + 1);
    expect(Object.fromEntries(answersPer)).toEqual(Object.fromEntries(accepted.map((id) => [id, 1])));
    for (const answer of answers) expect(textsOf(answer.body.blocks)).toContain("*Category*\nPartnership City");

    const waiting = running.logs.find((entry) => entry.msg === "waiting for answers under way");
    expect(waiting?.answers).toBeGreaterThan(0);
    expect(running.logs.some((entry) => entry.msg === "stopped")).toBe(true);
    expect(running.logs.filter((entry) => (entry.level as number) >= 50)).toEqual([]);
  });

  it("exits 1 once SHUTDOWN_TIMEOUT_MS has passed when an answer hangs, saying it gave up", {
    timeout: 180_000,
  }, async () => {
    const BOUND_MS = 1_500;
    /** Room for the process to exit once its timer fires; the hang itself never ends. */
    const EXIT_MARGIN_MS = 10_000;
    database = freshPostgres();
    bot = await startBotProcess(botEnvironment(api, database.url, { SHUTDOWN_TIMEOUT_MS: String(BOUND_MS) }));
    const running = bot;
    // This response_url never answers while the process lives.
    release = api.hold("respond");
    expect(await sendStatusCommand(running.url, api, "hangs")).toEqual({ id: "hangs", status: 200 });
    await api.waitFor((call) => call.method === "respond" && call.responseId === "hangs");

    const signalled = Date.now();
    running.child.kill("SIGTERM");
    const code = await running.exited;
    const tookMs = Date.now() - signalled;

    expect(code).toBe(1);
    expect(tookMs).toBeLessThan(BOUND_MS + EXIT_MARGIN_MS);
    const gaveUp = running.logs.find((entry) => entry.msg === "shutdown took too long; exiting anyway");
    expect(gaveUp).toMatchObject({ afterMs: BOUND_MS });
    expect(running.logs.some((entry) => entry.msg === "stopped")).toBe(false);
  });
});

const WORKING_GROUP = "C0WORKING";
const LATER = new Date(NOW.getTime() + 60 * 60 * 1000);

/**
 * The scheduler's side of a stop, in-process: a reminder tick is posting to Slack when the bot is
 * asked to stop. The clock is 09:00 EST on 2 March 2026, when Port City's 30-day reminder is due.
 */
describe("a bot stopping while a reminder tick is posting (PostgreSQL)", () => {
  let api: FakeSlackApi;
  let database: ReturnType<typeof freshPostgres>;
  const running: RunningBot[] = [];
  let release = () => {};

  const start = async (clock: () => Date) => {
    const bot = await startBot({
      config: loadConfig({
        PORT: "0",
        REMINDERS: "on",
        WORKING_GROUP_CHANNEL_SLACK: WORKING_GROUP,
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_BOT_TOKEN: "xoxb-test",
        SLACK_API_URL: api.url,
      }),
      clock,
      logger: new LogCapture().logger,
      target: database.target,
      scheduler: { cron: false },
    });
    running.push(bot);
    return bot;
  };

  beforeAll(async () => {
    api = await FakeSlackApi.start();
    database = freshPostgres();
  });
  afterAll(async () => {
    release();
    for (const bot of running) await bot.stop().catch(() => {});
    await disposeTestTarget(database.target);
    await api?.stop();
  });

  it("finishes the tick, turns new requests away with 503 meanwhile, and leaves what Slack refused PENDING for the next process", {
    timeout: 60_000,
  }, async () => {
    const first = await start(() => NOW);
    const imported = await importRegistry(first.core.database.prisma, {
      fileName: "reminders.json",
      text: JSON.stringify(aRegistryDocument(anAgreement("port-city").expiring("2026-04-01"))),
      now: NOW,
    });
    if (!imported.ok) throw new Error(JSON.stringify(imported.problems));
    release = api.hold("chat.postMessage");
    api.failNext("chat.postMessage", { status: 500 });

    const order: string[] = [];
    const tick = first.scheduler!.tickNow().then((report) => {
      order.push("tick finished");
      return report;
    });
    await api.waitFor((call) => call.method === "chat.postMessage");
    const stopped = first.stop().then(() => order.push("bot stopped"));

    const ready = await fetch(`${first.url}/readyz`);
    expect(ready.status).toBe(503);
    expect(ready.headers.get("connection")).toBe("close");
    expect((await fetch(`${first.url}/healthz`)).status).toBe(200);
    expect(await sendStatusCommand(first.url, api, "while-stopping")).toEqual({ id: "while-stopping", status: 503 });

    release();
    const report = await tick;
    await stopped;
    expect(order).toEqual(["tick finished", "bot stopped"]);
    expect(report.tick.queued).toBeGreaterThanOrEqual(1);
    expect(report.drain.failed).toBe(1);
    expect(api.callsOf("respond").filter((call) => call.responseId === "while-stopping")).toEqual([]);

    const next = await start(() => LATER);
    const prisma = next.core.database.prisma;
    const left = await prisma.outboxMessage.findMany({ where: { state: { not: "SENT" } } });
    expect(left).toEqual([expect.objectContaining({ state: "PENDING", attempts: 1, target: WORKING_GROUP })]);
    expect(await prisma.outboxMessage.count({ where: { state: "SENT" } })).toBe(report.drain.sent);

    expect((await next.scheduler!.tickNow()).drain).toEqual({ sent: 1, failed: 0 });
    expect(await prisma.outboxMessage.count({ where: { state: { not: "SENT" } } })).toBe(0);
    const posts = api.callsOf("chat.postMessage").map((call) => call.body.text as string);
    const retried = posts[0]!;
    expect(posts.filter((text) => text === retried)).toHaveLength(2); // refused once, then posted once
    expect(posts.some((text) => text.startsWith("Port City: term ends in 30 days"))).toBe(true);
  });
});
