import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ChatMessage, type Core, startCore } from "../src/app/start-core.js";
import { loadConfig } from "../src/config/config.js";
import type { DatabaseTarget } from "../src/db/database-target.js";
import { KIND_FORM_TITLES } from "../src/intake/intake-forms.js";
import { FakeBotConnector } from "./support/fake-bot-connector.js";
import { FakeSlackApi } from "./support/fake-slack-api.js";
import { asFormAnswers } from "./support/intake-form-answers.js";
import { aPartnershipCityProposal } from "./support/intake-proposals.js";
import { startSlackTestBot } from "./support/slack-bot.js";
import { LogCapture } from "./support/slack-log-capture.js";
import { fillInModal, type OpenedModal, postToSlack, slashCommand, viewSubmission } from "./support/slack-requests.js";
import {
  cardSubmission,
  channelMention,
  DANA,
  PERSONAL_CHAT,
  personalMessage,
  postActivity,
} from "./support/teams-activities.js";
import { cardOf, startTestBot, textsOf } from "./support/teams-bot.js";
import { disposeTestTarget, testDatabaseKinds } from "./support/test-databases.js";

const now = new Date("2026-11-23T15:00:00Z");
/** The slow-down reply, with the wait it names (the window is a minute, so at most 60 seconds). */
const SLOW_DOWN = /^You are sending questions faster than I can answer\. Wait (\d+) seconds? and ask again\.$/;
/** The reply to a proposal over the submissions limit (the window is an hour). */
const SUBMISSIONS_LIMITED =
  /^You have sent more requests and comments in the last hour than I accept, so this one was not recorded\. Wait \d+ (seconds?|minutes) and send it again\.$/;
/** A complete Partnership City proposal for `city`, as typed into its form. */
const proposalAnswers = (city: string) => asFormAnswers(aPartnershipCityProposal({ candidateCity: city }));

function waitNamedIn(text: string, pattern: RegExp): number {
  const match = pattern.exec(text);
  if (!match) throw new Error(`no wait named in ${JSON.stringify(text)}`);
  return Number(match[1]);
}

async function startLimitedCore(target: DatabaseTarget, env: Record<string, string>, logs = new LogCapture()) {
  return startCore({ config: loadConfig(env), clock: () => now, logger: logs.logger, target });
}

const question = (userId: string, conversationId: string, text = "status of Milan"): ChatMessage => ({
  platform: "SLACK",
  conversationId,
  userId,
  text,
});

