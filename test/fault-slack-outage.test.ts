import { once } from "node:events";
import { type AddressInfo, createConnection, createServer, type Server, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderFallbackText } from "../adapters/slack/render-blocks.js";
import type { Reply } from "../src/conversation/reply.js";
import { importRegistry } from "../src/registry/import-registry.js";
import { drainOutbox, enqueue } from "../src/reminders/outbox.js";
import { runReminderTick, type SchedulerDeps } from "../src/reminders/scheduler.js";
import { createLogger } from "../src/shared/logger.js";
import { anAgreement, aRegistryDocument } from "./support/agreement-builder.js";
import { FakeSlackApi } from "./support/fake-slack-api.js";
import { startSlackTestBot } from "./support/slack-bot.js";
import { testDatabaseKinds } from "./support/test-databases.js";

const WORKING_GROUP = "C0WORKING";
const INTAKE = "C0INTAKE";
/** The CCO-SPER thread of an intake request, which the intake desk's later posts reply in. */
const INTAKE_THREAD = "1767225600.000900";
const logger = createLogger("silent");

/** A clock the test moves by hand. */
function handClock(start: string) {
  let now = new Date(start);
  const clock = () => now;
  return Object.assign(clock, {
    set: (at: string) => {
      now = new Date(at);
    },
  });
}

/**
 * The way to the fake Slack API, on a port of its own that the test can close (connections are
 * refused, as when nothing listens at Slack's address) and open again, on the same port.
 */
class ClosableRoute {
  readonly #sockets = new Set<Socket>();
  #server: Server | null = null;

  private constructor(
    private readonly target: { host: string; port: number },
    public port: number,
  ) {}

  static async open(target: { host: string; port: number }): Promise<ClosableRoute> {
    const route = new ClosableRoute(target, 0);
    await route.reopen();
    return route;
  }

