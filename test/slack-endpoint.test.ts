import { once } from "node:events";
import { request as httpRequest } from "node:http";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBot } from "../adapters/server/start-bot.js";
import { loadConfig } from "../src/config/config.js";
import { FakeSlackApi } from "./support/fake-slack-api.js";
import { NOW, startSlackTestBot } from "./support/slack-bot.js";
import {
  appMentionEvent,
  eventCallback,
  postToSlack,
  type SlackRequest,
  signatureHeaders,
  slashCommand,
} from "./support/slack-requests.js";
import { testDatabaseKinds } from "./support/test-databases.js";

const pglite = testDatabaseKinds.find((kind) => kind.name === "PGlite")!;

describe("Slack without SLACK_SIGNING_SECRET, SLACK_BOT_TOKEN or SLACK_APP_TOKEN", () => {
  it("is not started, and /slack/events does not exist", async () => {
    const bot = await startBot({
      config: loadConfig({ PORT: "0" }),
      clock: () => NOW,
      logger: pino({ level: "silent" }),
      target: pglite.newTarget(),
    });
    try {
      expect(bot.adapters.slack).toBeNull();
      expect(bot.outbound.connected()).not.toContain("SLACK");
      const response = await postToSlack(bot.url, eventCallback(appMentionEvent("<@UBOT> help")));
      expect(response.status).toBe(404);
    } finally {
      await bot.stop();
    }
  });
});

