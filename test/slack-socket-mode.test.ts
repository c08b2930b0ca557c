import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningBot, startBot } from "../adapters/server/start-bot.js";
import { loadConfig } from "../src/config/config.js";
import { FakeSlackApi, type SlackApiCall } from "./support/fake-slack-api.js";
import { FakeSocketMode } from "./support/fake-socket-mode.js";
import { NOW } from "./support/slack-bot.js";
import { LogCapture } from "./support/slack-log-capture.js";
import { appMentionEvent, eventCallback, postToSlack, slashCommand, textsOf } from "./support/slack-requests.js";

describe("Slack over Socket Mode (SLACK_APP_TOKEN)", () => {
  let api: FakeSlackApi;
  let socketMode: FakeSocketMode;
  let bot: RunningBot;
  let stopped = false;
  const logs = new LogCapture();

  beforeAll(async () => {
    api = await FakeSlackApi.start();
    socketMode = await FakeSocketMode.start(api);
    bot = await startBot({
      config: loadConfig({
        PORT: "0",
        SLACK_APP_TOKEN: "xapp-test",
        SLACK_BOT_TOKEN: "xoxb-test",
        SLACK_API_URL: socketMode.url,
      }),
      clock: () => NOW,
      logger: logs.logger,
      target: { kind: "pglite", dataDir: "memory://" },
    });
  });
  afterAll(async () => {
    if (!stopped) await bot?.stop();
    await socketMode?.stop();
    await api?.stop();
  });

  const posted = (test: (call: SlackApiCall) => boolean) =>
    api.waitFor((call) => call.method === "chat.postMessage" && test(call));
  const responded = (id: string) => api.waitFor((call) => call.method === "respond" && call.responseId === id);

  it("opens the socket with the app-level token and checks the bot token, at start-up", async () => {
    await socketMode.connected();
    expect(socketMode.opens).toEqual([{ authorization: "Bearer xapp-test", ticket: expect.any(String) }]);
    expect(api.callsOf("auth.test").map((call) => call.authorization)).toEqual(["Bearer xoxb-test"]);
    expect(bot.adapters.slack?.description).toBe(`Socket Mode (Web API at ${socketMode.url})`);
  });

  it("does not mount /slack/events", async () => {
    const delivery = eventCallback(appMentionEvent("<@UBOT> status of Milan", { channel: "C-http" }));
    expect((await postToSlack(bot.url, delivery)).status).toBe(404);
  });

  it("acks /iap status Milan on the socket, then answers through the response_url", async () => {
    const ack = await socketMode.deliver(slashCommand("status Milan", { responseUrl: api.responseUrl("milan") }));
    expect(ack.payload).toEqual({});

    const answer = await responded("milan");
    expect(answer.body).toMatchObject({ response_type: "ephemeral", replace_original: false });
    expect(textsOf(answer.body.blocks)).toContain("*Category*\nPartnership City");
  });

  it("acks an @mention on the socket and answers it in the thread of the mention", async () => {
    const mention = appMentionEvent("<@UBOT> when does Lisbon end?", { channel: "C-mention" });
    expect((await socketMode.deliver(eventCallback(mention))).payload).toEqual({});

    const answer = await posted((call) => call.body.channel === "C-mention");
    expect(answer.body.thread_ts).toBe(mention.ts);
    expect(answer.body.text).toContain("Lisbon");
    expect(answer.authorization).toBe("Bearer xoxb-test");
  });

  it("handles an event delivered twice (retry_attempt 1, same event_id) once, acking both", async () => {
    const delivery = eventCallback(appMentionEvent("<@UBOT> status of Milan", { channel: "C-retry" }), "Ev-socket");
    await socketMode.deliver(delivery);
    await posted((call) => call.body.channel === "C-retry");

    const retry = await socketMode.deliver(delivery, { retryAttempt: 1, retryReason: "timeout" });
    expect(retry.payload).toEqual({});
    const dropped = await logs.waitFor((entry) => entry.eventId === "Ev-socket");
    expect(dropped).toMatchObject({ msg: "Slack event already handled; redelivery ignored", retryNum: 1 });
    expect(api.callsOf("chat.postMessage").filter((call) => call.body.channel === "C-retry")).toHaveLength(1);
  });

  it("closes the socket when the bot stops", async () => {
    const closed = socketMode.closed();
    await bot.stop();
    stopped = true;
    expect(await closed).toBe(1000);
    expect(socketMode.opens).toHaveLength(1);
  });
});
