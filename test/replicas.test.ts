import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseTarget } from "../src/db/database-target.js";
import { type Database, openDatabase } from "../src/db/open-database.js";
import { submitRequest } from "../src/intake/intake-service.js";
import { importRegistry } from "../src/registry/import-registry.js";
import { anAgreement, aRegistryDocument } from "./support/agreement-builder.js";
import { type ConnectorCall, FakeBotConnector } from "./support/fake-bot-connector.js";
import { FakeSlackApi, type SlackApiCall } from "./support/fake-slack-api.js";
import { asFormAnswers } from "./support/intake-form-answers.js";
import { aPartnershipCityProposal } from "./support/intake-proposals.js";
import { type Replica, startReplica } from "./support/replicas.js";
import {
  aTs,
  blockAction,
  buttonsOf,
  directMessageEvent,
  eventCallback,
  fillInModal,
  type OpenedModal,
  type PostedButton,
  postToSlack,
  SIGNING_SECRET,
  slashCommand,
  viewSubmission,
} from "./support/slack-requests.js";
import {
  botAdded,
  cardSubmission,
  PERSONAL_CHAT,
  personalMessage,
  postActivity,
  TENANT,
  type TeamsPerson,
} from "./support/teams-activities.js";
import { cardOf, textsOf as cardTextsOf } from "./support/teams-bot.js";
import { disposeTestTarget } from "./support/test-databases.js";
import { testPostgresUrl } from "./support/test-postgres-url.js";

/**
 * Two bot processes on one PostgreSQL database, behind an imaginary load balancer that sends each
 * request to one or the other: Slack and Teams traffic, Slack's and Teams' redeliveries landing on
 * the other process, both schedulers ticking at the same 09:00, and the same intake button clicked
 * on both at once. Every question is answered once, every reminder posted once per platform,
 * every intake step recorded once. Each process has its own clock, set by the test; nothing sleeps.
 */

const INTAKE_SLACK = "C0INTAKE";
const WORKING_GROUP_SLACK = "C0WG";
const channel = (id: string, name: string) => ({ id, conversationType: "channel", name, tenantId: TENANT });
const INTAKE_TEAMS = channel("19:intake@thread.tacv2", "CCO-SPER intake");
const WORKING_GROUP_TEAMS = channel("19:working-group@thread.tacv2", "International Alliance working group");

const REQUESTER = "U0REQ";
const COORDINATOR = "U0COORD";
const SECOND_COORDINATOR = "U0COORD2";
const AVERY: TeamsPerson = { id: "29:avery-teams-id", aadObjectId: "aad-avery", name: "Avery Chen" };
const dmOf = (user: string) => `D-${user}`;

/** 08:00 in Toronto on the day the replicas start; the reminders fall due at 09:00. */
const START = new Date("2026-03-02T13:00:00Z");
const NINE_AM = new Date("2026-03-02T14:00:00Z");
/** Thirty days after START: the 30-day expiry reminder of Replica Harbour is due at NINE_AM. */
const TERM_END = "2026-04-01";

const QUESTIONS = ["status Milan", "expiring 90 days", "help", "when does Lisbon end?", "how many partnership cities"];
const question = (index: number) => QUESTIONS[index % QUESTIONS.length]!;