describe("POST /slack/events", () => {
  let api: FakeSlackApi;
  let bot: Awaited<ReturnType<typeof startSlackTestBot>>;

  beforeAll(async () => {
    api = await FakeSlackApi.start();
    bot = await startSlackTestBot(pglite.newTarget(), api);
  });
  afterAll(async () => {
    await bot?.dispose();
    await api?.stop();
  });

  const healthy = async () => (await fetch(`${bot.url}/healthz`)).status;
  /** Web API calls other than the token check made at start-up. */
  const answers = () => api.calls.filter((call) => call.method !== "auth.test");
  const signedJson = (body: string): SlackRequest => ({ body, contentType: "application/json" });

  it("verifies the bot token with auth.test at start-up and registers the Slack outbound port", () => {
    expect(api.callsOf("auth.test")).toHaveLength(1);
    expect(api.callsOf("auth.test")[0]!.authorization).toBe("Bearer xoxb-test");
    expect(bot.adapters.slack?.description).toContain("POST /slack/events");
    expect(bot.outbound.connected()).toContain("SLACK");
  });

  it("answers Slack's URL verification challenge", async () => {
    const response = await postToSlack(
      bot.url,
      signedJson(JSON.stringify({ type: "url_verification", challenge: "c-1" })),
    );
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toEqual({ challenge: "c-1" });
  });

  it("rejects a request signed with another secret with 401, and answers nothing", async () => {
    const command = slashCommand("status Milan", { responseUrl: api.responseUrl("forged") });
    const response = await postToSlack(bot.url, command, { secret: "not-the-signing-secret" });
    expect(response.status).toBe(401);
    expect((await postToSlack(bot.url, eventCallback(appMentionEvent("<@UBOT> help")), { secret: "x" })).status).toBe(
      401,
    );
    expect(answers()).toEqual([]);
  });

  it("rejects a request without signature headers with 401", async () => {
    const command = slashCommand("status Milan", { responseUrl: api.responseUrl("unsigned") });
    const response = await fetch(`${bot.url}/slack/events`, {
      method: "POST",
      headers: { "content-type": command.contentType },
      body: command.body,
    });
    expect(response.status).toBe(401);
    expect(answers()).toEqual([]);
  });

  it("rejects a correctly signed request more than 5 minutes old (a replay) with 401", async () => {
    const command = slashCommand("status Milan", { responseUrl: api.responseUrl("replayed") });
    const sixMinutesAgo = Math.floor(Date.now() / 1000) - 6 * 60;
    expect((await postToSlack(bot.url, command, { timestamp: sixMinutesAgo })).status).toBe(401);
    expect(answers()).toEqual([]);
  });

  it("answers 400 to a signed body that is not JSON, and keeps serving", async () => {
    expect((await postToSlack(bot.url, signedJson('{"type": "event_callback", '))).status).toBe(400);
    expect(await healthy()).toBe(200);
  });

  it("answers 400 at once to signed bodies Bolt could not dispatch, naming what is missing", async () => {
    const withoutEventId = JSON.parse(eventCallback(appMentionEvent("<@UBOT> help")).body);
    delete withoutEventId.event_id;
    const response = await postToSlack(bot.url, signedJson(JSON.stringify(withoutEventId)));
    expect(response.status).toBe(400);
    expect(JSON.parse(response.body).message).toContain("event_id");

    const withoutEvent = { ...withoutEventId, event_id: "Ev-no-event", event: undefined };
    expect((await postToSlack(bot.url, signedJson(JSON.stringify(withoutEvent)))).status).toBe(400);
    for (const body of ["null", "[1,2,3]", '"text"', "{}", '{"type":"view_submission"}']) {
      expect((await postToSlack(bot.url, signedJson(body))).status, body).toBe(400);
    }
    const commandWithoutUrl = new URLSearchParams(slashCommand("help", { responseUrl: "x" }).body);
    commandWithoutUrl.delete("response_url");
    const formRequest: SlackRequest = {
      body: commandWithoutUrl.toString(),
      contentType: "application/x-www-form-urlencoded",
    };
    const formResponse = await postToSlack(bot.url, formRequest);
    expect(formResponse.status).toBe(400);
    expect(JSON.parse(formResponse.body).message).toContain("response_url");
    const badPayload: SlackRequest = { body: "payload=%7Bnot-json", contentType: "application/x-www-form-urlencoded" };
    expect((await postToSlack(bot.url, badPayload)).status).toBe(400);

    expect(answers()).toEqual([]);
    expect(await healthy()).toBe(200);
  });

  it("answers 413 to a 2 MB body without reading it, and keeps serving", async () => {
    const huge = slashCommand(`status ${"x".repeat(2 * 1024 * 1024)}`, { responseUrl: api.responseUrl("huge") });
    expect((await postToSlack(bot.url, huge)).status).toBe(413);
    expect(answers()).toEqual([]);
    expect(await healthy()).toBe(200);
  });

  it("answers 413 to a streamed body (no Content-Length) as soon as it passes 1 MB, without waiting for the rest", async () => {
    expect(await streamUntilAnswered(`${bot.url}/slack/events`, signatureHeaders(""))).toEqual({
      status: 413,
      bytesSent: expect.toSatisfy((sent: number) => sent < 4 * 1024 * 1024),
    });
    expect(await healthy()).toBe(200);
  });

  it("still answers a good request after all that", async () => {
    const command = slashCommand("help", { responseUrl: api.responseUrl("after-all-that") });
    expect((await postToSlack(bot.url, command)).status).toBe(200);
    const answer = await api.waitFor((call) => call.responseId === "after-all-that");
    expect(answer.body.blocks.length).toBeGreaterThan(0);
  });
});

/**
 * Streams a chunked JSON body (no Content-Length) until the server answers, up to 4 MB, then
 * stops: what a client sees from a server that refuses a body while it is still being sent.
 */
async function streamUntilAnswered(
  url: string,
  headers: Record<string, string>,
): Promise<{ status: number; bytesSent: number }> {
  const request = httpRequest(url, { method: "POST", headers: { "content-type": "application/json", ...headers } });
  const answered = new Promise<number>((resolve, reject) => {
    request.on("response", (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    request.on("error", reject);
  });
  let status: number | null = null;
  void answered.then((code) => {
    status = code;
  });
  const chunk = Buffer.alloc(64 * 1024, "x");
  let bytesSent = 0;
  while (status === null && bytesSent < 4 * 1024 * 1024) {
    if (!request.write(chunk)) await Promise.race([once(request, "drain"), answered]);
    bytesSent += chunk.length;
  }
  const code = await answered;
  request.destroy();
  return { status: code, bytesSent };
}