describe.each(testDatabaseKinds)("rate limits in the core on $name", (kind) => {
  const target = kind.newTarget();
  let core: Core;

  beforeAll(async () => {
    core = await startLimitedCore(target, {
      RATE_LIMIT_USER_PER_MINUTE: "3",
      RATE_LIMIT_CONVERSATION_PER_MINUTE: "4",
      RATE_LIMIT_SUBMISSIONS_PER_HOUR: "2",
    });
  });
  afterAll(async () => {
    await core?.close();
    await disposeTestTarget(target);
  });

  it("tells the fourth question from one person within a minute to slow down, naming the wait; another person in another conversation is still answered", async () => {
    for (let asked = 0; asked < 3; asked += 1) {
      expect((await core.answerChat(question("U-BURST", "C-BURST"))).reply.title).toBe("Milan");
    }
    const limited = await core.answerChat(question("U-BURST", "C-BURST"));
    expect(limited.reply.kind).toBe("refused");
    const wait = waitNamedIn(limited.reply.text, SLOW_DOWN);
    expect(wait).toBeGreaterThanOrEqual(1);
    expect(wait).toBeLessThanOrEqual(60);

    expect((await core.answerChat(question("U-CALM", "C-CALM"))).reply.title).toBe("Milan");
    // The same person elsewhere is still over their own limit.
    expect((await core.answerChat(question("U-BURST", "C-ELSEWHERE"))).reply.text).toMatch(SLOW_DOWN);
    expect(await core.metrics.registry.getSingleMetricAsString("iap_requests_total")).toContain(
      'iap_requests_total{platform="SLACK",outcome="limited"} 2',
    );
  });

  it("limits a busy conversation across several people, each under their own limit", async () => {
    for (const userId of ["U-ANN", "U-ANN", "U-BEN", "U-BEN"]) {
      expect((await core.answerChat(question(userId, "C-BUSY"))).reply.title).toBe("Milan");
    }
    expect((await core.answerChat(question("U-CAL", "C-BUSY"))).reply.text).toMatch(SLOW_DOWN);
    expect((await core.answerChat(question("U-CAL", "C-QUIET"))).reply.title).toBe("Milan");
  });

  it("refuses the third intake proposal within an hour, recording nothing, and does not count a form sent back with problems", async () => {
    const propose = (city: string, overrides: Record<string, unknown> = {}) =>
      core.submitForm({
        platform: "SLACK",
        userId: "U-PROPOSER",
        formId: "intake.new:PARTNERSHIP_CITY",
        values: asFormAnswers(aPartnershipCityProposal({ candidateCity: city, ...overrides })),
      });
    expect((await propose("Lyon", { goals: " " })).status).toBe("invalid");
    expect((await propose("Lyon")).status).toBe("done");
    expect((await propose("Nantes")).status).toBe("done");
    const before = await core.database.prisma.intakeRequest.count();

    const limited = await propose("Lille");
    // Not refused for good: the form stays open, to send again once the wait is over.
    expect(limited.status).toBe("later");
    expect(limited.reply.text).toMatch(
      /^You have sent more requests and comments in the last hour than I accept, so this one was not recorded\. Wait \d+ (seconds|minutes) and send it again\.$/,
    );
    expect(await core.database.prisma.intakeRequest.count()).toBe(before);
    expect(await core.database.prisma.intakeRequest.count({ where: { title: { contains: "Lille" } } })).toBe(0);
    // Each form is counted in /metrics by what became of it.
    const requests = await core.metrics.registry.getSingleMetricAsString("iap_requests_total");
    expect(requests).toContain('iap_requests_total{platform="SLACK",outcome="invalid"} 1');
    expect(requests).toContain('iap_requests_total{platform="SLACK",outcome="submitted"} 2');
  });

  it("never limits the console, which is the server's operator", async () => {
    for (let asked = 0; asked < 6; asked += 1) {
      const { reply } = await core.answerChat({ ...question("operator", "chat"), platform: "CONSOLE" });
      expect(reply.title).toBe("Milan");
    }
  });
});

describe.each(testDatabaseKinds)("rate limits set to 0 on $name", (kind) => {
  const target = kind.newTarget();
  let core: Core;

  beforeAll(async () => {
    core = await startLimitedCore(target, {
      RATE_LIMIT_USER_PER_MINUTE: "0",
      RATE_LIMIT_CONVERSATION_PER_MINUTE: "0",
      RATE_LIMIT_SUBMISSIONS_PER_HOUR: "0",
    });
  });
  afterAll(async () => {
    await core?.close();
    await disposeTestTarget(target);
  });

  it("are off: more questions than the defaults allow are all answered, and nothing is counted", async () => {
    for (let asked = 0; asked < 21; asked += 1) {
      expect((await core.answerChat(question("U-CHATTY", "C-CHATTY"))).reply.title).toBe("Milan");
    }
    expect(await core.database.prisma.rateLimitCounter.count()).toBe(0);
  });
});

