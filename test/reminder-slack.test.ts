import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importRegistry } from "../src/registry/import-registry.js";
import { anAgreement, aRegistryDocument } from "./support/agreement-builder.js";
import { FakeSlackApi } from "./support/fake-slack-api.js";
import { startSlackTestBot } from "./support/slack-bot.js";
import { LogCapture } from "./support/slack-log-capture.js";
import {
  blockAction,
  buttonsOf,
  fillInModal,
  type OpenedModal,
  postToSlack,
  viewSubmission,
} from "./support/slack-requests.js";
import { testDatabaseKinds } from "./support/test-databases.js";

const WORKING_GROUP = "C0WORKING";
const COORDINATOR = "U0COORD";

/**
 * A reminder's whole life through the real bot: the scheduler started by startBot (REMINDERS=on)
 * queues it, the outbox posts it to the working group's channel through Bolt's client, and a
 * coordinator answers it with its button and modal. The bot's clock is 09:00 EST on 2 March 2026.
 */
describe.each(testDatabaseKinds)("a reminder through Slack, end to end, on $name", (kind) => {
  let api: FakeSlackApi;
  let bot: Awaited<ReturnType<typeof startSlackTestBot>>;

  beforeAll(async () => {
    api = await FakeSlackApi.start();
    bot = await startSlackTestBot(kind.newTarget(), api, new LogCapture(), {
      REMINDERS: "on",
      WORKING_GROUP_CHANNEL_SLACK: WORKING_GROUP,
    });
    const prisma = bot.core.database.prisma;
    const imported = await importRegistry(prisma, {
      fileName: "reminders.json",
      text: JSON.stringify(aRegistryDocument(anAgreement("port-city").expiring("2026-04-01"))),
      now: new Date("2026-03-02T14:00:00Z"),
    });
    if (!imported.ok) throw new Error(JSON.stringify(imported.problems));
    await prisma.person.create({
      data: {
        displayName: "Avery",
        role: "COORDINATOR",
        identities: { create: [{ platform: "SLACK", externalId: COORDINATOR }] },
      },
    });
  });
  afterAll(async () => {
    await bot?.dispose();
    await api?.stop();
  });

  it("posts the 30-day expiry reminder once, and records the coordinator's answer from its button", async () => {
    expect(bot.scheduler).not.toBeNull();
    const first = await bot.scheduler!.tickNow();
    const again = await bot.scheduler!.tickNow();
    expect(first.drain.sent).toBeGreaterThanOrEqual(1);
    expect(again.tick.queued).toBe(0);
    const posts = api.callsOf("chat.postMessage").filter((call) => call.body.channel === WORKING_GROUP);
    const reminder = posts.find((call) => call.body.text.startsWith("Port City: term ends in 30 days"));
    expect(reminder).toBeDefined();
    expect(posts.filter((call) => call.body.text === reminder!.body.text)).toHaveLength(1);

    const renewing = buttonsOf(reminder!.body.blocks).find((button) => button.text.text === "Renewal under way")!;
    const before = api.calls.length;
    const click = await postToSlack(
      bot.url,
      blockAction(renewing, {
        responseUrl: api.responseUrl("answer"),
        container: { type: "message", channel_id: WORKING_GROUP, message_ts: "1767225600.000001" },
        user: COORDINATOR,
      }),
    );
    expect(click.status).toBe(200);
    const opened = await api.waitFor((call) => call.method === "views.open" && api.calls.indexOf(call) >= before);
    const modal: OpenedModal = opened.body.view;
    const note = "Council report in April <!channel>";
    const submitted = await postToSlack(
      bot.url,
      viewSubmission(modal, fillInModal(modal, { note }), { user: COORDINATOR }),
    );
    expect(submitted.status).toBe(200);
    const delivery = await bot.core.database.prisma.reminderDelivery.findFirstOrThrow({
      where: { key: { endsWith: "|30" }, kind: "TERM_EXPIRY" },
    });
    expect(delivery).toMatchObject({
      answer: "RENEWAL_UNDER_WAY",
      answerNote: note,
      answeredBy: `SLACK:${COORDINATOR}`,
    });
    // The answer is part of the agreement's record: a status question shows it.
    const status = await bot.core.ask({ conversationKey: "test", text: "status of Port City" });
    expect(status.facts).toContainEqual({
      label: "Renewal decision",
      value: `renewal under way (answered 2 March 2026): ${note}`,
      known: true,
    });
  });
});