  async reopen(): Promise<void> {
    const server = createServer((client) => {
      const upstream = createConnection(this.target);
      for (const socket of [client, upstream]) {
        this.#sockets.add(socket);
        socket.on("close", () => this.#sockets.delete(socket));
        socket.on("error", () => {
          client.destroy();
          upstream.destroy();
        });
      }
      client.pipe(upstream).pipe(client);
    });
    server.listen(this.port, "127.0.0.1");
    await once(server, "listening");
    this.port = (server.address() as AddressInfo).port;
    this.#server = server;
  }

  async close(): Promise<void> {
    for (const socket of this.#sockets) socket.destroy();
    const server = this.#server;
    this.#server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/**
 * Slack is unreachable for a minute: first it answers 503, then nothing listens at its address
 * (connections refused). The outbox is drained several times meanwhile, on an injected clock.
 */
describe.each(testDatabaseKinds)("the outbox while Slack is down for a minute, on $name", (kind) => {
  let api: FakeSlackApi;
  let route: ClosableRoute;
  let bot: Awaited<ReturnType<typeof startSlackTestBot>>;
  const clock = handClock("2027-03-01T14:05:00Z"); // 09:05 EST: the 30-day reminders of 31 March are due

  beforeAll(async () => {
    api = await FakeSlackApi.start();
    const apiUrl = new URL(api.url);
    route = await ClosableRoute.open({ host: apiUrl.hostname, port: Number(apiUrl.port) });
    bot = await startSlackTestBot(kind.newTarget(), api, undefined, {
      SLACK_API_URL: `http://127.0.0.1:${route.port}/api/`,
    });
    const imported = await importRegistry(bot.core.database.prisma, {
      fileName: "outage.json",
      text: JSON.stringify(
        aRegistryDocument(
          anAgreement("alpha-city").expiring("2027-03-31"),
          anAgreement("bravo-city").expiring("2027-03-31"),
          anAgreement("charlie-city").expiring("2027-03-31"),
        ),
      ),
      now: clock(),
    });
    if (!imported.ok) throw new Error(JSON.stringify(imported.problems));
  });
  afterAll(async () => {
    await bot?.dispose();
    await route?.close();
    await api?.stop();
  });

  const deps = (): SchedulerDeps & Parameters<typeof drainOutbox>[0] => ({
    prisma: bot.core.database.prisma,
    outbound: bot.outbound,
    clock,
    logger,
    timeZone: "America/Toronto",
    postHour: 9,
    intakeTargetMonths: 6,
    meetingDates: [],
    places: { "working-group": { SLACK: WORKING_GROUP }, intake: { SLACK: INTAKE } },
  });
  const drainAt = async (at: string) => {
    clock.set(at);
    return drainOutbox(deps());
  };
  const outbox = () => bot.core.database.prisma.outboxMessage.findMany({ orderBy: { id: "asc" } });
  const outboxDepth = async () => {
    const metrics = await (await fetch(`${bot.url}/metrics`)).text();
    return Number(/^iap_outbox_depth\{platform="SLACK"\} (\d+)$/m.exec(metrics)?.[1]);
  };
  const intakePost = (text: string): Reply => ({ kind: "answer", text });

  it("holds every post while Slack is down, then posts each once, in the order queued per channel", async () => {
    // Two channels' posts, interleaved: three reminders from a tick, then intake-thread and working-group posts.
    const tick = await runReminderTick(deps());
    expect(tick.queued).toBe(3);
    const prisma = bot.core.database.prisma;
    const post = (reply: Reply, target: string, threadId?: string) =>
      enqueue(prisma, { reply, targets: [{ platform: "SLACK", target, threadId: threadId ?? null }], now: clock() });
    await post(intakePost("Request 7: initial assessment started"), INTAKE, INTAKE_THREAD);
    await post(intakePost("Working group: agenda for 7 September posted"), WORKING_GROUP);
    await post(intakePost("Request 7: sent back for more detail"), INTAKE, INTAKE_THREAD);
    const queued = await outbox();
    expect(queued.map((row) => row.target)).toEqual([
      WORKING_GROUP,
      WORKING_GROUP,
      WORKING_GROUP,
      INTAKE,
      WORKING_GROUP,
      INTAKE,
    ]);
    const [firstToWorkingGroup, firstToIntake] = [queued[0]!.id, queued[3]!.id];

    // 14:05:00 Slack answers 503: each channel's first post is tried, the rest wait behind it.
    api.fail("chat.postMessage", { status: 503 });
    expect(await drainAt("2027-03-01T14:05:00Z")).toEqual({ sent: 0, failed: 2 });
    // 14:05:20 the first posts' back-off (30 s) is not over: nothing is tried, and nothing overtakes them.
    expect(await drainAt("2027-03-01T14:05:20Z")).toEqual({ sent: 0, failed: 0 });
    const heads = await outbox();
    expect(heads.filter((row) => row.lastError !== null).map((row) => [row.id, row.lastError])).toEqual([
      [firstToWorkingGroup, `posting to Slack ${WORKING_GROUP} failed: HTTP 503`],
      [firstToIntake, `posting to Slack ${INTAKE} failed: HTTP 503`],
    ]);
    // 14:05:30 nothing listens at Slack's address any more: connections are refused.
    await route.close();
    expect(await drainAt("2027-03-01T14:05:30Z")).toEqual({ sent: 0, failed: 2 });
    expect(await drainAt("2027-03-01T14:05:45Z")).toEqual({ sent: 0, failed: 0 });
    expect(await drainAt("2027-03-01T14:06:00Z")).toEqual({ sent: 0, failed: 0 });

    // A minute down: nothing sent, nothing dropped; the heads of the lines carry their attempts and last error.
    const during = await outbox();
    expect(during.map((row) => row.id)).toEqual(queued.map((row) => row.id));
    expect(during.every((row) => row.state === "PENDING" && row.sentAt === null)).toBe(true);
    for (const row of during) {
      if (row.id === firstToWorkingGroup || row.id === firstToIntake) {
        expect(row.attempts).toBe(2);
        // The last failure was the refused connection, after the 503.
        expect(row.lastError).toMatch(/^posting to Slack C0(WORKING|INTAKE) failed: A request error occurred/);
      } else {
        expect(row).toMatchObject({ attempts: 0, lastError: null });
      }
    }
    expect(await outboxDepth()).toBe(6);

    // Slack is back at 14:06:05; the heads are due again at 14:06:30 and nothing goes before them.
    await route.reopen();
    api.succeed("chat.postMessage");
    const backFrom = api.calls.length;
    expect(await drainAt("2027-03-01T14:06:05Z")).toEqual({ sent: 0, failed: 0 });
    expect(await drainAt("2027-03-01T14:06:30Z")).toEqual({ sent: 6, failed: 0 });
    expect(await drainAt("2027-03-01T14:07:30Z")).toEqual({ sent: 0, failed: 0 });

    const sent = await outbox();
    expect(sent.every((row) => row.state === "SENT")).toBe(true);
    expect(new Set(sent.map((row) => row.postedMessageId)).size).toBe(6);
    const posts = api.calls.slice(backFrom).filter((call) => call.method === "chat.postMessage");
    expect(posts).toHaveLength(6);
    for (const channel of [WORKING_GROUP, INTAKE]) {
      const expected = sent
        .filter((row) => row.target === channel)
        .map((row) => renderFallbackText(row.reply as unknown as Reply));
      expect(posts.filter((call) => call.body.channel === channel).map((call) => call.body.text)).toEqual(expected);
    }
    expect(
      posts.filter((call) => call.body.channel === INTAKE).every((call) => call.body.thread_ts === INTAKE_THREAD),
    ).toBe(true);
    expect(await outboxDepth()).toBe(0);
  });
});
