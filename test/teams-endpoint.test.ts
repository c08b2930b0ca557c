import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeBotConnector } from "./support/fake-bot-connector.js";
import { personalMessage, postActivity } from "./support/teams-activities.js";
import { startTestBot } from "./support/teams-bot.js";
import { testDatabaseKinds } from "./support/test-databases.js";

const pglite = testDatabaseKinds.find((kind) => kind.name === "PGlite")!;

describe("POST /api/messages without MicrosoftAppId (Bot Framework Emulator)", () => {
  let connector: FakeBotConnector;
  let bot: Awaited<ReturnType<typeof startTestBot>>;

  beforeAll(async () => {
    connector = await FakeBotConnector.start();
    bot = await startTestBot(pglite.newTarget());
  });
  afterAll(async () => {
    await bot?.dispose();
    await connector?.stop();
  });

  const healthy = async () => (await fetch(`${bot.url}/healthz`)).status;

  it("says it runs unauthenticated, for local testing only", () => {
    expect(bot.adapters.teams?.description).toContain("unauthenticated local mode (Bot Framework Emulator)");
    expect(bot.adapters.teams?.description).toContain("set MicrosoftAppId");
  });

  it("answers 400 to a body that is not JSON, and keeps serving", async () => {
    const response = await postActivity(bot.url, '{"type": "message", ');
    expect(response.status).toBe(400);
    expect(JSON.parse(response.body)).toMatchObject({ error: "entity.parse.failed" });
    expect(await healthy()).toBe(200);
  });

  it("answers 400 naming the fields an activity lacks", async () => {
    const { conversation: _conversation, serviceUrl: _serviceUrl, ...partial } = personalMessage(connector.url, "hi");
    const response = await postActivity(bot.url, partial);
    expect(response.status).toBe(400);
    const body = JSON.parse(response.body);
    expect(body.error).toBe("invalid activity");
    expect(body.message).toContain("conversation");
    expect(body.message).toContain("serviceUrl");

    expect((await postActivity(bot.url, [1, 2, 3])).status).toBe(400);
    expect((await postActivity(bot.url, { ...personalMessage(connector.url, "hi"), type: "" })).status).toBe(400);
    expect(connector.calls).toEqual([]);
    expect(await healthy()).toBe(200);
  });

  it("answers 413 to a 2 MB body without reading it into an activity", async () => {
    const response = await postActivity(bot.url, personalMessage(connector.url, "x".repeat(2 * 1024 * 1024)));
    expect(response.status).toBe(413);
    expect(await healthy()).toBe(200);
  });

  it("still answers a good activity after all that", async () => {
    const message = personalMessage(connector.url, "status of Milan");
    expect((await postActivity(bot.url, message)).status).toBe(200);
    expect((await connector.waitFor((call) => call.replyToId === message.id)).body.attachments).toHaveLength(1);
  });
});

describe("POST /api/messages with MicrosoftAppId set", () => {
  let connector: FakeBotConnector;
  let bot: Awaited<ReturnType<typeof startTestBot>>;

  beforeAll(async () => {
    connector = await FakeBotConnector.start();
    bot = await startTestBot(pglite.newTarget(), {
      MicrosoftAppId: "00000000-0000-0000-0000-00000000b075",
      MicrosoftAppPassword: "not-a-real-secret",
      MicrosoftAppTenantId: "11111111-1111-1111-1111-111111111111",
    });
  });
  afterAll(async () => {
    await bot?.dispose();
    await connector?.stop();
  });

  it("names the app it runs as", () => {
    expect(bot.adapters.teams?.description).toBe(
      "POST /api/messages for Microsoft app 00000000-0000-0000-0000-00000000b075 (SingleTenant)",
    );
  });

  it("rejects an activity without a Bot Framework token with 401, before answering anything", async () => {
    const response = await postActivity(bot.url, personalMessage(connector.url, "status of Milan"));
    expect(response.status).toBe(401);
    expect(connector.calls).toEqual([]);
    expect((await fetch(`${bot.url}/healthz`)).status).toBe(200);
  });
});
