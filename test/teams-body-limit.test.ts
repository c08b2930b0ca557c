import { Agent, request as httpRequest } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeBotConnector } from "./support/fake-bot-connector.js";
import { asFormAnswers } from "./support/intake-form-answers.js";
import { aPartnershipCityProposal } from "./support/intake-proposals.js";
import { cardSubmission, personalMessage } from "./support/teams-activities.js";
import { cardOf, startTestBot, textsOf } from "./support/teams-bot.js";
import { testDatabaseKinds } from "./support/test-databases.js";

const pglite = testDatabaseKinds.find((kind) => kind.name === "PGlite")!;

/** 102 KB of UTF-8: a document pasted in a script of three bytes a character. */
const PASTE = "名".repeat(34_000);

/** POSTs to /api/messages through `agent`; resolves with the status and the local port of the connection used. */
function post(url: string, agent: Agent, body: string): Promise<{ status: number; localPort: number }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(`${url}/api/messages`, {
      method: "POST",
      agent,
      headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) },
    });
    request.on("response", (response) => {
      response.resume();
      response.on("end", () => resolve({ status: response.statusCode ?? 0, localPort: request.socket!.localPort! }));
    });
    request.on("error", reject);
    request.end(body);
  });
}

describe("the body limit on POST /api/messages", () => {
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

  it("answers 413 to a 2 MB activity, then answers the next activity sent on the same connection", async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const huge = await post(
        bot.url,
        agent,
        JSON.stringify(personalMessage(connector.url, "x".repeat(2 * 1024 * 1024))),
      );
      expect(huge.status).toBe(413);

      const message = personalMessage(connector.url, "status of Milan");
      const next = await post(bot.url, agent, JSON.stringify(message));
      expect(next).toEqual({ status: 200, localPort: huge.localPort });
      const reply = await connector.waitFor((call) => call.replyToId === message.id);
      expect(textsOf(cardOf(reply))[0]).toBe("Milan");
    } finally {
      agent.destroy();
    }
  });

  it("accepts a proposal form with a 100 KB paste in three of its fields (over 300 KB in all) and stores them", async () => {
    const answers = {
      ...asFormAnswers(aPartnershipCityProposal()),
      requestingDivision: "EDC",
      cityEconomy: PASTE,
      cityCulturalAndCommunityResources: PASTE,
      goals: PASTE,
    };
    const submission = cardSubmission(connector.url, {
      form: "intake.new:PARTNERSHIP_CITY",
      submit: true,
      formCard: true,
      ...answers,
    });
    const body = JSON.stringify(submission);
    expect(Buffer.byteLength(body)).toBeGreaterThan(300_000);

    const agent = new Agent();
    try {
      expect((await post(bot.url, agent, body)).status).toBe(200);
    } finally {
      agent.destroy();
    }
    const reply = await connector.waitFor((call) => call.replyToId === submission.id);
    const number = Number(textsOf(cardOf(reply))[0]!.match(/^Request (\d+) submitted/)![1]);
    const stored = await bot.core.database.prisma.intakeRequest.findUniqueOrThrow({ where: { id: number } });
    expect(stored.proposal).toMatchObject({
      cityEconomy: PASTE,
      cityCulturalAndCommunityResources: PASTE,
      goals: PASTE,
    });
  });
});
