import { once } from "node:events";
import { type AddressInfo, createServer } from "node:net";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runChatSession } from "../adapters/console/chat-session.js";
import type { DatabaseTarget } from "../src/db/database-target.js";
import { recogniseDatabaseUnavailable } from "../src/db/database-unavailable.js";
import { openDatabase, quoteIdentifier } from "../src/db/open-database.js";
import { CuttableProxy } from "./support/cuttable-proxy.js";
import { FakeBotConnector } from "./support/fake-bot-connector.js";
import { FakeSlackApi } from "./support/fake-slack-api.js";
import { ScriptedConsole as TranscriptConsole } from "./support/scripted-console.js";
import { startSlackTestBot } from "./support/slack-bot.js";
import { LogCapture } from "./support/slack-log-capture.js";
import { directMessageEvent, eventCallback, postToSlack, slashCommand } from "./support/slack-requests.js";
import { personalMessage, postActivity } from "./support/teams-activities.js";
import { cardOf, textsOf } from "./support/teams-bot.js";
import { testDatabaseKinds } from "./support/test-databases.js";

const UNAVAILABLE = "The registry database is temporarily unavailable. Please try again in a minute.";
const WARN = 40;
const ERROR = 50;

// Only PostgreSQL can go away under a running process: PGlite lives inside it.
const postgres = testDatabaseKinds.find((kind) => kind.name === "PostgreSQL")!;

/**
 * One bot process (Slack over HTTP and Teams on /api/messages) whose PostgreSQL connections run
 * through a proxy the test cuts, as a database server going away does.
 */
