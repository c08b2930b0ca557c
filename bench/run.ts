/**
 * npm run bench: how fast the bot answers, measured (never asserted in tests).
 * Prints median and p99 for a status question against the seeded registry and against a
 * generated registry of 100,000 agreements, on PGlite and on PostgreSQL, and intent parsing alone;
 * then a signed Slack /iap round trip under load beside a bare Bolt app (bench/slack-round-trip.ts),
 * then answer latency at 50 and 200 concurrent requests on one and two replicas of `npm start`
 * beside a bare Bolt app, with each process's peak memory (bench/replicas.ts),
 * then one reminder scheduler tick over 100,000 agreements (bench/reminder-tick.ts);
 * a full run ends with a summary of issue 6's figures (bench/print-summary.ts).
 */
import { randomBytes } from "node:crypto";
import { performance } from "node:perf_hooks";
import pg from "pg";
import { registrySeed } from "../prisma/seed/registry-seed.js";
import { answerQuestion, type ConversationDeps } from "../src/conversation/answer-question.js";
import { parseIntent } from "../src/conversation/parse-intent.js";
import { applyMigrations } from "../src/db/apply-migrations.js";
import type { DatabaseTarget } from "../src/db/database-target.js";
import { type Database, openDatabase, quoteIdentifier } from "../src/db/open-database.js";
import { seedRegistry } from "../src/registry/seed-registry.js";
import { percentile } from "./percentile.js";
import { printSummary } from "./print-summary.js";
import { benchReminderTick } from "./reminder-tick.js";
import { benchReplicas } from "./replicas.js";
import { benchSlackRoundTrip } from "./slack-round-trip.js";

const GENERATED = Number(process.env.BENCH_AGREEMENTS ?? 100_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 500);
const POSTGRES_URL = process.env.TEST_DATABASE_URL || "postgresql://root@127.0.0.1:5432/test";
const now = () => new Date("2026-11-22T15:00:00Z");

interface Row {
  readonly database: string;
  readonly registry: string;
  readonly question: string;
  readonly p50: number;
  readonly p99: number;
}

