/**
 * The replicas part of `npm run bench` (issue 6): answer latency as a person waits for it, from a
 * signed `/iap status <city>` to its answer arriving on the response_url, at 50 and 200 concurrent
 * requests, on one and on two replicas of the production entry (dist/app/adapters/server/main.js,
 * built and run with the node flags `npm start` uses, each its own process on one PostgreSQL
 * schema), beside a bare Bolt app compiled the same way in its own process; then the peak resident
 * memory of every process. CPU per answer (the app, its PostgreSQL backends, this harness) says
 * what the machine can carry whatever else runs on it.
 */
import { randomBytes } from "node:crypto";
import pg from "pg";
import { quoteIdentifier } from "../src/db/open-database.js";
import { FakeSlackApi } from "../test/support/fake-slack-api.js";
import { npmStartCommand } from "../test/support/run-cli.js";
import { SIGNING_SECRET } from "../test/support/slack-requests.js";
import { type AppProcess, buildApps, readProcessCpuSeconds, startAppProcess } from "./app-process.js";
import { type ClosedLoopFigures, type Question, runClosedLoop } from "./closed-loop.js";

const SECONDS = Number(process.env.BENCH_REPLICAS_SECONDS ?? 10);
const WARM_UP_SECONDS = Number(process.env.BENCH_REPLICAS_WARM_UP_SECONDS ?? Math.min(3, SECONDS));
const CONCURRENCIES = [50, 200] as const;
/**
 * 0, the issue's reading: every virtual user has a command in flight all the time. Set it (e.g.
 * 5000: 200 people each asking every 5 s) to see the latency of that many people at work instead.
 */
const THINK_MS = Number(process.env.BENCH_REPLICAS_THINK_MS ?? 0);
/**
 * The paced rows: 200 people each asking again 2 s after their answer (about 100 questions a second
 * offered), the load of a city-wide staff at its busiest rather than a machine at saturation.
 */
const PACED_THINK_MS = Number(process.env.BENCH_REPLICAS_PACED_THINK_MS ?? 2000);
/**
 * Node flags for the replicas after `npm start`'s own (a repeated V8 flag: the last wins), e.g.
 * BENCH_REPLICAS_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/profiles".
 */
const NODE_ARGS = (process.env.BENCH_REPLICAS_NODE_ARGS ?? "").split(" ").filter(Boolean);
const BOT_TOKEN = "xoxb-bench";
/** Names the replicas' PostgreSQL connections (pg reads application_name from the URL), to find their backends. */
const APPLICATION_NAME = "iap-bench-replica";
const QUESTIONS: readonly Question[] = [
  { text: "status Milan", answerMentions: "Milan" },
  { text: "status Kiev", answerMentions: "Kyiv" },
  { text: "status HCMC", answerMentions: "Ho Chi Minh" },
  { text: "status Chongqing", answerMentions: "Chongqing" },
  { text: "status Lisbon", answerMentions: "Lisbon" },
];
/** The bare app's fixed answer. */
const FIXED_ANSWER: Question = { text: "status Milan", answerMentions: "A fixed answer." };

export const REPLICA_TARGETS = {
  p99Ms: 100,
  atConcurrency: 200,
  onReplicas: 2,
  rssMb: 200,
} as const;

export interface ReplicaRow extends ClosedLoopFigures {
  readonly app: "iap-bot" | "bare Bolt";
  readonly replicas: number;
  readonly concurrency: number;
  /** Each virtual user's pause between an answer and its next command. */
  readonly thinkMs: number;
  /** CPU milliseconds per answer over the run: the app's processes, their PostgreSQL backends, this harness. */
  readonly cpuMsPerAnswer: { readonly app: number; readonly postgres: number; readonly harness: number };
}

export interface ProcessMemory {
  readonly name: string;
  readonly pid: number;
  readonly peakMb: number;
  readonly rssMb: number;
}

export interface ReplicaFigures {
  readonly rows: readonly ReplicaRow[];
  readonly memory: readonly ProcessMemory[];
}

/** postgresql://…/test?schema=<schema>&application_name=…, keeping whatever else the URL says. */
function replicaDatabaseUrl(postgresUrl: string, schema: string): string {
  const url = new URL(postgresUrl);
  url.searchParams.set("schema", schema);
  url.searchParams.set("application_name", APPLICATION_NAME);
  return url.toString();
}

