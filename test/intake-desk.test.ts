import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Core, startCore } from "../src/app/start-core.js";
import { auditTrail } from "../src/audit/audit-log.js";
import type { FormValues } from "../src/chat/form.js";
import type { OutboundPort, PostedMessage } from "../src/chat/outbound-port.js";
import { loadConfig } from "../src/config/config.js";
import type { Reply } from "../src/conversation/reply.js";
import type { DatabaseTarget } from "../src/db/database-target.js";
import { checklistFor } from "../src/intake/initial-assessment.js";
import { submitRequest } from "../src/intake/intake-service.js";
import { createLogger } from "../src/shared/logger.js";
import { anInternationalProjectProposal } from "./support/intake-proposals.js";
import { disposeTestTarget, testDatabaseKinds } from "./support/test-databases.js";

/**
 * The desk through the core's own API, with a port that records what would be posted: the thread
 * and notification logic, independent of any chat SDK. The adapters' end-to-end tests drive the same
 * paths through real Bolt and botbuilder.
 */
class RecordingPort implements OutboundPort {
  readonly platform = "SLACK" as const;
  readonly posts: { kind: "post" | "thread" | "dm"; to: string; reply: Reply }[] = [];
  #next = 1;
  #posted(conversationId: string, threadId?: string): PostedMessage {
    const messageId = `m${this.#next++}`;
    return { platform: "SLACK", conversationId, messageId, threadId: threadId ?? messageId };
  }
  async postToConversation(conversationId: string, reply: Reply) {
    this.posts.push({ kind: "post", to: conversationId, reply });
    return this.#posted(conversationId);
  }
  async replyInThread(thread: { conversationId: string; threadId: string }, reply: Reply) {
    this.posts.push({ kind: "thread", to: `${thread.conversationId}/${thread.threadId}`, reply });
    return this.#posted(thread.conversationId, thread.threadId);
  }
  async notifyPerson(userId: string, reply: Reply) {
    this.posts.push({ kind: "dm", to: userId, reply });
    return this.#posted(`D-${userId}`);
  }
}

const now = new Date("2026-11-23T15:00:00Z");
const REQUESTER = "U-REQ";
const COORDINATOR = "U-COORD";

const pcValues: FormValues = {
  candidateCity: "Lyon",
  country: "France",
  counterpartyKind: "MUNICIPALITY",
  cityEconomy: "Life sciences",
  cityCulturalAndCommunityResources: "Festival of Lights",
  cityMunicipalPriorities: "Climate plan",
  goals: "Trade and climate practice",
  "activities.0.description": "",
  "activities.1.description": "Trade mission",
  "activities.1.financialResources": "$40,000",
  "activities.1.staffingResources": "0.2 FTE",
  termStart: "2027-01-01",
  termEnd: "2031-12-31",
  renewalOption: "yes",
};

/** A core with CCO-SPER's Slack intake channel, posting through `port`, and Avery as its coordinator. */
async function startDeskCore(target: DatabaseTarget, port: RecordingPort): Promise<Core> {
  const core = await startCore({
    config: loadConfig({ INTAKE_CHANNEL_SLACK: "C0INTAKE" }),
    clock: () => now,
    logger: createLogger("silent"),
    target,
  });
  core.outbound.register(port);
  await core.database.prisma.person.create({
    data: {
      displayName: "Avery",
      role: "COORDINATOR",
      identities: { create: [{ platform: "SLACK", externalId: COORDINATOR }] },
    },
  });
  return core;
}