async function time(
  rounds: number,
  work: (index: number) => Promise<unknown> | unknown,
): Promise<{ p50: number; p99: number }> {
  for (let index = 0; index < Math.min(50, rounds); index++) await work(index); // warm-up
  const samples: number[] = [];
  for (let index = 0; index < rounds; index++) {
    const start = performance.now();
    await work(index);
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  return { p50: percentile(samples, 50), p99: percentile(samples, 99) };
}

/** Inserts `count` synthetic agreements (two names each) in a few set-based statements. */
async function generateAgreements(database: Database, count: number): Promise<void> {
  await database.sql.exec(`
    INSERT INTO "Agreement" (slug, "counterpartyName", "counterpartyKind", city, country, category, sources, "updatedAt")
    SELECT 'gen-' || i, 'Gen ' || substr(md5(i::text), 1, 8), 'MUNICIPALITY', 'Gen ' || substr(md5(i::text), 1, 8),
           (ARRAY['Italy','China','Brazil','Japan','Poland','Germany','United States','Vietnam'])[1 + i % 8],
           (ARRAY['PARTNERSHIP_CITY','INTERNATIONAL_PROJECT','HISTORICAL']::"AgreementCategory"[])[1 + i % 3],
           '{}', now()
    FROM generate_series(1, ${count}) AS i;
    INSERT INTO "AgreementAlias" ("agreementId", alias, normalized)
    SELECT id, "counterpartyName", lower("counterpartyName") FROM "Agreement" WHERE slug LIKE 'gen-%';
    INSERT INTO "AgreementAlias" ("agreementId", alias, normalized)
    SELECT id, 'Alt ' || substr(md5(slug), 1, 10), 'alt ' || substr(md5(slug), 1, 10) FROM "Agreement" WHERE slug LIKE 'gen-%';
    INSERT INTO "Activity" ("agreementId", year, description)
    SELECT id, 2000 + id % 25, 'Generated activity' FROM "Agreement" WHERE slug LIKE 'gen-%';
    ANALYZE;`);
}

async function benchDatabase(name: string, target: DatabaseTarget): Promise<Row[]> {
  const database = await openDatabase(target);
  const rows: Row[] = [];
  try {
    await applyMigrations(database.sql);
    await seedRegistry(database.prisma, registrySeed, { now: now() });
    const deps: ConversationDeps = { prisma: database.prisma, clock: now, timeZone: "America/Toronto" };
    const ask = (text: string, index: number) => answerQuestion(deps, { conversationKey: `bench:${index % 20}`, text });
    const seeded = [
      "status of Milan",
      "what's happening with Chongqing?",
      "Kiev",
      "tell me about HCMC",
      "status of Rio",
    ];
    const misspelt = ["status of Chongquing", "Frankfrut", "Sagamihra", "Warsw", "Ho Chi Min"];
    const measure = async (registry: string, question: string, texts: readonly string[]) => {
      const result = await time(ROUNDS, (index) => ask(texts[index % texts.length]!, index));
      rows.push({ database: name, registry, question, ...result });
    };
    await measure("seeded (29)", "status, exact name or alias", seeded);
    await measure("seeded (29)", "status, misspelt name", misspelt);
    process.stderr.write(`${name}: generating ${GENERATED.toLocaleString()} agreements…\n`);
    await generateAgreements(database, GENERATED);
    const generated = Array.from({ length: 200 }, (_, index) => {
      const id = 1 + ((index * 7919) % GENERATED);
      return id;
    });
    const names = await database.sql.query<{ alias: string }>(
      `SELECT alias FROM "AgreementAlias" a JOIN "Agreement" g ON g.id = a."agreementId" WHERE g.slug = ANY($1::text[]) AND alias LIKE 'Gen %'`,
      [generated.map((id) => `gen-${id}`)],
    );
    const label = `generated (${(GENERATED + 29).toLocaleString()})`;
    await measure(label, "status, exact name or alias", [...seeded, ...names.map((row) => `status of ${row.alias}`)]);
    await measure(label, "status, misspelt name", misspelt);
    await measure(label, "list partnership cities in Italy (first 25)", ["list partnership cities in Italy"]);
  } finally {
    await database.close();
  }
  return rows;
}

/** The answers bench: the core alone, on both databases and at two registry sizes. */
async function benchAnswers(): Promise<void> {
  const questions = [
    "what's happening with Milan?",
    "Kiev",
    "historical agreements in China",
    "what expires in the next 6 months",
    "which have had no activity since 2023",
    "who signs an international project?",
    "when does Lisbon end",
    "how many partnership cities are there?",
  ];
  const parse = await time(20_000, (index) =>
    parseIntent(questions[index % questions.length]!, { now: now(), timeZone: "America/Toronto" }),
  );

  const schema = `iap_bench_${randomBytes(4).toString("hex")}`;
  const rows = [
    ...(await benchDatabase("PGlite", { kind: "pglite", dataDir: "memory://" })),
    ...(await benchDatabase("PostgreSQL", { kind: "postgres", url: POSTGRES_URL, schema })),
  ];
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  await admin.query(`DROP SCHEMA IF EXISTS ${quoteIdentifier(schema)} CASCADE`);
  await admin.end();

  const ms = (value: number) => `${value.toFixed(2)} ms`.padStart(10);
  console.log(
    `\niap-bot bench — ${ROUNDS} sequential questions per row, whole core path (parse, resolve, read, context write)\n`,
  );
  console.log(
    `${"database".padEnd(11)} ${"registry".padEnd(20)} ${"question".padEnd(45)} ${"median".padStart(10)} ${"p99".padStart(10)}`,
  );
  for (const row of rows) {
    console.log(
      `${row.database.padEnd(11)} ${row.registry.padEnd(20)} ${row.question.padEnd(45)} ${ms(row.p50)} ${ms(row.p99)}`,
    );
  }
  console.log(
    `\nintent parsing alone (20,000 questions): median ${(parse.p50 * 1000).toFixed(1)} µs, p99 ${(parse.p99 * 1000).toFixed(1)} µs`,
  );
  console.log("targets: p99 under 20 ms on PostgreSQL at 100,000 agreements; intent parsing under 1 ms");
}

// BENCH_ONLY=answers, slack, replicas or reminders runs one part.
const only = process.env.BENCH_ONLY;
if (!only || only === "answers") await benchAnswers();
if (!only || only === "slack") await benchSlackRoundTrip(POSTGRES_URL);
const replicas = !only || only === "replicas" ? await benchReplicas(POSTGRES_URL) : null;
const ticks = !only || only === "reminders" ? await benchReminderTick(POSTGRES_URL, GENERATED) : null;
if (replicas && ticks) printSummary(replicas, { agreements: GENERATED, rows: ticks });
