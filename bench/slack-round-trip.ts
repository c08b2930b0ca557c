/**
 * The Slack half of `npm run bench`: a signed `/iap status …` through POST /slack/events under
 * concurrent load (autocannon), our bot beside a bare Bolt app that only acks, in the same run
 * on the same machine. Slack waits for the ack (3 s limit), so the ack's latency is what it
 * sees; the answer follows on the response_url, measured separately one request at a time.
 */
import { randomBytes } from "node:crypto";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { App, ExpressReceiver } from "@slack/bolt";
import autocannon from "autocannon";
import pg from "pg";
import { pino } from "pino";
import { startBot } from "../adapters/server/start-bot.js";
import { loadConfig } from "../src/config/config.js";
import type { DatabaseTarget } from "../src/db/database-target.js";
import { quoteIdentifier } from "../src/db/open-database.js";
import { FakeSlackApi } from "../test/support/fake-slack-api.js";
import { SIGNING_SECRET, signatureHeaders, slashCommand } from "../test/support/slack-requests.js";

const SECONDS = Number(process.env.BENCH_SLACK_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_SLACK_CONNECTIONS ?? 10);
/**
 * Requests per second across all connections. A fixed rate, not "as fast as possible": flat out,
 * the bare app acks and idles while ours also answers each command, so the comparison would
 * measure queueing, not the ack path. 50/s is far beyond a working group's traffic.
 */
const RATE = Number(process.env.BENCH_SLACK_RATE ?? 50);
const WARM_UP_SECONDS = 3;
const SEQUENTIAL = Number(process.env.BENCH_SLACK_SEQUENTIAL ?? 200);
const QUESTIONS = ["status Milan", "status Kiev", "status HCMC", "status Chongqing", "status Lisbon"];
const SIGN_REQUEST = fileURLToPath(new URL("./sign-slack-command.cjs", import.meta.url));

interface LoadFigures {
  readonly name: string;
  readonly p50: number;
  readonly p99: number;
  readonly requests: number;
  readonly non2xx: number;
}

/**
 * autocannon in a worker thread (so its own work stays off the measured apps' event loop), each
 * request a freshly signed slash command (bench/sign-slack-command.cjs).
 */
async function load(name: string, url: string, responseUrl: string, seconds = SECONDS): Promise<LoadFigures> {
  process.env.BENCH_SLACK_SIGNING_SECRET = SIGNING_SECRET;
  process.env.BENCH_SLACK_RESPONSE_URL = responseUrl; // read by the worker, which copies the environment
  const result = await autocannon({
    url: `${url}/slack/events`,
    connections: CONNECTIONS,
    duration: seconds,
    overallRate: RATE,
    workers: 1,
    requests: [{ method: "POST", setupRequest: SIGN_REQUEST as never }],
  });
  return {
    name,
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    non2xx: result.non2xx,
  };
}

/** The floor: Bolt verifying the signature and acking, nothing else. */
async function startBareBolt(api: FakeSlackApi): Promise<{ url: string; stop(): Promise<void> }> {
  const receiver = new ExpressReceiver({ signingSecret: SIGNING_SECRET });
  const app = new App({ token: "xoxb-bench", receiver, clientOptions: { slackApiUrl: api.url } });
  app.command("/iap", async ({ ack }) => {
    await ack();
  });
  const server: Server = receiver.app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** One request at a time: from sending the command to its answer arriving on the response_url. */
async function answerLatency(url: string, api: FakeSlackApi): Promise<{ p50: number; p99: number }> {
  const samples: number[] = [];
  for (let index = 0; index < SEQUENTIAL; index++) {
    const id = `answer-${index}`;
    const { body, contentType } = slashCommand(QUESTIONS[index % QUESTIONS.length]!, {
      responseUrl: api.responseUrl(id),
    });
    const start = performance.now();
    const answered = api.waitFor((call) => call.responseId === id);
    await fetch(`${url}/slack/events`, {
      method: "POST",
      headers: { "content-type": contentType, ...signatureHeaders(body) },
      body,
    });
    await answered;
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  const at = (p: number) => samples[Math.min(samples.length - 1, Math.ceil((p / 100) * samples.length) - 1)]!;
  return { p50: at(50), p99: at(99) };
}

export async function benchSlackRoundTrip(postgresUrl: string): Promise<void> {
  const api = await FakeSlackApi.start();
  const schema = `iap_bench_slack_${randomBytes(4).toString("hex")}`;
  const target: DatabaseTarget = { kind: "postgres", url: postgresUrl, schema };
  const bot = await startBot({
    config: loadConfig({
      PORT: "0",
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_BOT_TOKEN: "xoxb-bench",
      SLACK_API_URL: api.url,
      DATABASE_URL: postgresUrl,
    }),
    clock: () => new Date(),
    logger: pino({ level: "silent" }),
    target,
  });
  const bare = await startBareBolt(api);
  try {
    process.stderr.write(`Slack: ${SECONDS} s of signed /iap commands at ${RATE}/s against each app…\n`);
    // Unmeasured first: tsx compiles modules on first use and V8 optimises hot paths, which made
    // the first seconds' p99 several hundred milliseconds for reasons no user would see twice.
    await load("warm-up", bare.url, api.responseUrl("warm-up"), WARM_UP_SECONDS);
    await load("warm-up", bot.url, api.responseUrl("warm-up"), WARM_UP_SECONDS);
    const rows = [
      await load("bare Bolt app (ack only)", bare.url, api.responseUrl("bare")),
      await load("iap-bot on PostgreSQL (ack, then answer)", bot.url, api.responseUrl("load")),
    ];
    // Answers queue behind the acks (ANSWERS_AT_ONCE): how long the last one took to go out.
    const loadEnded = performance.now();
    const answered = () => api.calls.filter((call) => call.responseId === "load").length;
    while (answered() < rows[1]!.requests) await new Promise((resolve) => setTimeout(resolve, 5));
    const drained = performance.now() - loadEnded;
    const answers = await answerLatency(bot.url, api);
    const ms = (value: number) => `${value.toFixed(1)} ms`.padStart(9);
    console.log(
      `\nSlack /iap round trip through POST /slack/events: ${RATE} requests/s over ${CONNECTIONS} connections for ${SECONDS} s (autocannon)\n`,
    );
    console.log(
      `${"app".padEnd(42)} ${"ack p50".padStart(9)} ${"ack p99".padStart(9)} ${"requests".padStart(9)} ${"non-2xx".padStart(8)}`,
    );
    for (const row of rows) {
      console.log(
        `${row.name.padEnd(42)} ${ms(row.p50)} ${ms(row.p99)} ${String(row.requests).padStart(9)} ${String(row.non2xx).padStart(8)}`,
      );
    }
    const [floor, ours] = rows as [LoadFigures, LoadFigures];
    console.log(
      `ack p99 ratio, iap-bot / bare Bolt: ${(ours.p99 / Math.max(floor.p99, 0.001)).toFixed(2)}× (target ≤ 1.5×)`,
    );
    console.log(`every command answered on its response_url; the last ${drained.toFixed(0)} ms after the load stopped`);
    console.log(
      `answer on the response_url, one command at a time (${SEQUENTIAL}): median ${answers.p50.toFixed(1)} ms, p99 ${answers.p99.toFixed(1)} ms`,
    );
  } finally {
    await bare.stop();
    await bot.stop();
    await api.stop();
    const admin = new pg.Client({ connectionString: postgresUrl });
    await admin.connect();
    await admin.query(`DROP SCHEMA IF EXISTS ${quoteIdentifier(schema)} CASCADE`);
    await admin.end();
  }
}