describe("the bot when PostgreSQL goes away and comes back", () => {
  const direct = postgres.newTarget() as Extract<DatabaseTarget, { kind: "postgres" }>;
  let proxy: CuttableProxy;
  let api: FakeSlackApi;
  let connector: FakeBotConnector;
  let locker: pg.Client;
  const logs = new LogCapture();
  let bot: Awaited<ReturnType<typeof startSlackTestBot>>;

  beforeAll(async () => {
    const proxied = await CuttableProxy.inFrontOf(direct.url);
    proxy = proxied.proxy;
    api = await FakeSlackApi.start();
    connector = await FakeBotConnector.start();
    bot = await startSlackTestBot({ ...direct, url: proxied.url }, api, logs);
    locker = new pg.Client({ connectionString: direct.url });
    await locker.connect();
  });
  afterAll(async () => {
    proxy?.restore();
    await locker?.end();
    await bot?.dispose();
    await proxy?.stop();
    await connector?.stop();
    await api?.stop();
  });

  const status = async (path: string) => (await fetch(`${bot.url}${path}`)).status;
  /** `/iap <text>` in Slack; resolves with the text the bot posted to the command's response_url. */
  const askInSlack = async (text: string, responseId: string) => {
    const acked = await postToSlack(bot.url, slashCommand(text, { responseUrl: api.responseUrl(responseId) }));
    expect(acked.status).toBe(200);
    return (await api.waitFor((call) => call.responseId === responseId)).body.text as string;
  };
  /** A Teams personal-chat message; resolves with the texts of the card the bot replied with. */
  const askInTeams = async (text: string) => {
    const message = personalMessage(connector.url, text);
    expect((await postActivity(bot.url, message)).status).toBe(200);
    return textsOf(cardOf(await connector.waitFor((call) => call.replyToId === message.id)));
  };
  /** What was logged from `from` on at `level` or above. */
  const loggedSince = (from: number, level: number) =>
    logs.entries.slice(from).filter((entry) => Number(entry.level) >= level);

  it("tells Slack and Teams users to try again while it is cut off, stays up, and answers once it is back", async () => {
    expect(await askInSlack("status Milan", "before")).toContain("Milan");
    const from = logs.entries.length;
    proxy.cut();

    expect(await askInSlack("status Milan", "cut-slack")).toBe(UNAVAILABLE);
    expect(await askInTeams("status of Milan")).toEqual([UNAVAILABLE]);
    // A direct message: its delivery cannot be claimed either, and it is still answered.
    expect((await postToSlack(bot.url, eventCallback(directMessageEvent("status Milan")))).status).toBe(200);
    const dm = await api.waitFor((call) => call.method === "chat.postMessage" && call.body.channel === "D2");
    expect(dm.body.text).toBe(UNAVAILABLE);
    expect(await status("/healthz")).toBe(200);
    expect(await status("/readyz")).toBe(503);
    // One warning per request, with what it was about; no error with a stack for an outage.
    const warnings = loggedSince(from, WARN).filter((entry) => entry.msg === "the database is unreachable");
    expect(warnings).toHaveLength(3);
    expect(warnings.map((entry) => entry.conversationId)).toEqual(["C1", "a:personal-chat-dana", "D2"]);
    expect(warnings.every((entry) => !("err" in entry))).toBe(true);
    expect(loggedSince(from, ERROR)).toEqual([]);

    proxy.restore();
    expect(await askInSlack("status Milan", "restored-slack")).toContain("Milan");
    expect((await askInTeams("status of Milan")).join("\n")).toContain("Milan");
    expect(await status("/readyz")).toBe(200);
  });

  it("tells them to try again when the connection is cut while their question is being answered", async () => {
    const schema = quoteIdentifier(direct.schema!);
    // Both answers read the conversation context: holding it keeps their queries on the wire until the cut.
    await locker.query("BEGIN");
    await locker.query(`LOCK TABLE ${schema}."ConversationContext" IN ACCESS EXCLUSIVE MODE`);
    const from = logs.entries.length;
    const acked = await postToSlack(bot.url, slashCommand("status Milan", { responseUrl: api.responseUrl("during") }));
    expect(acked.status).toBe(200);
    const teamsMessage = personalMessage(connector.url, "status of Milan");
    const teamsTurn = postActivity(bot.url, teamsMessage);
    await waitUntil(async () => {
      const waiting = await locker.query(
        "SELECT count(*)::int AS n FROM pg_locks WHERE NOT granted AND relation = to_regclass($1)",
        [`${schema}."ConversationContext"`],
      );
      return waiting.rows[0].n >= 2;
    });

    proxy.cut();
    expect((await api.waitFor((call) => call.responseId === "during")).body.text).toBe(UNAVAILABLE);
    expect((await teamsTurn).status).toBe(200);
    const reply = await connector.waitFor((call) => call.replyToId === teamsMessage.id);
    expect(textsOf(cardOf(reply))).toEqual([UNAVAILABLE]);
    await locker.query("ROLLBACK");
    expect(await status("/healthz")).toBe(200);
    expect(loggedSince(from, ERROR)).toEqual([]);

    proxy.restore();
    expect(await askInSlack("status Milan", "after-during")).toContain("Milan");
    expect((await askInTeams("status of Milan")).join("\n")).toContain("Milan");
    expect(await status("/readyz")).toBe(200);
  });

  it("keeps a console chat going through the outage: it says so, and answers the question asked again", async () => {
    proxy.cut();
    // The person asks while the database is cut off, then again once it is back.
    const io = new ScriptedConsole(["status Milan", "status Milan", "quit"], (line) => {
      if (line === 1) proxy.restore();
    });
    await runChatSession(bot.core, io, "console-user");
    const [duringCut, afterRestore] = io.transcript.split("> status Milan\n").slice(1);
    expect(duringCut).toContain(UNAVAILABLE);
    expect(afterRestore).toContain("Milan");
    expect(afterRestore).not.toContain(UNAVAILABLE);
  });
  it("recognises what Prisma and pg throw when the database cannot be reached, and nothing else", async () => {
    // A port nothing listens on: connections are refused.
    const probe = createServer();
    probe.listen(0, "127.0.0.1");
    await once(probe, "listening");
    const { port } = probe.address() as AddressInfo;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const refused = new URL(direct.url);
    refused.hostname = "127.0.0.1";
    refused.port = String(port);
    const nowhere = await openDatabase({ kind: "postgres", url: refused.toString() });
    try {
      // Prisma through @prisma/adapter-pg: a PrismaClientKnownRequestError P1001 wrapping a DriverAdapterError.
      const viaPrisma = await failureOf(() => nowhere.prisma.setting.findMany());
      expect(viaPrisma).toMatchObject({ code: "P1001" });
      expect(recogniseDatabaseUnavailable(viaPrisma)?.message).toBe("the database cannot be reached: P1001");
      const viaPg = await failureOf(() => nowhere.sql.query("SELECT 1"));
      expect(viaPg).toMatchObject({ code: "ECONNREFUSED" });
      expect(recogniseDatabaseUnavailable(viaPg)?.userMessage).toBe(UNAVAILABLE);
    } finally {
      await nowhere.close();
    }

    // A broken constraint is a fault in the request, not an outage: it stays an error.
    const prisma = bot.core.database.prisma;
    await prisma.setting.create({ data: { key: "fault.probe", value: "1" } });
    const duplicate = await failureOf(() => prisma.setting.create({ data: { key: "fault.probe", value: "2" } }));
    expect(duplicate).toMatchObject({ code: "P2002" });
    expect(recogniseDatabaseUnavailable(duplicate)).toBeNull();
    expect(recogniseDatabaseUnavailable(new Error("Cannot read properties of undefined"))).toBeNull();
  });
});