async function startReplicas(api: FakeSlackApi, databaseUrl: string): Promise<AppProcess[]> {
  const env = {
    DATABASE_URL: databaseUrl,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_API_URL: api.url,
    // The tick is measured on its own (bench/reminder-tick.ts); here the replicas only answer.
    REMINDERS: "off",
    LOG_LEVEL: "warn",
    // A bench of the answer path, not of the limiter: limits off (0), though every request
    // already comes from its own person in its own channel.
    RATE_LIMIT_USER_PER_MINUTE: "0",
    RATE_LIMIT_CONVERSATION_PER_MINUTE: "0",
    RATE_LIMIT_SUBMISSIONS_PER_HOUR: "0",
  };
  const { entry, nodeArgs } = await npmStartCommand();
  const start = (name: string) =>
    startAppProcess({ name, entry, env, readyPath: "/readyz", nodeArgs: [...nodeArgs, ...NODE_ARGS] });
  // The first migrates and seeds the schema; the second then starts on it as a later replica would.
  const first = await start("iap-bot replica 1");
  try {
    return [first, await start("iap-bot replica 2")];
  } catch (error) {
    await first.stop();
    throw error;
  }
}

async function startBareApps(api: FakeSlackApi): Promise<AppProcess[]> {
  const env = { SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_API_URL: api.url };
  // The bot's heap settings, so that the two differ only in what the bot does.
  const { nodeArgs } = await npmStartCommand();
  const start = (name: string) =>
    startAppProcess({ name, entry: "dist/bench/bare-bolt-process.js", env, readyPath: "/healthz", nodeArgs });
  const first = await start("bare Bolt 1");
  try {
    return [first, await start("bare Bolt 2")];
  } catch (error) {
    await first.stop();
    throw error;
  }
}

/** CPU seconds so far of every PostgreSQL backend serving a replica, by pid. */
async function readBackendCpu(admin: pg.Client): Promise<Map<number, number>> {
  const { rows } = await admin.query<{ pid: number }>("SELECT pid FROM pg_stat_activity WHERE application_name = $1", [
    APPLICATION_NAME,
  ]);
  const cpu = new Map<number, number>();
  for (const { pid } of rows) {
    // A backend that ended since the query is simply not counted.
    const seconds = await readProcessCpuSeconds(pid).catch(() => null);
    if (seconds !== null) cpu.set(pid, seconds);
  }
  return cpu;
}

/** What a run cost in CPU seconds: the app's processes, their PostgreSQL backends, this harness. */
async function meterCpu(admin: pg.Client, processes: readonly AppProcess[]) {
  const appSeconds = async () => {
    const each = await Promise.all(processes.map((child) => child.readCpuSeconds()));
    return each.reduce((sum, seconds) => sum + seconds, 0);
  };
  const appBefore = await appSeconds();
  const backendsBefore = await readBackendCpu(admin);
  const harnessBefore = process.cpuUsage();
  return async () => {
    const harness = process.cpuUsage(harnessBefore);
    const app = (await appSeconds()) - appBefore;
    let postgres = 0;
    // Backends opened during the run count from zero; one closed during it is missed.
    for (const [pid, seconds] of await readBackendCpu(admin)) postgres += seconds - (backendsBefore.get(pid) ?? 0);
    return { app, postgres, harness: (harness.user + harness.system) / 1e6 };
  };
}

async function measure(
  api: FakeSlackApi,
  admin: pg.Client,
  app: ReplicaRow["app"],
  processes: readonly AppProcess[],
  concurrency: number,
  thinkMs = THINK_MS,
): Promise<ReplicaRow> {
  process.stderr.write(
    `replicas: ${app} ×${processes.length}, ${concurrency} concurrent, pause ${thinkMs} ms, ${WARM_UP_SECONDS} s warm-up + ${SECONDS} s…\n`,
  );
  const cpuSpent = await meterCpu(admin, processes);
  const figures = await runClosedLoop(api, {
    targets: processes.map((child) => child.url),
    concurrency,
    warmUpSeconds: WARM_UP_SECONDS,
    seconds: SECONDS,
    thinkMs,
    questions: app === "iap-bot" ? QUESTIONS : [FIXED_ANSWER],
    runId: `${app.replace(/\W/g, "")}${processes.length}x${concurrency}p${thinkMs}`,
  });
  // Over the whole run, warm-up included: /proc counts CPU in 10 ms ticks, too coarse to split finely.
  const cpu = await cpuSpent();
  const perAnswer = (seconds: number) => (seconds * 1000) / Math.max(1, figures.answersInRun);
  return {
    app,
    replicas: processes.length,
    concurrency,
    thinkMs,
    ...figures,
    cpuMsPerAnswer: { app: perAnswer(cpu.app), postgres: perAnswer(cpu.postgres), harness: perAnswer(cpu.harness) },
  };
}

