import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeSlackApi, type SlackApiCall } from "./support/fake-slack-api.js";
import { startSlackTestBot } from "./support/slack-bot.js";
import { LogCapture } from "./support/slack-log-capture.js";
import {
  appHomeOpenedEvent,
  appMentionEvent,
  aTs,
  blockAction,
  buttonsOf,
  directMessageEvent,
  eventCallback,
  memberJoinedChannelEvent,
  postToSlack,
  slashCommand,
  textsOf,
} from "./support/slack-requests.js";
import { testDatabaseKinds } from "./support/test-databases.js";

describe.each(testDatabaseKinds)("Slack conversations on $name", (kind) => {
  let api: FakeSlackApi;
  let bot: Awaited<ReturnType<typeof startSlackTestBot>>;
  const logs = new LogCapture();

  beforeAll(async () => {
    api = await FakeSlackApi.start();
    bot = await startSlackTestBot(kind.newTarget(), api, logs);
  });
  afterAll(async () => {
    await bot?.dispose();
    await api?.stop();
  });

  const posted = (test: (call: SlackApiCall) => boolean) =>
    api.waitFor((call) => call.method === "chat.postMessage" && test(call));
  const responded = (id: string) => api.waitFor((call) => call.method === "respond" && call.responseId === id);

  it("acknowledges /iap status Milan with an empty 200, then answers through the response_url", async () => {
    const ack = await postToSlack(bot.url, slashCommand("status Milan", { responseUrl: api.responseUrl("milan") }));
    expect(ack).toEqual({ status: 200, body: "" });

    const answer = await responded("milan");
    expect(answer.body).toMatchObject({ response_type: "ephemeral", replace_original: false });
    expect(answer.body.blocks[0]).toEqual({
      type: "header",
      text: { type: "plain_text", text: "Milan", emoji: false },
    });
    const texts = textsOf(answer.body.blocks);
    expect(texts).toContain("*Category*\nPartnership City");
    expect(texts).toContain("*Term end*\n_not recorded_");
    expect(answer.body.text).toContain("Milan (Italy) is a Partnership City agreement.");
  });

  it("answers /iap with no text, and /iap help, with the help", async () => {
    await postToSlack(bot.url, slashCommand("", { responseUrl: api.responseUrl("empty") }));
    await postToSlack(bot.url, slashCommand("help", { responseUrl: api.responseUrl("help") }));
    const [empty, help] = [await responded("empty"), await responded("help")];
    expect(empty.body.blocks).toEqual(help.body.blocks);
    expect(buttonsOf(help.body.blocks).length).toBeGreaterThan(0);
  });

  it("answers /iap expiring 90 days, saying how many have no term end to check", async () => {
    await postToSlack(bot.url, slashCommand("expiring 90 days", { responseUrl: api.responseUrl("expiring") }));
    const answer = await responded("expiring");
    expect(textsOf(answer.body.blocks).join("\n")).toContain("no term end recorded");
  });

  it("answers an @mention in the thread of the mention, without the mention in the question", async () => {
    const mention = appMentionEvent("<@UBOT> when does Lisbon end?", { channel: "C-mention" });
    expect((await postToSlack(bot.url, eventCallback(mention))).status).toBe(200);

    const answer = await posted((call) => call.body.channel === "C-mention");
    expect(answer.body.thread_ts).toBe(mention.ts);
    expect(answer.body.text).toContain("Lisbon");
    expect(answer.body).toMatchObject({ unfurl_links: "false", unfurl_media: "false" });
    expect(answer.authorization).toBe("Bearer xoxb-test");
    expect(await bot.core.findConversation("SLACK", "C-mention")).toMatchObject({
      kind: "CHANNEL",
      reference: { channel: "C-mention", team: "T1" },
    });
  });

  it("answers an @mention inside a thread in that thread, and a follow-up there in its context", async () => {
    const threadTs = aTs();
    await postToSlack(
      bot.url,
      eventCallback(appMentionEvent("<@UBOT> status of Milan", { channel: "C-thread", threadTs })),
    );
    const first = await posted((call) => call.body.channel === "C-thread");
    expect(first.body.thread_ts).toBe(threadTs);

    await postToSlack(bot.url, eventCallback(appMentionEvent("<@UBOT> source?", { channel: "C-thread", threadTs })));
    const sources = await posted((call) => call.body.channel === "C-thread" && call !== first);
    expect(sources.body.thread_ts).toBe(threadTs);
    expect(textsOf(sources.body.blocks).join("\n")).toContain("Milan: category");
  });

  it("answers a direct message in the DM, and remembers the DM as the person's", async () => {
    await postToSlack(
      bot.url,
      eventCallback(directMessageEvent("how many partnership cities are there?", { channel: "D-dm", user: "U-dm" })),
    );
    const answer = await posted((call) => call.body.channel === "D-dm");
    expect(answer.body.thread_ts).toBeUndefined();
    expect(answer.body.text).toMatch(/10 Partnership City/);
    expect(await bot.core.findPersonalConversation("SLACK", "U-dm")).toMatchObject({
      conversationId: "D-dm",
      kind: "PERSONAL",
    });
  });

  it("does not answer its own messages, other bots, edits, or messages in channels", async () => {
    const ignored = [
      { ...directMessageEvent("status of Milan", { channel: "D-ignored" }), bot_id: "B1" },
      { ...directMessageEvent("status of Milan", { channel: "D-ignored" }), subtype: "message_changed" },
      { ...directMessageEvent("status of Milan", { channel: "C-ignored" }), channel_type: "channel" },
    ];
    for (const event of ignored) expect((await postToSlack(bot.url, eventCallback(event))).status).toBe(200);
    // A DM sent after them is answered; had any of them been, its answer would have come first.
    await postToSlack(bot.url, eventCallback(directMessageEvent("help", { channel: "D-ignored" })));
    await posted((call) => call.body.channel === "D-ignored");
    expect(api.callsOf("chat.postMessage").filter((call) => /ignored/.test(call.body.channel))).toHaveLength(1);
  });

  it("handles an event Slack delivers twice (X-Slack-Retry-Num) once", async () => {
    const delivery = eventCallback(appMentionEvent("<@UBOT> status of Milan", { channel: "C-retry" }), "Ev-retried");
    expect((await postToSlack(bot.url, delivery)).status).toBe(200);
    await posted((call) => call.body.channel === "C-retry");

    const retry = await postToSlack(bot.url, delivery, {
      headers: { "x-slack-retry-num": "1", "x-slack-retry-reason": "http_timeout" },
    });
    expect(retry.status).toBe(200);
    const dropped = await logs.waitFor((entry) => entry.eventId === "Ev-retried");
    expect(dropped).toMatchObject({ msg: "Slack event already handled; redelivery ignored", retryNum: 1 });
    expect(api.callsOf("chat.postMessage").filter((call) => call.body.channel === "C-retry")).toHaveLength(1);
  });

  it("answers a click on a suggestion button where the button was, in its thread", async () => {
    const mention = appMentionEvent("<@UBOT> status of Milan", { channel: "C-click" });
    await postToSlack(bot.url, eventCallback(mention));
    const answer = await posted((call) => call.body.channel === "C-click");
    const button = buttonsOf(answer.body.blocks).find((candidate) => /end/i.test(candidate.text.text))!;
    expect(button.action_id).toMatch(/^iap_suggestion_\d+$/);

    const click = blockAction(button, {
      responseUrl: api.responseUrl("click"),
      container: { type: "message", channel_id: "C-click", message_ts: aTs(), thread_ts: mention.ts },
    });
    expect((await postToSlack(bot.url, click)).status).toBe(200);
    const clicked = await responded("click");
    expect(clicked.body).toMatchObject({ response_type: "in_channel", replace_original: false, thread_ts: mention.ts });
    expect(clicked.body.text).toMatch(/Milan/);
    expect(clicked.body.text).toMatch(/not recorded/);
  });

  it("pages a long list with a More button that asks the same question for the next page", async () => {
    await postToSlack(bot.url, slashCommand("list all agreements", { responseUrl: api.responseUrl("all") }));
    const firstPage = await responded("all");
    const firstItems = textsOf(firstPage.body.blocks).join("\n");
    expect(firstItems).toContain("(25 of 29)");
    const more = buttonsOf(firstPage.body.blocks).find((button) => button.text.text.startsWith("More"))!;
    expect(JSON.parse(more.value)).toEqual({ query: expect.any(String), offset: 25 });

    const click = blockAction(more, {
      responseUrl: api.responseUrl("all-more"),
      container: { type: "message", channel_id: "C1", message_ts: aTs(), is_ephemeral: true },
    });
    expect((await postToSlack(bot.url, click)).status).toBe(200);
    const secondPage = await responded("all-more");
    expect(secondPage.body.response_type).toBe("ephemeral");
    const secondItems = textsOf(secondPage.body.blocks).join("\n");
    expect(secondItems).toContain("(26–29 of 29)");
    const bullets = (text: string) => text.split("\n").filter((line) => line.startsWith("• "));
    expect(bullets(secondItems)).toHaveLength(4);
    expect(bullets(firstItems)).not.toContain(bullets(secondItems)[0]);
  });

  it("answers a click in App Home in the person's DM with the bot", async () => {
    await postToSlack(bot.url, eventCallback(appHomeOpenedEvent("U-home-click")));
    const home = await api.waitFor((call) => call.method === "views.publish" && call.body.user_id === "U-home-click");
    const button = buttonsOf(home.body.view.blocks)[0]!;
    const click = blockAction(button, { container: { type: "view", view_id: "V1" }, user: "U-home-click" });
    expect((await postToSlack(bot.url, click)).status).toBe(200);
    await api.waitFor((call) => call.method === "conversations.open" && call.body.users === "U-home-click");
    expect((await posted((call) => call.body.channel === "D1")).body.blocks.length).toBeGreaterThan(0);
  });

  it("publishes App Home with the counts by category when it is opened", async () => {
    await postToSlack(bot.url, eventCallback(appHomeOpenedEvent("U-home")));
    const home = await api.waitFor((call) => call.method === "views.publish" && call.body.user_id === "U-home");
    expect(home.body.view.type).toBe("home");
    const texts = textsOf(home.body.view.blocks);
    expect(texts).toContain("*Partnership City*\n10");
    expect(texts).toContain("*International Project*\n2");
    expect(texts).toContain("*Historical*\n16");
  });

  it("remembers a channel and introduces itself when invited, but not when someone else joins", async () => {
    await postToSlack(bot.url, eventCallback(memberJoinedChannelEvent("U-someone", "C-invited")));
    await postToSlack(bot.url, eventCallback(memberJoinedChannelEvent("UBOT", "C-invited")));
    const hello = await posted((call) => call.body.channel === "C-invited");
    expect(buttonsOf(hello.body.blocks).length).toBeGreaterThan(0);
    expect(await bot.core.findConversation("SLACK", "C-invited")).toMatchObject({
      kind: "CHANNEL",
      reference: { channel: "C-invited", team: "T1" },
    });
  });

  it("shows <!channel> and <@U…> typed in a question as text, never as a live mention", async () => {
    await postToSlack(
      bot.url,
      slashCommand("status of &lt;!channel&gt; &lt;@U1&gt; &amp; &lt;https://evil.example|Milan&gt;", {
        responseUrl: api.responseUrl("hostile"),
      }),
    );
    await postToSlack(
      bot.url,
      eventCallback(appMentionEvent("<@UBOT> tell me about <!channel> <!here>", { channel: "C-hostile" })),
    );
    for (const answer of [await responded("hostile"), await posted((call) => call.body.channel === "C-hostile")]) {
      const everything = JSON.stringify(answer.body);
      expect(everything).not.toMatch(/<!channel>|<!here>|<@U1>|<https:/);
    }
  });

  it("posts through the Slack outbound port: to a channel, in a thread, and to a person", async () => {
    const port = bot.outbound.port("SLACK");
    const reply = { kind: "answer" as const, title: "Reminder", text: "Lisbon's term ends <soon> & needs a decision." };
    const post = await port.postToConversation("C-reminders", reply);
    expect(post).toMatchObject({ platform: "SLACK", conversationId: "C-reminders", threadId: post.messageId });
    const inThread = await port.replyInThread(post, reply);
    expect(inThread.threadId).toBe(post.messageId);
    const calls = api.callsOf("chat.postMessage").filter((call) => call.body.channel === "C-reminders");
    expect(calls.map((call) => call.body.thread_ts)).toEqual([undefined, post.messageId]);
    expect(calls[0]!.body.text).toBe("Reminder: Lisbon's term ends &lt;soon&gt; &amp; needs a decision.");

    const direct = await port.notifyPerson("U-person", reply);
    expect(direct.conversationId).toBe("D1");
    expect(api.callsOf("conversations.open").at(-1)!.body.users).toBe("U-person");
  });

  it("maps a Slack refusal to a coded error saying what to do", async () => {
    api.fail("chat.postMessage", { error: "not_in_channel" });
    try {
      await expect(
        bot.outbound.port("SLACK").postToConversation("C-not-member", { kind: "answer", text: "hello" }),
      ).rejects.toMatchObject({
        name: "SlackDeliveryError",
        code: "conversation-unknown",
        userMessage: expect.stringContaining("invite"),
      });
    } finally {
      api.succeed("chat.postMessage");
    }
  });
});