describe.each(testDatabaseKinds)("a rate limit whose counters cannot be read, on $name", (kind) => {
  const target = kind.newTarget();
  const logs = new LogCapture();
  let core: Core;

  beforeAll(async () => {
    core = await startLimitedCore(target, { RATE_LIMIT_USER_PER_MINUTE: "1" }, logs);
  });
  afterAll(async () => {
    await core?.close();
    await disposeTestTarget(target);
  });

  it("lets the question through and logs a warning: the limiter is never why a question goes unanswered", async () => {
    await core.database.sql.exec(`DROP TABLE "RateLimitCounter"`);
    expect((await core.answerChat(question("U-ANY", "C-ANY"))).reply.title).toBe("Milan");
    expect((await core.answerChat(question("U-ANY", "C-ANY"))).reply.title).toBe("Milan");
    const warning = await logs.waitFor((entry) => entry.msg.startsWith("could not count a request"));
    expect(warning).toMatchObject({ level: 40, limit: "question-user" });
  });
});

describe("two bot processes on one PostgreSQL", () => {
  const postgres = testDatabaseKinds.find((kind) => kind.name === "PostgreSQL")!;
  const target = postgres.newTarget();
  const env = { RATE_LIMIT_USER_PER_MINUTE: "4", RATE_LIMIT_CONVERSATION_PER_MINUTE: "0" };
  let first: Core;
  let second: Core;

  beforeAll(async () => {
    first = await startLimitedCore(target, env);
    second = await startLimitedCore(target, env);
  });
  afterAll(async () => {
    await second?.close();
    await first?.close();
    await disposeTestTarget(target);
  });

  it("share the count: a burst split across both, at the same moment, is limited at the limit in total", async () => {
    const burst = await Promise.all(
      [first, second, first, second, first, second].map((core) => core.answerChat(question("U-SPLIT", "C-SPLIT"))),
    );
    const answered = burst.filter(({ reply }) => reply.title === "Milan");
    const limited = burst.filter(({ reply }) => SLOW_DOWN.test(reply.text));
    expect(answered).toHaveLength(4);
    expect(limited).toHaveLength(2);
  });
});

describe.each(testDatabaseKinds)("a person over the limit in Slack, on $name", (kind) => {
  let api: FakeSlackApi;
  let bot: Awaited<ReturnType<typeof startSlackTestBot>>;

  beforeAll(async () => {
    api = await FakeSlackApi.start();
    bot = await startSlackTestBot(kind.newTarget(), api, new LogCapture(), { RATE_LIMIT_USER_PER_MINUTE: "2" });
  });
  afterAll(async () => {
    await bot?.dispose();
    await api?.stop();
  });

  it("is told through the response_url to slow down, with the wait, rather than met with silence", async () => {
    const responses = [];
    for (const id of ["first", "second", "third"]) {
      const ack = await postToSlack(bot.url, slashCommand("status Milan", { responseUrl: api.responseUrl(id) }));
      expect(ack.status).toBe(200);
      responses.push(await api.waitFor((call) => call.method === "respond" && call.responseId === id));
    }
    const [, second, third] = responses;
    expect(second?.body.text).toContain("Milan (Italy) is a Partnership City agreement.");
    expect(third?.body).toMatchObject({ response_type: "ephemeral" });
    expect(third?.body.text).toMatch(
      /You are sending questions faster than I can answer\. Wait \d+ seconds? and ask again\./,
    );
  });
});

describe.each(testDatabaseKinds)("a person over the limit in Teams, on $name", (kind) => {
  let connector: FakeBotConnector;
  let bot: Awaited<ReturnType<typeof startTestBot>>;

  beforeAll(async () => {
    connector = await FakeBotConnector.start();
    bot = await startTestBot(kind.newTarget(), { RATE_LIMIT_USER_PER_MINUTE: "1" });
  });
  afterAll(async () => {
    await bot?.dispose();
    await connector?.stop();
  });

  it("gets a card telling them to slow down, with the wait", async () => {
    const replies = [];
    for (const text of ["status of Milan", "status of Lisbon"]) {
      const message = personalMessage(connector.url, text);
      expect((await postActivity(bot.url, message)).status).toBe(200);
      replies.push(await connector.waitFor((call) => call.replyToId === message.id));
    }
    expect(textsOf(cardOf(replies[0]!)).join("\n")).toContain("Partnership City");
    expect(textsOf(cardOf(replies[1]!)).join("\n")).toMatch(
      /You are sending questions faster than I can answer\. Wait \d+ seconds? and ask again\./,
    );
  });
});

