import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseTarget } from "../src/db/database-target.js";
import { quoteIdentifier } from "../src/db/open-database.js";
import { FakeSlackApi } from "./support/fake-slack-api.js";
import { asFormAnswers } from "./support/intake-form-answers.js";
import { aPartnershipCityProposal } from "./support/intake-proposals.js";
import { startSlackTestBot } from "./support/slack-bot.js";
import {
  appMentionEvent,
  eventCallback,
  fillInModal,
  postToSlack,
  slashCommand,
  viewSubmission,
} from "./support/slack-requests.js";
import { testDatabaseKinds } from "./support/test-databases.js";
import { testPostgresUrl } from "./support/test-postgres-url.js";

// Only PostgreSQL can show this: holding a lock needs a second connection, and PGlite has one.
const postgres = testDatabaseKinds.find((kind) => kind.name === "PostgreSQL")!;

describe("Slack while the database is stuck (PostgreSQL)", () => {
  let api: FakeSlackApi;
  let target: DatabaseTarget;
  let bot: Awaited<ReturnType<typeof startSlackTestBot>>;
  let locker: pg.Client;

  beforeAll(async () => {
    api = await FakeSlackApi.start();
    target = postgres.newTarget();
    bot = await startSlackTestBot(target, api);
    locker = new pg.Client({ connectionString: testPostgresUrl() });
    await locker.connect();
  });
  afterAll(async () => {
    await locker?.end();
    await bot?.dispose();
    await api?.stop();
  });

  it("acknowledges a slash command and an event at once, and answers both when the database is free again", async () => {
    const schema = quoteIdentifier((target as { schema: string }).schema);
    await locker.query("BEGIN");
    // An answer reads the conversation context; an event is first claimed in the delivery log.
    await locker.query(
      `LOCK TABLE ${schema}."ConversationContext", ${schema}."ProcessedDelivery" IN ACCESS EXCLUSIVE MODE`,
    );

    const command = await postToSlack(bot.url, slashCommand("status Milan", { responseUrl: api.responseUrl("slow") }));
    expect(command).toEqual({ status: 200, body: "" });
    const mention = appMentionEvent("<@UBOT> status of Milan", { channel: "C-slow" });
    expect((await postToSlack(bot.url, eventCallback(mention))).status).toBe(200);
    expect(api.calls.filter((call) => call.method !== "auth.test")).toEqual([]);

    await locker.query("ROLLBACK");
    const answer = await api.waitFor((call) => call.responseId === "slow");
    expect(answer.body.text).toContain("Milan");
    const inThread = await api.waitFor((call) => call.method === "chat.postMessage" && call.body.channel === "C-slow");
    expect(inThread.body.thread_ts).toBe(mention.ts);
  });

  it("closes a submitted form when the database is too slow to decide in time, and sends the decision once it comes", async () => {
    await postToSlack(
      bot.url,
      slashCommand("new partnership", { responseUrl: api.responseUrl("new"), user: "U-slow" }),
    );
    const modal = (await api.waitFor((call) => call.method === "views.open")).body.view;
    const schema = quoteIdentifier((target as { schema: string }).schema);
    await locker.query("BEGIN");
    await locker.query(`LOCK TABLE ${schema}."IntakeRequest" IN ACCESS EXCLUSIVE MODE`);

    const values = fillInModal(modal, asFormAnswers(aPartnershipCityProposal({ candidateCity: "Avignon" })));
    const submitted = await postToSlack(bot.url, viewSubmission(modal, values, { user: "U-slow" }));
    expect(submitted).toEqual({ status: 200, body: "" });

    await locker.query("ROLLBACK");
    const told = await api.waitFor((call) => call.method === "chat.postMessage" && call.body.channel === "D1");
    expect(told.body.text).toMatch(/^Request \d+ submitted to CCO-SPER/);
    expect(await bot.core.database.prisma.intakeRequest.count()).toBe(1);
  });
});