describe.each(testDatabaseKinds)("the intake desk on $name", (kind) => {
  let core: Core;
  const port = new RecordingPort();
  const target = kind.newTarget();

  beforeAll(async () => {
    core = await startDeskCore(target, port);
  });
  afterAll(async () => {
    await core?.close();
    await disposeTestTarget(target);
  });

  const submit = (formId: string, values: FormValues, userId: string) =>
    core.submitForm({ platform: "SLACK", userId, formId, values });

  it("lists every problem of a proposal form by field, stores nothing, and shows an activity's problem where it was typed", async () => {
    const result = await submit(
      "intake.new:PARTNERSHIP_CITY",
      { ...pcValues, goals: " ", termEnd: "2033-01-01", "activities.1.staffingResources": "" },
      REQUESTER,
    );
    expect(result.status).toBe("invalid");
    if (result.status !== "invalid") return;
    expect(Object.keys(result.errors).sort()).toEqual(["activities.1.staffingResources", "goals"]);
    expect(await core.database.prisma.intakeRequest.count()).toBe(0);
  });

  it("refuses a term over five years on the term end field, quoting the rule", async () => {
    const result = await submit("intake.new:PARTNERSHIP_CITY", { ...pcValues, termEnd: "2033-01-01" }, REQUESTER);
    expect(result.status).toBe("invalid");
    if (result.status !== "invalid") return;
    expect(result.errors.termEnd).toContain("no more than 5 years");
  });

  it("walks a proposal through the thread: summary card, steps with fresh buttons, requester told, stale buttons refused", async () => {
    const submitted = await submit("intake.new:PARTNERSHIP_CITY", pcValues, REQUESTER);
    expect(submitted.status).toBe("done");
    await core.intake.settled();
    const card = port.posts.at(-1);
    expect(card?.kind).toBe("post");
    expect(card?.to).toBe("C0INTAKE");
    expect(card?.reply.title).toMatch(/^Request \d+: Partnership City proposal: Lyon$/);
    const start = card?.reply.actions?.find((action) => action.label === "Start initial assessment");
    expect(start?.hasFields).toBe(false);

    const refusedForStaff = await submit(start!.formId, {}, "U-SOMEONE");
    expect(refusedForStaff.status).toBe("refused");

    const started = await submit(start!.formId, {}, COORDINATOR);
    expect(started.status).toBe("done");
    const again = await submit(start!.formId, {}, COORDINATOR);
    expect(again.status).toBe("refused");
    if (again.status === "refused") expect(again.reply.text).toContain("has changed since this button was made");
    await core.intake.settled();
    const step = port.posts.filter((post) => post.kind === "thread").at(-1);
    expect(step?.reply.text).toBe("Initial assessment started by CCO-SPER.");
    expect(port.posts.filter((post) => post.kind === "dm" && post.to === REQUESTER)).toHaveLength(1);

    const record = step?.reply.actions?.find((action) => action.label === "Record initial assessment");
    const opened = await core.openForm("SLACK", COORDINATOR, record!.formId);
    expect(opened.ok).toBe(true);
    if (!opened.ok) return;
    const keys = checklistFor("PARTNERSHIP_CITY").questions.map((question) => question.key);
    expect(opened.form.fields.filter((field) => field.kind === "yes-no").map((field) => field.name)).toEqual(keys);
    const missingOne = await submit(
      record!.formId,
      Object.fromEntries(keys.slice(1).map((key) => [key, "yes"])),
      COORDINATOR,
    );
    expect(missingOne.status).toBe("invalid");
    if (missingOne.status === "invalid") expect(Object.keys(missingOne.errors)).toEqual([keys[0]]);

    const assessed = await submit(
      record!.formId,
      { ...Object.fromEntries(keys.map((key) => [key, "yes"])), [`${keys[0]}.note`]: "<!channel> fine" },
      COORDINATOR,
    );
    expect(assessed.status).toBe("done");
    await core.intake.settled();
    const number = Number(card?.reply.title?.match(/\d+/)?.[0]);
    const trail = await auditTrail(core.database.prisma, "IntakeRequest", number);
    expect(trail.map((entry) => entry.action)).toEqual(["intake.submit", "intake.transition", "intake.transition"]);
  });

  it("lets a coordinator give a request to a division representative, and refuses anyone else the Assign form", async () => {
    const rep = await core.database.prisma.person.create({
      data: {
        displayName: "Casey <!channel>",
        role: "DIVISION_REP",
        identities: { create: [{ platform: "SLACK", externalId: "U-REP" }] },
      },
    });
    const submitted = await submit(
      "intake.new:PARTNERSHIP_CITY",
      { ...pcValues, candidateCity: "Turin", country: "Italy" },
      REQUESTER,
    );
    expect(submitted.status).toBe("done");
    await core.intake.settled();
    const card = port.posts.filter((post) => post.kind === "post").at(-1);
    expect(card?.reply.facts?.find((fact) => fact.label === "Looked after by")?.known).toBe(false);
    const assign = card?.reply.actions?.find((action) => action.label === "Assign");
    expect(assign?.hasFields).toBe(true);

    const forStaff = await core.openForm("SLACK", "U-SOMEONE", assign!.formId);
    expect(forStaff.ok).toBe(false);
    const form = await core.openForm("SLACK", COORDINATOR, assign!.formId);
    if (!form.ok) throw new Error(form.reply.text);
    expect(form.form.fields[0]?.options).toContainEqual({ value: String(rep.id), label: "Casey <!channel>" });

    const wrong = await submit(assign!.formId, { personId: "999999" }, COORDINATOR);
    expect(wrong.status).toBe("invalid");
    const given = await submit(assign!.formId, { personId: String(rep.id) }, COORDINATOR);
    expect(given.status).toBe("done");
    await core.intake.settled();
    const step = port.posts.filter((post) => post.kind === "thread").at(-1);
    expect(step?.reply.text).toBe("Assigned to Casey <!channel>.");
    const number = Number(card?.reply.title?.match(/\d+/)?.[0]);
    const row = await core.database.prisma.intakeRequest.findUniqueOrThrow({ where: { id: number } });
    expect(row).toMatchObject({ state: "SUBMITTED", assigneePersonId: rep.id, version: 2 });
  });

  it("starts the thread of a request submitted where no chat adapter ran (the CLI), once", async () => {
    const outcome = await submitRequest(core.database.prisma, {
      kind: "INTERNATIONAL_PROJECT",
      input: anInternationalProjectProposal(),
      requester: { platform: "CONSOLE", externalId: "operator" },
      now,
    });
    if (!outcome.ok) throw new Error("the proposal should be accepted");
    const before = port.posts.length;
    expect(await core.intake.announceUnthreaded()).toBeGreaterThanOrEqual(1);
    await core.intake.settled();
    const cards = port.posts.slice(before).filter((post) => post.kind === "post");
    expect(cards.map((post) => post.reply.title)).toContain(
      `Request ${outcome.request.number}: ${outcome.request.title}`,
    );
    expect(await core.intake.announceUnthreaded()).toBe(0);
  });

  it("makes one request of a proposal form submitted twice, at once or later, and tells the second click", async () => {
    const opened = await core.openForm("SLACK", REQUESTER, "intake.new:PARTNERSHIP_CITY");
    if (!opened.ok) throw new Error(opened.reply.text);
    expect(opened.form.id).toMatch(/^intake\.new:PARTNERSHIP_CITY:[A-Za-z0-9]{32}$/);
    const values = { ...pcValues, candidateCity: "Bordeaux" };
    const [first, second] = await Promise.all([
      submit(opened.form.id, values, REQUESTER),
      submit(opened.form.id, values, REQUESTER),
    ]);
    const third = await submit(opened.form.id, values, REQUESTER);
    expect([first, second, third].map((result) => result.status)).toEqual(["done", "done", "done"]);
    const titles = [first, second, third].map((result) => result.reply.title ?? "");
    expect(titles.filter((title) => title.endsWith("was already submitted"))).toHaveLength(2);
    expect(await core.database.prisma.intakeRequest.count({ where: { title: { endsWith: "Bordeaux" } } })).toBe(1);
    // Someone else replaying the same form id makes their own request, and learns nothing of the first.
    const other = await submit(opened.form.id, values, "U-OTHER");
    expect(other.reply.title).toMatch(/^Request \d+ submitted to CCO-SPER$/);
  });

  it("records a comment form submitted twice once", async () => {
    const number = (
      await core.database.prisma.intakeRequest.findFirstOrThrow({ where: { requesterExternalId: REQUESTER } })
    ).id;
    const opened = await core.openForm("SLACK", REQUESTER, `intake.comment:${number}`);
    if (!opened.ok) throw new Error(opened.reply.text);
    const [a, b] = await Promise.all([
      submit(opened.form.id, { text: "Budget confirmed <!here>" }, REQUESTER),
      submit(opened.form.id, { text: "Budget confirmed <!here>" }, REQUESTER),
    ]);
    expect([a.status, b.status]).toEqual(["done", "done"]);
    const comments = await core.database.prisma.intakeStep.findMany({
      where: { requestId: number, summary: { startsWith: "Comment:" } },
    });
    expect(comments.map((step) => step.summary)).toEqual(["Comment: Budget confirmed <!here>"]);
  });

  it("refuses form ids it did not make", async () => {
    for (const id of [
      "intake.new:NOPE",
      "intake.new:PARTNERSHIP_CITY:short",
      "intake.event:1:1:FLY",
      "intake.comment:0",
      "x",
    ]) {
      expect((await submit(id, {}, REQUESTER)).status).toBe("refused");
    }
  });
});