describe("rate-limit configuration", () => {
  it("defaults to 20 questions per person and 60 per conversation a minute, and 20 submissions an hour", () => {
    expect(loadConfig({})).toMatchObject({
      RATE_LIMIT_USER_PER_MINUTE: 20,
      RATE_LIMIT_CONVERSATION_PER_MINUTE: 60,
      RATE_LIMIT_SUBMISSIONS_PER_HOUR: 20,
    });
  });

  it("refuses a negative or fractional limit, naming the variable", () => {
    expect(() => loadConfig({ RATE_LIMIT_USER_PER_MINUTE: "-1" })).toThrow(/RATE_LIMIT_USER_PER_MINUTE="-1"/);
    expect(() => loadConfig({ RATE_LIMIT_SUBMISSIONS_PER_HOUR: "2.5" })).toThrow(/RATE_LIMIT_SUBMISSIONS_PER_HOUR/);
  });
});

describe.each(testDatabaseKinds)("a busy Teams channel, on $name", (kind) => {
  let connector: FakeBotConnector;
  let bot: Awaited<ReturnType<typeof startTestBot>>;

  beforeAll(async () => {
    connector = await FakeBotConnector.start();
    bot = await startTestBot(kind.newTarget(), {
      RATE_LIMIT_USER_PER_MINUTE: "0",
      RATE_LIMIT_CONVERSATION_PER_MINUTE: "2",
    });
  });
  afterAll(async () => {
    await bot?.dispose();
    await connector?.stop();
  });

  it("counts questions in all its threads against the channel's limit, not each thread against its own", async () => {
    const people = [
      DANA,
      ...["avery", "blake"].map((name) => ({ id: `29:${name}`, aadObjectId: `aad-${name}`, name })),
    ];
    const texts = [];
    // Each @mention starts a thread of its own in the same channel.
    for (const from of people) {
      const message = channelMention(connector.url, "status of Milan", { from });
      expect((await postActivity(bot.url, message)).status).toBe(200);
      texts.push(textsOf(cardOf(await connector.waitFor((call) => call.replyToId === message.id))).join("\n"));
    }
    expect(texts.slice(0, 2).every((text) => text.includes("Partnership City"))).toBe(true);
    expect(texts[2]).toMatch(/You are sending questions faster than I can answer\. Wait \d+ seconds? and ask again\./);
  });
});

describe.each(testDatabaseKinds)("a proposal over the submissions limit in Slack, on $name", (kind) => {
  let api: FakeSlackApi;
  let bot: Awaited<ReturnType<typeof startSlackTestBot>>;

  beforeAll(async () => {
    api = await FakeSlackApi.start();
    bot = await startSlackTestBot(kind.newTarget(), api, new LogCapture(), { RATE_LIMIT_SUBMISSIONS_PER_HOUR: "1" });
  });
  afterAll(async () => {
    await bot?.dispose();
    await api?.stop();
  });

  /** `/iap new partnership`: the modal it opens. */
  async function openProposal(id: string): Promise<OpenedModal> {
    const from = api.calls.length;
    const command = slashCommand("new partnership", { responseUrl: api.responseUrl(id), user: "U-PROPOSER" });
    expect((await postToSlack(bot.url, command)).status).toBe(200);
    const opened = await api.waitFor((call) => call.method === "views.open" && api.calls.indexOf(call) >= from);
    return opened.body.view;
  }

  /** Submits the modal filled in for `city`: `{}` when Slack is told to close it, else the errors. */
  async function submit(modal: OpenedModal, city: string) {
    const submission = viewSubmission(modal, fillInModal(modal, proposalAnswers(city)), { user: "U-PROPOSER" });
    const response = await postToSlack(bot.url, submission);
    expect(response.status).toBe(200);
    return response.body === "" ? {} : JSON.parse(response.body);
  }

  it("keeps the modal open with what was typed, saying how long to wait, and records nothing", async () => {
    const { prisma } = bot.core.database;
    expect(await submit(await openProposal("first"), "Lyon")).toEqual({});
    const recorded = await prisma.intakeRequest.count();

    const modal = await openProposal("second");
    const limited = await submit(modal, "Lille");
    // biome-ignore lint/suspicious/noExplicitAny: blocks as opened
    const firstInput = modal.blocks.find((block: any) => block.type === "input").block_id;
    expect(limited).toEqual({
      response_action: "errors",
      errors: { [firstInput]: expect.stringMatching(SUBMISSIONS_LIMITED) },
    });
    expect(await prisma.intakeRequest.count()).toBe(recorded);
    expect(await prisma.intakeRequest.count({ where: { title: { contains: "Lille" } } })).toBe(0);
  });
});