/** Runs every (app, replicas, concurrency) row, prints the table and the memory, and returns both. */
export async function benchReplicas(postgresUrl: string): Promise<ReplicaFigures> {
  await buildApps();
  const api = await FakeSlackApi.start();
  const schema = `iap_bench_replicas_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: postgresUrl });
  await admin.connect();
  const running: AppProcess[] = [];
  try {
    const replicas = await startReplicas(api, replicaDatabaseUrl(postgresUrl, schema));
    running.push(...replicas);
    const bare = await startBareApps(api);
    running.push(...bare);
    const rows: ReplicaRow[] = [];
    for (const [app, processes] of [
      ["bare Bolt", bare],
      ["iap-bot", replicas],
    ] as const) {
      for (const count of [1, 2]) {
        for (const concurrency of CONCURRENCIES) {
          rows.push(await measure(api, admin, app, processes.slice(0, count), concurrency));
        }
      }
    }
    if (THINK_MS === 0 && PACED_THINK_MS > 0) {
      rows.push(await measure(api, admin, "bare Bolt", bare, REPLICA_TARGETS.atConcurrency, PACED_THINK_MS));
      for (const count of [1, 2]) {
        rows.push(
          await measure(api, admin, "iap-bot", replicas.slice(0, count), REPLICA_TARGETS.atConcurrency, PACED_THINK_MS),
        );
      }
    }
    const memory: ProcessMemory[] = [];
    for (const child of running) memory.push({ name: child.name, pid: child.pid, ...(await child.readMemory()) });
    printReplicaFigures({ rows, memory });
    return { rows, memory };
  } finally {
    await Promise.all(running.map((child) => child.stop()));
    await api.stop();
    await admin.query(`DROP SCHEMA IF EXISTS ${quoteIdentifier(schema)} CASCADE`);
    await admin.end();
  }
}

const ms = (value: number) => (Number.isNaN(value) ? "—" : `${value.toFixed(1)} ms`);

/** True for the row the issue sets its latency target on. */
export function isTargetRow(row: ReplicaRow): boolean {
  return (
    row.app === "iap-bot" &&
    row.replicas === REPLICA_TARGETS.onReplicas &&
    row.concurrency === REPLICA_TARGETS.atConcurrency &&
    row.thinkMs === THINK_MS
  );
}

function printReplicaFigures({ rows, memory }: ReplicaFigures): void {
  console.log(
    `\nSlack /iap answer latency, closed loop: each virtual user sends a signed command, waits for its answer on the response_url, sends the next${THINK_MS > 0 ? ` ${THINK_MS} ms later` : ""}; ${SECONDS} s after ${WARM_UP_SECONDS} s warm-up; two replicas take turns (round robin)\n`,
  );
  const widths = [10, 8, 10, 8, 10, 10, 9, 9, 6, 7, 7, 7];
  const line = (cells: readonly string[]) =>
    cells.map((cell, index) => (index === 0 ? cell.padEnd(widths[0]!) : cell.padStart(widths[index]!))).join(" ");
  console.log(`${" ".repeat(98)}CPU ms per answer`);
  console.log(
    line([
      "app",
      "replicas",
      "concurrent",
      "pause",
      "p50",
      "p99",
      "answers/s",
      "ack p99",
      "errors",
      "app",
      "PG",
      "bench",
    ]),
  );
  for (const row of rows) {
    const cells = [
      row.app,
      String(row.replicas),
      String(row.concurrency),
      row.thinkMs > 0 ? `${(row.thinkMs / 1000).toFixed(1)} s` : "none",
      ms(row.p50),
      ms(row.p99),
      row.answersPerSecond.toFixed(0),
      ms(row.ackP99),
      String(row.errors),
      row.cpuMsPerAnswer.app.toFixed(2),
      row.cpuMsPerAnswer.postgres.toFixed(2),
      row.cpuMsPerAnswer.harness.toFixed(2),
    ];
    console.log(`${line(cells)}${isTargetRow(row) ? `  ← target: p99 < ${REPLICA_TARGETS.p99Ms} ms` : ""}`);
  }
  if (THINK_MS === 0) {
    // Little's law, so nobody reads the latency column without the throughput beside it.
    console.log(
      "With no pause, mean latency = concurrency / throughput: under 100 ms at 200 concurrent takes over 2,000 answers/s.",
    );
    console.log(
      `Paced rows: ${REPLICA_TARGETS.atConcurrency} people, each asking again ${PACED_THINK_MS / 1000} s after their answer.`,
    );
  }
  console.log(
    `\npeak resident memory per process (VmHWM; now: VmRSS), target under ${REPLICA_TARGETS.rssMb} MB each\n`,
  );
  for (const entry of memory) {
    const over = entry.peakMb < REPLICA_TARGETS.rssMb ? "" : "   over target";
    console.log(
      `${entry.name.padEnd(20)} pid ${String(entry.pid).padEnd(8)} peak ${`${entry.peakMb.toFixed(0)} MB`.padStart(7)}   now ${`${entry.rssMb.toFixed(0)} MB`.padStart(7)}${over}`,
    );
  }
}