describe("two bot processes on one PostgreSQL", () => {
  const target: Extract<DatabaseTarget, { kind: "postgres" }> = {
    kind: "postgres",
    url: testPostgresUrl(),
    schema: `iap_test_${process.pid}_replicas_${randomBytes(4).toString("hex")}`,
  };
  let api: FakeSlackApi;
  let connector: FakeBotConnector;
  let replicas: Replica[] = [];
  let a: Replica;
  let b: Replica;
  let database: Database;

  beforeAll(async () => {
    api = await FakeSlackApi.start({ directMessageChannel: dmOf });
    connector = await FakeBotConnector.start();
    connector.addMember(AVERY);
    const url = new URL(target.url);
    url.searchParams.set("schema", target.schema!);
    const env = {
      PORT: "0",
      LOG_LEVEL: "info",
      DATABASE_URL: url.toString(),
      REMINDERS: "on",
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_BOT_TOKEN: "xoxb-test",
      SLACK_API_URL: api.url,
      INTAKE_CHANNEL_SLACK: INTAKE_SLACK,
      INTAKE_CONVERSATION_TEAMS: INTAKE_TEAMS.id,
      WORKING_GROUP_CHANNEL_SLACK: WORKING_GROUP_SLACK,
      WORKING_GROUP_CONVERSATION_TEAMS: WORKING_GROUP_TEAMS.id,
    };
    // Deployed together: both migrate and seed the empty schema at the same moment.
    const started = await Promise.allSettled([startReplica("A", env, START), startReplica("B", env, START)]);
    replicas = started.flatMap((outcome) => (outcome.status === "fulfilled" ? [outcome.value] : []));
    for (const outcome of started) if (outcome.status === "rejected") throw outcome.reason;
    [a, b] = replicas as [Replica, Replica];
    database = await openDatabase(target);
    const { prisma } = database;
    const imported = await importRegistry(prisma, {
      fileName: "replicas.json",
      text: JSON.stringify(aRegistryDocument(anAgreement("replica-harbour").expiring(TERM_END))),
      now: START,
    });
    expect(imported.ok).toBe(true);
    const sper = await prisma.division.upsert({
      where: { code: "CCO-SPER" },
      create: { code: "CCO-SPER", name: "Strategic Protocol and External Relations" },
      update: {},
    });
    const coordinator = (displayName: string, platform: "SLACK" | "TEAMS", externalId: string) =>
      prisma.person.create({
        data: {
          displayName,
          role: "COORDINATOR",
          divisionId: sper.id,
          identities: { create: [{ platform, externalId }] },
        },
      });
    await coordinator("Avery Coordinator", "SLACK", COORDINATOR);
    await coordinator("Blake Coordinator", "SLACK", SECOND_COORDINATOR);
    await coordinator(AVERY.name, "TEAMS", AVERY.aadObjectId);
    // The app is added to the two Teams channels (each through one replica), so both can post there.
    expect((await postActivity(a.url, botAdded(connector.url, WORKING_GROUP_TEAMS))).status).toBe(200);
    expect((await postActivity(b.url, botAdded(connector.url, INTAKE_TEAMS))).status).toBe(200);
  });
  afterAll(async () => {
    await Promise.all(replicas.map((replica) => replica.stop()));
    await database?.close();
    await disposeTestTarget(target);
    await api?.stop();
    await connector?.stop();
  });

  const slackPosts = (test: (call: SlackApiCall) => boolean) =>
    api.callsOf("chat.postMessage").filter((call) => test(call));
  /** Posts the bot made into a Teams conversation unasked (not replies to an activity). */
  const teamsPostsIn = (conversationId: string) =>
    connector.posts.filter((call) => call.conversationId === conversationId && call.replyToId === null);
  const textOf = (call: ConnectorCall) => cardTextsOf(cardOf(call)).join("\n");
  /** Every log line at error level or worse, from either process. */
  const errorsLogged = () =>
    replicas.flatMap((replica) =>
      replica.logs.filter((line) => line.level >= 50).map((line) => `${replica.name}: ${JSON.stringify(line)}`),
    );

  it("answers every question once and posts every due reminder once per platform, under interleaved traffic, redeliveries and ticks", async () => {
    await Promise.all(replicas.map((replica) => replica.setClock(NINE_AM)));
    /** Round-robin, as a load balancer would; `other` is where a redelivery lands. */
    const to = (index: number) => replicas[index % 2]!;
    const other = (index: number) => replicas[(index + 1) % 2]!;

    const commands = Array.from({ length: 40 }, (_, index) => async () => {
      const request = slashCommand(question(index), {
        responseUrl: api.responseUrl(`command-${index}`),
        user: `U0ASK${index % 5}`,
      });
      expect((await postToSlack(to(index).url, request)).status).toBe(200);
    });
    const retried = (index: number) => index % 4 === 0;
    const directMessages = Array.from({ length: 20 }, (_, index) => async () => {
      const delivery = eventCallback(
        directMessageEvent(question(index), { channel: `D-ask-${index}`, user: `U0DM${index % 4}` }),
        `Ev-replica-${index}`,
      );
      const sends = [postToSlack(to(index).url, delivery)];
      if (retried(index)) {
        sends.push(
          postToSlack(other(index).url, delivery, {
            headers: { "x-slack-retry-num": "1", "x-slack-retry-reason": "http_timeout" },
          }),
        );
      }
      for (const response of await Promise.all(sends)) expect(response.status).toBe(200);
    });
    const resent = (index: number) => index % 5 === 0;
    const teamsActivities = Array.from({ length: 20 }, (_, index) => personalMessage(connector.url, question(index)));
    const teamsMessages = teamsActivities.map((activity, index) => async () => {
      const sends = [postActivity(to(index).url, activity)];
      // Teams resends an activity it thinks went unanswered; this time to the other process.
      if (resent(index)) sends.push(postActivity(other(index).url, activity));
      for (const response of await Promise.all(sends)) expect(response.status).toBe(200);
    });
    const schedulers = Array.from({ length: 3 }, () => async () => {
      await Promise.all([a.tick(), b.tick(), a.drain(), b.drain()]);
    });

    const work = [...commands, ...directMessages, ...teamsMessages, ...schedulers];
    // Interleaved: a command, a DM, a Teams message and a tick side by side, all at once.
    const order = work.map((_, index) => index).sort((x, y) => (x % 7) - (y % 7) || x - y);
    await Promise.all(order.map((index) => work[index]!()));
    await Promise.all(replicas.map((replica) => replica.drain()));

    // Slash commands: one answer each, through its response_url.
    await Promise.all(
      commands.map((_, index) =>
        api.waitFor((call) => call.method === "respond" && call.responseId === `command-${index}`),
      ),
    );
    // DMs: one answer each; each redelivery was dropped by whichever process got it second.
    await Promise.all(
      directMessages.map((_, index) =>
        api.waitFor((call) => call.method === "chat.postMessage" && call.body.channel === `D-ask-${index}`),
      ),
    );
    await Promise.all(
      directMessages.flatMap((_, index) =>
        retried(index)
          ? [
              Promise.race(
                replicas.map((replica) =>
                  replica.waitForLog(
                    (line) =>
                      line.msg === "Slack event already handled; redelivery ignored" &&
                      line.eventId === `Ev-replica-${index}`,
                  ),
                ),
              ),
            ]
          : [],
      ),
    );
    const responses = api.callsOf("respond");
    for (const index of commands.keys()) {
      expect(
        responses.filter((call) => call.responseId === `command-${index}`),
        `command ${index}`,
      ).toHaveLength(1);
    }
    for (const index of directMessages.keys()) {
      expect(
        slackPosts((call) => call.body.channel === `D-ask-${index}`),
        `DM ${index}`,
      ).toHaveLength(1);
    }
    // Teams answers within the request: by now every activity, resent or not, has been handled.
    for (const activity of teamsActivities) {
      const replies = connector.posts.filter((call) => call.replyToId === activity.id);
      expect(replies, `Teams message ${activity.text}`).toHaveLength(1);
      expect(replies[0]!.conversationId).toBe(PERSONAL_CHAT.id);
    }

    // Reminders: the ledger holds each key once, each with one post per platform, sent.
    const { prisma } = database;
    const ledger = await prisma.reminderDelivery.findMany({ include: { messages: true } });
    expect(new Set(ledger.map((row) => row.key)).size).toBe(ledger.length);
    const harbour = ledger.filter((row) => row.summary.startsWith("Replica Harbour"));
    expect(harbour.map((row) => row.key.split("|").slice(2).join("|"))).toEqual([`${TERM_END}|30`]);
    for (const row of ledger) {
      expect(row.messages.map((message) => message.platform).sort(), row.key).toEqual(["SLACK", "TEAMS"]);
      expect(
        row.messages.every((message) => message.state === "SENT"),
        row.key,
      ).toBe(true);
    }
    const outbox = await prisma.outboxMessage.findMany({ where: { deliveryId: { not: null } } });
    for (const [platform, place, posts] of [
      ["SLACK", WORKING_GROUP_SLACK, slackPosts((call) => call.body.channel === WORKING_GROUP_SLACK)],
      ["SLACK", INTAKE_SLACK, slackPosts((call) => call.body.channel === INTAKE_SLACK)],
      ["TEAMS", WORKING_GROUP_TEAMS.id, teamsPostsIn(WORKING_GROUP_TEAMS.id)],
      ["TEAMS", INTAKE_TEAMS.id, teamsPostsIn(INTAKE_TEAMS.id)],
    ] as const) {
      const queued = outbox.filter((message) => message.platform === platform && message.target === place);
      expect(posts, `${platform} ${place}`).toHaveLength(queued.length);
    }
    expect(
      slackPosts(
        (call) =>
          call.body.channel === WORKING_GROUP_SLACK && call.body.text.includes("Replica Harbour: term ends in 30 days"),
      ),
    ).toHaveLength(1);
    expect(
      teamsPostsIn(WORKING_GROUP_TEAMS.id).filter((call) =>
        textOf(call).includes("Replica Harbour: term ends in 30 days"),
      ),
    ).toHaveLength(1);

    expect(errorsLogged()).toEqual([]);
  });

  /** `/iap new partnership` on one replica, the modal submitted on the other; the request's number. */
  async function proposeAcrossReplicas(city: string): Promise<number> {
    const before = api.calls.length;
    await postToSlack(
      a.url,
      slashCommand("new partnership", { responseUrl: api.responseUrl(`new-${city}`), user: REQUESTER }),
    );
    const opened = await api.waitFor((call) => call.method === "views.open" && api.calls.indexOf(call) >= before);
    const modal = opened.body.view as OpenedModal;
    const answers = asFormAnswers(aPartnershipCityProposal({ candidateCity: city }));
    const submitted = await postToSlack(b.url, viewSubmission(modal, fillInModal(modal, answers), { user: REQUESTER }));
    expect(submitted).toEqual({ status: 200, body: "" });
    const confirmation = await api.waitFor(
      (call) =>
        call.method === "chat.postMessage" && call.body.channel === dmOf(REQUESTER) && call.body.text.includes(city),
    );
    return Number(/^Request (\d+) submitted/.exec(confirmation.body.text)?.[1]);
  }

  /** The summary card that opens the request's CCO-SPER thread, on each platform, once posted. */
  async function summaryCards(number: number) {
    const slack = await api.waitFor(
      (call) =>
        call.method === "chat.postMessage" &&
        call.body.channel === INTAKE_SLACK &&
        call.body.text.startsWith(`Request ${number}: `),
    );
    const teams = await connector.waitFor(
      (call) =>
        call.method === "POST" &&
        call.conversationId === INTAKE_TEAMS.id &&
        call.replyToId === null &&
        textOf(call).startsWith(`Request ${number}: `),
    );
    return { slack, teams };
  }

  const slackButton = (message: SlackApiCall, label: string): PostedButton => {
    const found = buttonsOf(message.body.blocks).find((candidate) => candidate.text.text === label);
    if (!found) throw new Error(`no "${label}" button on "${message.body.text}"`);
    return found;
  };

  it("records an intake step clicked at the same moment on both replicas and in Teams once; the other clicks are told it changed", async () => {
    const number = await proposeAcrossReplicas("Lyon");
    const cards = await summaryCards(number);
    const { prisma } = database;
    const slackThread = (
      await prisma.intakeThread.findFirstOrThrow({ where: { requestId: number, platform: "SLACK" } })
    ).threadId;
    const teamsThread = `${INTAKE_TEAMS.id};messageid=${cards.teams.answeredId}`;

    const start = slackButton(cards.slack, "Start initial assessment");
    const slackClick = (user: string, id: string) =>
      blockAction(start, {
        responseUrl: api.responseUrl(id),
        container: { type: "message", channel_id: INTAKE_SLACK, message_ts: aTs() },
        user,
      });
    const teamsStart = cardOf(cards.teams).actions.find((action) => action.title === "Start initial assessment");
    expect(teamsStart).toBeDefined();
    const teamsClick = cardSubmission(
      connector.url,
      teamsStart!.data,
      { ...INTAKE_TEAMS, id: teamsThread },
      {
        from: AVERY,
        replyToId: cards.teams.answeredId,
      },
    );
    const [clickA, clickB, clickTeams] = await Promise.all([
      postToSlack(a.url, slackClick(COORDINATOR, `race-${number}-a`)),
      postToSlack(b.url, slackClick(SECOND_COORDINATOR, `race-${number}-b`)),
      postActivity(b.url, teamsClick),
    ]);
    for (const response of [clickA, clickB, clickTeams]) expect(response.status).toBe(200);
    const told = [
      ...(await Promise.all(
        ["a", "b"].map(async (side) =>
          String(
            (
              await api.waitFor((call) => call.method === "respond" && call.responseId === `race-${number}-${side}`)
            ).body.text,
          ),
        ),
      )),
      textOf(connector.posts.find((call) => call.replyToId === teamsClick.id)!),
    ];
    expect(told.filter((text) => text.includes("Recorded"))).toHaveLength(1);
    expect(
      told.filter((text) => /has changed since this button was made|changed before this reached it/.test(text)),
    ).toHaveLength(2);

    // One transition, written once, posted once in each thread, and the requester told once.
    const steps = await prisma.intakeStep.findMany({ where: { requestId: number }, orderBy: { id: "asc" } });
    expect(steps.map((step) => step.toState)).toEqual(["SUBMITTED", "INITIAL_ASSESSMENT"]);
    await Promise.all(replicas.map((replica) => replica.drain()));
    await api.waitFor((call) => call.method === "chat.postMessage" && call.body.thread_ts === slackThread);
    await connector.waitFor(
      (call) => call.method === "POST" && call.conversationId === teamsThread && call.replyToId === null,
    );
    expect(slackPosts((call) => call.body.thread_ts === slackThread)).toHaveLength(1);
    expect(teamsPostsIn(teamsThread)).toHaveLength(1);
    await api.waitFor(
      (call) =>
        call.method === "chat.postMessage" &&
        call.body.channel === dmOf(REQUESTER) &&
        call.body.text.startsWith(`Your request ${number}:`),
    );
    expect(
      slackPosts(
        (call) => call.body.channel === dmOf(REQUESTER) && call.body.text.startsWith(`Your request ${number}:`),
      ),
    ).toHaveLength(1);
    expect(await prisma.outboxMessage.count({ where: { state: { not: "SENT" } } })).toBe(0);
    expect(errorsLogged()).toEqual([]);
  });

  it("starts one CCO-SPER thread per platform when both replicas announce a request submitted from the CLI at once", async () => {
    const { prisma } = database;
    const outcome = await submitRequest(prisma, {
      kind: "PARTNERSHIP_CITY",
      input: aPartnershipCityProposal({ candidateCity: "Nantes" }),
      requester: { platform: "CONSOLE", externalId: "operator" },
      now: NINE_AM,
    });
    if (!outcome.ok) throw new Error("the proposal should be accepted");
    const { number } = outcome.request;
    const announced = await Promise.all(replicas.map((replica) => replica.announce()));
    expect(announced.every((count) => count <= 1)).toBe(true);
    await summaryCards(number);
    const isSummary = (text: string) => text.startsWith(`Request ${number}: `);
    expect(slackPosts((call) => call.body.channel === INTAKE_SLACK && isSummary(call.body.text))).toHaveLength(1);
    expect(teamsPostsIn(INTAKE_TEAMS.id).filter((call) => isSummary(textOf(call)))).toHaveLength(1);
    const threads = await prisma.intakeThread.findMany({ where: { requestId: number } });
    expect(threads.map((thread) => thread.platform).sort()).toEqual(["SLACK", "TEAMS"]);
    expect(errorsLogged()).toEqual([]);
  });
});