/** What `work` rejects with. */
async function failureOf(work: () => Promise<unknown>): Promise<unknown> {
  try {
    await work();
  } catch (error) {
    return error;
  }
  throw new Error("expected a failure");
}

/** A scripted console that lets the test act just before the person types line `index` (0-based). */
class ScriptedConsole extends TranscriptConsole {
  constructor(
    lines: readonly string[],
    private readonly beforeLine: (index: number) => void,
  ) {
    super(lines);
  }

  override async read(prompt: string): Promise<string | null> {
    this.beforeLine(this.prompts.length);
    return super.read(prompt);
  }
}

/** Polls `condition` until it holds: for a state another connection reaches, not for time to pass. */
async function waitUntil(condition: () => Promise<boolean>): Promise<void> {
  for (let attempt = 0; attempt < 2000; attempt++) {
    if (await condition()) return;
    await new Promise((resolve) => setImmediate(resolve));
  }
  throw new Error("the condition never held");
}

/** A network that loses PostgreSQL's packets without refusing anything: new connections hang. */
describe("the bot when the network to PostgreSQL silently drops packets", () => {
  const direct = postgres.newTarget() as Extract<DatabaseTarget, { kind: "postgres" }>;
  let proxy: CuttableProxy;
  let api: FakeSlackApi;
  const logs = new LogCapture();
  let bot: Awaited<ReturnType<typeof startSlackTestBot>>;

  beforeAll(async () => {
    const proxied = await CuttableProxy.inFrontOf(direct.url);
    proxy = proxied.proxy;
    api = await FakeSlackApi.start();
    // A short connect timeout, so that the test need not wait the production 10 s.
    bot = await startSlackTestBot({ ...direct, url: proxied.url, connectTimeoutMs: 500 }, api, logs);
  });
  afterAll(async () => {
    proxy?.restore();
    await bot?.dispose();
    await proxy?.stop();
    await api?.stop();
  });

  const askInSlack = async (text: string, responseId: string) => {
    const acked = await postToSlack(bot.url, slashCommand(text, { responseUrl: api.responseUrl(responseId) }));
    expect(acked.status).toBe(200);
    return (await api.waitFor((call) => call.responseId === responseId)).body.text as string;
  };

  it("gives up on a connection that never answers and says to try again, instead of leaving the person waiting", async () => {
    expect(await askInSlack("status Milan", "before-stall")).toContain("Milan");
    const from = logs.entries.length;
    proxy.stall();

    expect(await askInSlack("status Milan", "stalled-1")).toBe(UNAVAILABLE);
    expect(await askInSlack("status Lisbon", "stalled-2")).toBe(UNAVAILABLE);
    const reasons = logs.entries
      .slice(from)
      .filter((entry) => entry.msg === "the database is unreachable")
      .map((entry) => String(entry.reason));
    // pg gives up on the hanging connection after connectTimeoutMs, rather than TCP minutes later.
    expect(reasons).toContain("the database cannot be reached: Connection terminated due to connection timeout");

    proxy.restore();
    expect(await askInSlack("status Milan", "after-stall")).toContain("Milan");
  });
});