describe.each(testDatabaseKinds)("a proposal over the submissions limit in Teams, on $name", (kind) => {
  let connector: FakeBotConnector;
  let bot: Awaited<ReturnType<typeof startTestBot>>;

  beforeAll(async () => {
    connector = await FakeBotConnector.start();
    bot = await startTestBot(kind.newTarget(), { RATE_LIMIT_SUBMISSIONS_PER_HOUR: "1" });
  });
  afterAll(async () => {
    await bot?.dispose();
    await connector?.stop();
  });

  /** Posts an activity; once the HTTP call returns the bot has answered: its reply, and any card it updated. */
  async function send(activity: { id: string }) {
    const from = connector.calls.length;
    expect((await postActivity(bot.url, activity)).status).toBe(200);
    const during = connector.calls.slice(from);
    return {
      reply: during.find((call) => call.method === "POST" && call.replyToId === activity.id),
      updates: during.filter((call) => call.method === "PUT"),
    };
  }

  /** Dana asks for a new request and clicks Partnership City: the form card, and its message id. */
  async function proposalForm() {
    const { reply: choices } = await send(personalMessage(connector.url, "new request"));
    const button = cardOf(choices!).actions.find((action) => action.title === KIND_FORM_TITLES.PARTNERSHIP_CITY);
    const opened = await send(
      cardSubmission(connector.url, button!.data, PERSONAL_CHAT, { from: DANA, replyToId: choices!.answeredId }),
    );
    return { card: cardOf(opened.reply!), messageId: opened.reply!.answeredId };
  }

  /** Fills in the form card for `city` and presses its button: Teams merges the inputs into the button's data. */
  const submit = (form: Awaited<ReturnType<typeof proposalForm>>, city: string) =>
    send(
      cardSubmission(connector.url, { ...form.card.actions[0]!.data, ...proposalAnswers(city) }, PERSONAL_CHAT, {
        from: DANA,
        replyToId: form.messageId,
      }),
    );

  it("leaves the form card open as typed, says how long to wait in a message, and records nothing", async () => {
    const { prisma } = bot.core.database;
    const accepted = await submit(await proposalForm(), "Lyon");
    expect(textsOf(cardOf(accepted.reply!))[0]).toMatch(/^Request \d+ submitted to CCO-SPER$/);
    // An accepted form is closed in place.
    expect(accepted.updates).toHaveLength(1);
    const recorded = await prisma.intakeRequest.count();

    const limited = await submit(await proposalForm(), "Lille");
    expect(textsOf(cardOf(limited.reply!)).join("\n")).toMatch(
      /You have sent more requests and comments in the last hour than I accept, so this one was not recorded\. Wait \d+ (seconds?|minutes) and send it again\./,
    );
    // Not closed: Teams keeps what was typed in the card, to send again after the wait.
    expect(limited.updates).toEqual([]);
    expect(await prisma.intakeRequest.count()).toBe(recorded);
    expect(await prisma.intakeRequest.count({ where: { title: { contains: "Lille" } } })).toBe(0);
  });
});
