import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TeamsDeliveryError } from "../adapters/teams/errors.js";
import type { FactSet } from "../adapters/teams/render-card.js";
import type { Reply } from "../src/conversation/reply.js";
import { FakeBotConnector } from "./support/fake-bot-connector.js";
import {
  BOT,
  botAdded,
  CHANNEL,
  cardSubmission,
  channelMention,
  DANA,
  GROUP_CHAT,
  installedForPerson,
  PERSONAL_CHAT,
  personalMessage,
  postActivity,
  uninstalledForPerson,
} from "./support/teams-activities.js";
import { cardOf, startTestBot, textsOf } from "./support/teams-bot.js";
import { testDatabaseKinds } from "./support/test-databases.js";

const REMINDER: Reply = { kind: "answer", title: "Reminder", text: "The Lisbon agreement has no term end recorded." };

describe.each(testDatabaseKinds)("the bot in Microsoft Teams, on $name", (kind) => {
  let connector: FakeBotConnector;
  let bot: Awaited<ReturnType<typeof startTestBot>>;

  beforeAll(async () => {
    connector = await FakeBotConnector.start();
    bot = await startTestBot(kind.newTarget());
  });
  afterAll(async () => {
    await bot?.dispose();
    await connector?.stop();
  });

  /** Posts the activity and returns the bot's reply to it, as the connector received it. */
  async function ask(activity: { id: string }) {
    const response = await postActivity(bot.url, activity);
    expect(response.status).toBe(200);
    return connector.waitFor((call) => call.replyToId === activity.id);
  }

  it("answers a personal message with an Adaptive Card whose facts say what is and is not recorded", async () => {
    const message = personalMessage(connector.url, "status of Milan");
    const reply = await ask(message);

    expect(reply.conversationId).toBe(PERSONAL_CHAT.id);
    expect(reply.body).toMatchObject({ type: "message", from: { id: BOT.id }, recipient: { id: DANA.id } });
    expect(reply.body.summary).toContain("Milan");
    const card = cardOf(reply);
    expect(card.version).toBe("1.5");
    const facts = card.body.find((element): element is FactSet => element.type === "FactSet")!.facts;
    expect(facts).toContainEqual({ title: "Category", value: "Partnership City" });
    expect(facts).toContainEqual({ title: "Term end", value: "not recorded" });
    expect(textsOf(card).at(-1)).toMatch(/^Sources: IAP staff report, 2024/);
    expect(card.actions.map((action) => action.data)).toContainEqual({ query: "when does Milan end?" });

    expect(await bot.core.findConversation("TEAMS", PERSONAL_CHAT.id)).toMatchObject({
      kind: "PERSONAL",
      reference: { conversation: { id: PERSONAL_CHAT.id }, user: { aadObjectId: DANA.aadObjectId } },
    });
  });

  it("answers an @mention in a channel inside the thread it started, without the mention", async () => {
    const message = channelMention(connector.url, "when does Lisbon end");
    const reply = await ask(message);

    expect(reply.conversationId).toBe(`${CHANNEL.id};messageid=${message.id}`);
    expect(textsOf(cardOf(reply))).toContain(
      "The Lisbon agreement's term end is not recorded. Under the 2024 policy every agreement must be time-limited, so this needs to be filled in.",
    );
    // The channel is remembered without the thread, so a later post starts a thread of its own.
    expect(await bot.core.findConversation("TEAMS", CHANNEL.id)).toMatchObject({
      kind: "CHANNEL",
      title: CHANNEL.name,
      reference: { conversation: { id: CHANNEL.id } },
    });
  });

  it("remembers what each channel thread is about: a follow-up in one thread is not answered from another", async () => {
    const milan = channelMention(connector.url, "status of Milan");
    const lisbon = channelMention(connector.url, "status of Lisbon");
    await ask(milan);
    await ask(lisbon);
    const inThread = (root: { id: string }) => ({
      ...channelMention(connector.url, "when does it end"),
      conversation: { ...CHANNEL, id: `${CHANNEL.id};messageid=${root.id}` },
    });
    expect(textsOf(cardOf(await ask(inThread(milan)))).join("\n")).toContain("The Milan agreement's term end");
    expect(textsOf(cardOf(await ask(inThread(lisbon)))).join("\n")).toContain("The Lisbon agreement's term end");
  });

  it("hears a question in a group chat once the mention is taken out", async () => {
    // Left in, "<at>iap-bot</at> help" reads as the name of an unknown city.
    const message = { ...channelMention(connector.url, "help"), conversation: GROUP_CHAT };
    const card = cardOf(await ask(message));

    expect(textsOf(card)[0]).toBe("What you can ask");
    expect(JSON.stringify(card)).not.toContain("</at>");
    expect((await bot.core.findConversation("TEAMS", GROUP_CHAT.id))?.kind).toBe("GROUP");
  });

  it("follows a clicked suggestion: the More button gives the next page of the list", async () => {
    const first = cardOf(await ask(personalMessage(connector.url, "list all agreements")));
    const more = first.actions.find((action) => "offset" in action.data && action.data.offset !== undefined)!;
    expect(more).toMatchObject({
      type: "Action.Submit",
      title: "More (26–29 of 29)",
      data: { query: "list all agreements", offset: 25 },
    });

    const next = cardOf(await ask(cardSubmission(connector.url, more.data)));
    expect(textsOf(next)).toContain("Results (26–29 of 29)");

    const sources = first.actions.find((action) => "query" in action.data && action.data.query === "source?")!;
    const followUp = cardOf(await ask(cardSubmission(connector.url, sources.data)));
    expect(textsOf(followUp)[0]).toBe("Sources");
  });

  it("answers an activity Teams delivers twice only once", async () => {
    const message = personalMessage(connector.url, "when was Chongqing signed");
    const first = await postActivity(bot.url, message);
    const again = await postActivity(bot.url, message);

    expect([first.status, again.status]).toEqual([200, 200]);
    expect(connector.calls.filter((call) => call.replyToId === message.id)).toHaveLength(1);
  });

  it("remembers a team it is added to, welcomes it, and posts there later in a thread of its own", async () => {
    const added = botAdded(connector.url, CHANNEL);
    const welcome = await ask(added);
    expect(textsOf(cardOf(welcome))[0]).toBe("What you can ask");

    const port = bot.outbound.port("TEAMS");
    const posted = await port.postToConversation(CHANNEL.id, REMINDER);
    const post = await connector.waitFor((call) => call.answeredId === posted.messageId);
    expect(post).toMatchObject({ conversationId: CHANNEL.id, replyToId: null });
    expect(textsOf(cardOf(post))).toEqual(["Reminder", REMINDER.text]);
    expect(posted).toEqual({
      platform: "TEAMS",
      conversationId: CHANNEL.id,
      messageId: post.answeredId,
      threadId: post.answeredId,
    });

    const threaded = await port.replyInThread(posted, { kind: "answer", text: "Follow-up in the thread." });
    const reply = await connector.waitFor((call) => call.answeredId === threaded.messageId);
    expect(reply.conversationId).toBe(`${CHANNEL.id};messageid=${posted.messageId}`);
    expect(threaded.threadId).toBe(posted.messageId);
  });

  it("messages a person who installed the app, and says who it cannot message yet", async () => {
    expect((await postActivity(bot.url, installedForPerson(connector.url))).status).toBe(200);
    const port = bot.outbound.port("TEAMS");

    const sent = await port.notifyPerson(DANA.aadObjectId, REMINDER);
    const call = await connector.waitFor((candidate) => candidate.answeredId === sent.messageId);
    expect(call).toMatchObject({ conversationId: PERSONAL_CHAT.id, replyToId: null });

    const stranger = port.notifyPerson("aad-someone-else", REMINDER);
    await expect(stranger).rejects.toBeInstanceOf(TeamsDeliveryError);
    await expect(stranger).rejects.toMatchObject({
      code: "person-unknown",
      userMessage: expect.stringContaining("must install the app or send it a message first"),
    });
    await expect(port.postToConversation("19:never-added@thread.tacv2", REMINDER)).rejects.toMatchObject({
      code: "conversation-unknown",
    });
  });

  it("forgets a person's chat when they uninstall the app, and then says it cannot message them", async () => {
    expect((await postActivity(bot.url, installedForPerson(connector.url))).status).toBe(200);
    expect(await bot.core.findPersonalConversation("TEAMS", DANA.aadObjectId)).toMatchObject({
      conversationId: PERSONAL_CHAT.id,
    });
    expect((await postActivity(bot.url, uninstalledForPerson(connector.url))).status).toBe(200);
    expect(await bot.core.findConversation("TEAMS", PERSONAL_CHAT.id)).toBeNull();
    await expect(bot.outbound.port("TEAMS").notifyPerson(DANA.aadObjectId, REMINDER)).rejects.toMatchObject({
      code: "person-unknown",
    });
  });

  it("echoes hostile text it is asked about only in text runs, which Teams never reads as markdown", async () => {
    const card = cardOf(
      await ask(personalMessage(connector.url, "status of **Milan** [click](javascript:alert(1)) <at>Dana</at>")),
    );
    const echo = card.body.find(
      (element) =>
        element.type === "RichTextBlock" &&
        element.inlines.some((inline) => inline.text.includes("[click](javascript:alert(1)) <at>Dana</at")),
    );
    expect(echo).toBeDefined();
    expect(card.body.map((element) => element.type)).not.toContain("TextBlock");
  });
});