describe.each(testDatabaseKinds)("a step and the posts that announce it, on $name", (kind) => {
  let core: Core;
  const port = new RecordingPort();
  const target = kind.newTarget();

  beforeAll(async () => {
    core = await startDeskCore(target, port);
  });
  afterAll(async () => {
    await core?.close();
    await disposeTestTarget(target);
  });

  const submit = (formId: string, values: FormValues, userId: string) =>
    core.submitForm({ platform: "SLACK", userId, formId, values });

  /** A new Partnership City request for `city`, its thread started: its number, thread and Start button. */
  async function aThreadedRequest(city: string) {
    const submitted = await submit("intake.new:PARTNERSHIP_CITY", { ...pcValues, candidateCity: city }, REQUESTER);
    expect(submitted.status).toBe("done");
    await core.intake.settled();
    const card = port.posts.find((post) => post.kind === "post" && post.reply.title?.endsWith(`: ${city}`));
    const number = Number(/^Request (\d+):/.exec(card?.reply.title ?? "")?.[1]);
    const thread = await core.database.prisma.intakeThread.findFirstOrThrow({ where: { requestId: number } });
    const start = card?.reply.actions?.find((action) => action.label === "Start initial assessment");
    return { number, thread, start: start!.formId };
  }

  it("queues the step's thread post and the requester's notice in the step's transaction, before answering", async () => {
    const { number, thread, start } = await aThreadedRequest("Lyon");
    expect((await submit(start, {}, COORDINATOR)).status).toBe("done");
    // Not waiting for the background work: the posts were written with the step.
    const queued = await core.database.prisma.outboxMessage.findMany({
      where: {
        OR: [
          { target: "C0INTAKE", threadId: thread.threadId },
          { target: REQUESTER, toPerson: true },
        ],
      },
      orderBy: { id: "asc" },
    });
    expect(queued.map((message) => [message.target, (message.reply as unknown as Reply).title])).toEqual([
      ["C0INTAKE", `Request ${number}: Initial assessment`],
      [REQUESTER, `Your request ${number}: Initial assessment`],
    ]);
    await core.intake.settled();
    expect(port.posts.filter((post) => post.to === `C0INTAKE/${thread.threadId}`)).toHaveLength(1);
  });

  it("records neither the step nor its posts when the posts cannot be queued", async () => {
    const { prisma } = core.database;
    const { number, start } = await aThreadedRequest("Nantes");
    const before = {
      request: await prisma.intakeRequest.findUniqueOrThrow({ where: { id: number } }),
      steps: await prisma.intakeStep.count({ where: { requestId: number } }),
      audit: await prisma.auditEntry.count(),
      outbox: await prisma.outboxMessage.count(),
    };
    await prisma.$executeRawUnsafe(
      `CREATE FUNCTION refuse_outbox() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'no outbox today'; END $$`,
    );
    await prisma.$executeRawUnsafe(
      `CREATE TRIGGER refuse_outbox BEFORE INSERT ON "OutboxMessage" FOR EACH ROW EXECUTE FUNCTION refuse_outbox()`,
    );
    try {
      await expect(submit(start, {}, COORDINATOR)).rejects.toThrow(/no outbox today/);
    } finally {
      await prisma.$executeRawUnsafe(`DROP TRIGGER refuse_outbox ON "OutboxMessage"`);
      await prisma.$executeRawUnsafe("DROP FUNCTION refuse_outbox()");
    }
    expect(await prisma.intakeRequest.findUniqueOrThrow({ where: { id: number } })).toEqual(before.request);
    expect(await prisma.intakeStep.count({ where: { requestId: number } })).toBe(before.steps);
    expect(await prisma.auditEntry.count()).toBe(before.audit);
    expect(await prisma.outboxMessage.count()).toBe(before.outbox);
    // The same button works once the outbox does.
    expect((await submit(start, {}, COORDINATOR)).status).toBe("done");
  });
});
