import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AdaptiveCard, FactSet, SubmitAction } from "../adapters/teams/render-card.js";
import type { FormCard, FormCardElement, InputElement } from "../adapters/teams/render-form-card.js";
import { auditTrail } from "../src/audit/audit-log.js";
import { checklistFor } from "../src/intake/initial-assessment.js";
import { KIND_FORM_TITLES } from "../src/intake/intake-forms.js";
import type { IntakeKind } from "../src/intake/intake-kind.js";
import { type ConnectorCall, FakeBotConnector } from "./support/fake-bot-connector.js";
import { asFormAnswers } from "./support/intake-form-answers.js";
import { anInternationalProjectProposal, aPartnershipCityProposal } from "./support/intake-proposals.js";
import {
  botAdded,
  CHANNEL,
  cardSubmission,
  channelMention,
  DANA,
  installedForPerson,
  PERSONAL_CHAT,
  personalMessage,
  postActivity,
  type TeamsPerson,
} from "./support/teams-activities.js";
import { cardOf, startTestBot, textsOf } from "./support/teams-bot.js";
import { testDatabaseKinds } from "./support/test-databases.js";

/** CCO-SPER coordinators, and EDC's representative; Dana (the requester) is staff. */
const AVERY: TeamsPerson = { id: "29:avery-teams-id", aadObjectId: "aad-avery", name: "Avery Chen" };
const BLAKE: TeamsPerson = { id: "29:blake-teams-id", aadObjectId: "aad-blake", name: "Blake Singh" };
const CASEY: TeamsPerson = { id: "29:casey-teams-id", aadObjectId: "aad-casey", name: "Casey Lee" };

const TEAMS_MESSAGE_LIMIT = 28 * 1024;

type Conversation = { readonly id: string; readonly conversationType: string };

/** A message the bot sent that holds a card with buttons: the card, and its id to click it by. */
interface Posted {
  readonly card: AdaptiveCard;
  readonly messageId: string;
}

/** A form card the bot sent, and its id. */
interface SentForm {
  readonly card: FormCard;
  readonly messageId: string;
}

/** What the bot did with one activity: its reply, and the card it updated in place, if any. */
interface Turn {
  readonly reply: ConnectorCall | undefined;
  readonly update: ConnectorCall | undefined;
}

const without = (values: Record<string, string>, ...names: string[]) =>
  Object.fromEntries(Object.entries(values).filter(([name]) => !names.includes(name)));

const formCardOf = (call: ConnectorCall) => cardOf(call) as unknown as FormCard;
/** Every text run of a card with inputs, in order. */
const formTextsOf = (card: AdaptiveCard | FormCard) =>
  (card.body as readonly FormCardElement[]).flatMap((element) =>
    element.type === "RichTextBlock" ? [element.inlines.map((inline) => inline.text).join("")] : [],
  );
const isInput = (element: FormCardElement): element is InputElement => element.type.startsWith("Input.");
const inputsOf = (card: FormCard) => card.body.filter(isInput);
const inputOf = (card: FormCard, id: string) => inputsOf(card).find((input) => input.id === id);
const factsOf = (card: AdaptiveCard) =>
  card.body.find((element): element is FactSet => element.type === "FactSet")?.facts ?? [];
const titlesOf = (card: AdaptiveCard) => card.actions.map((action) => action.title);
const button = (card: AdaptiveCard, title: string): SubmitAction["data"] => {
  const found = card.actions.find((action) => action.title === title);
  if (!found) throw new Error(`no "${title}" button among ${titlesOf(card).join(", ")}`);
  return found.data;
};

/** What is shown under each input in red: the problems the core found with it. */
function errorsOf(card: FormCard): Record<string, string> {
  const errors: Record<string, string> = {};
  let current: string | null = null;
  for (const element of card.body) {
    if (isInput(element)) current = element.id;
    else if (current && element.type === "RichTextBlock") {
      const red = element.inlines.filter((inline) => inline.color === "Attention").map((inline) => inline.text);
      if (red.length > 0) errors[current] = [errors[current], ...red].filter(Boolean).join(" ");
    }
  }
  return errors;
}

const bytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value), "utf8");

describe.each(testDatabaseKinds)("CCO-SPER's intake through Microsoft Teams, on $name", (kind) => {
  let connector: FakeBotConnector;
  let bot: Awaited<ReturnType<typeof startTestBot>>;

  beforeAll(async () => {
    connector = await FakeBotConnector.start();
    for (const person of [DANA, AVERY, BLAKE, CASEY]) connector.addMember(person);
    bot = await startTestBot(kind.newTarget(), { INTAKE_CONVERSATION_TEAMS: CHANNEL.id });
    const { prisma } = bot.core.database;
    const division = (code: string, name: string) =>
      prisma.division.upsert({ where: { code }, create: { code, name }, update: {} });
    const sper = await division("CCO-SPER", "Strategic Protocol and External Relations");
    const edc = await division("EDC", "Economic Development and Culture");
    const person = (who: TeamsPerson, role: "COORDINATOR" | "DIVISION_REP", divisionId: number) =>
      prisma.person.create({
        data: {
          displayName: who.name,
          role,
          divisionId,
          identities: { create: [{ platform: "TEAMS", externalId: who.aadObjectId }] },
        },
      });
    await person(AVERY, "COORDINATOR", sper.id);
    await person(BLAKE, "COORDINATOR", sper.id);
    await person(CASEY, "DIVISION_REP", edc.id);
    // CCO-SPER's channel gets the app (its reference is stored), and Dana has her personal chat with it.
    expect((await postActivity(bot.url, botAdded(connector.url, CHANNEL))).status).toBe(200);
    expect((await postActivity(bot.url, installedForPerson(connector.url))).status).toBe(200);
  });
  afterAll(async () => {
    await bot?.dispose();
    await connector?.stop();
  });

  /** Posts an activity; the bot has answered when the HTTP call returns. */
  async function send(activity: { id: string }): Promise<Turn> {
    const before = connector.calls.length;
    const response = await postActivity(bot.url, activity);
    expect(response.status).toBe(200);
    const during = connector.calls.slice(before);
    return {
      reply: during.find((call) => call.method === "POST" && call.replyToId === activity.id),
      update: during.find((call) => call.method === "PUT"),
    };
  }

  /** `who` clicks a button whose data is `data`, on the message `cardId` in `where`. */
  const click = (data: unknown, who: TeamsPerson, where: Conversation = PERSONAL_CHAT, cardId?: string) =>
    send(cardSubmission(connector.url, data, where, { from: who, ...(cardId ? { replyToId: cardId } : {}) }));

  /** Clicks a button that opens a form, and returns the form card sent back. */
  async function openForm(data: unknown, who: TeamsPerson, where: Conversation = PERSONAL_CHAT, cardId?: string) {
    const { reply } = await click(data, who, where, cardId);
    expect(reply).toBeDefined();
    return { card: formCardOf(reply!), messageId: reply!.answeredId } satisfies SentForm;
  }

  /** Fills in a form card and presses its submit button: Teams merges the inputs into the button's data. */
  const submit = (form: SentForm, values: Record<string, string>, who: TeamsPerson, where?: Conversation) =>
    click({ ...form.card.actions[0]!.data, ...values }, who, where, form.messageId);

  /** Dana types "new request" in her chat with the bot and clicks the kind's button on the card she gets. */
  async function proposalForm(kind: IntakeKind): Promise<SentForm> {
    const { reply } = await send(personalMessage(connector.url, "new request"));
    return openForm(button(cardOf(reply!), KIND_FORM_TITLES[kind]), DANA, PERSONAL_CHAT, reply!.answeredId);
  }

  /** Dana submits a complete proposal; returns its request number. */
  async function propose(kind: IntakeKind, values: Record<string, string>): Promise<number> {
    const { reply } = await submit(await proposalForm(kind), values, DANA);
    const title = textsOf(cardOf(reply!))[0] ?? "";
    expect(title).toMatch(/^Request \d+ submitted to CCO-SPER$/);
    return Number(title.match(/\d+/)![0]);
  }

  /** The thread of a channel post: where Teams says a click on its card, or a reply to it, happened. */
  const thread = (messageId: string): Conversation => ({ ...CHANNEL, id: `${CHANNEL.id};messageid=${messageId}` });

  /** Proactive posts (not replies) in a conversation, once the desk has made every post under way. */
  async function postsIn(conversationId: string): Promise<ConnectorCall[]> {
    await bot.core.intake.settled();
    return connector.posts.filter((call) => call.conversationId === conversationId && call.replyToId === null);
  }

  async function summaryCard(number: number): Promise<Posted> {
    const post = (await postsIn(CHANNEL.id)).find((call) =>
      textsOf(cardOf(call))[0]?.startsWith(`Request ${number}: `),
    );
    expect(post).toBeDefined();
    return { card: cardOf(post!), messageId: post!.answeredId };
  }

  /** The newest step posted in the request's thread. */
  async function latestStep(summary: Posted): Promise<Posted> {
    const post = (await postsIn(thread(summary.messageId).id)).at(-1);
    expect(post).toBeDefined();
    return { card: cardOf(post!), messageId: post!.answeredId };
  }

  const noticesToDana = () => postsIn(PERSONAL_CHAT.id);
  const requestCount = () => bot.core.database.prisma.intakeRequest.count();

  /** A coordinator (or rep) clicks a step button on a card in the request's thread. */
  const clickStep = (summary: Posted, on: Posted, title: string, who: TeamsPerson) =>
    click(button(on.card, title), who, thread(summary.messageId), on.messageId);
  const openStep = (summary: Posted, on: Posted, title: string, who: TeamsPerson) =>
    openForm(button(on.card, title), who, thread(summary.messageId), on.messageId);

  const allYes = (route: "PARTNERSHIP_CITY" | "INTERNATIONAL_PROJECT") =>
    Object.fromEntries(checklistFor(route).questions.map((question) => [question.key, "yes"]));

  it("takes a Partnership City proposal from its form to Council's approval, in the channel thread and Dana's chat", async () => {
    const asked = await send(personalMessage(connector.url, "I want to propose a new partner city"));
    const offer = cardOf(asked.reply!);
    expect(offer.actions[0]).toEqual({
      type: "Action.Submit",
      title: "Partnership City proposal",
      style: "positive",
      data: { form: "intake.new:PARTNERSHIP_CITY" },
    });
    const form = await openForm(offer.actions[0]!.data, DANA, PERSONAL_CHAT, asked.reply!.answeredId);
    expect(form.card.version).toBe("1.5");
    expect(inputOf(form.card, "candidateCity")).toMatchObject({ type: "Input.Text", isRequired: true, maxLength: 300 });
    expect(inputOf(form.card, "cityEconomy")).toMatchObject({ type: "Input.Text", isMultiline: true });
    expect(inputOf(form.card, "activities.0.description")).toMatchObject({ isMultiline: true, isRequired: true });
    expect(inputOf(form.card, "activities.1.description")?.isRequired).toBeUndefined();
    expect(inputOf(form.card, "termStart")).toMatchObject({ type: "Input.Date", isRequired: true });
    expect(inputOf(form.card, "counterpartyKind")).toMatchObject({
      type: "Input.ChoiceSet",
      style: "compact",
      value: "MUNICIPALITY",
    });
    expect(inputOf(form.card, "renewalOption")).toMatchObject({
      type: "Input.ChoiceSet",
      choices: [
        { title: "Yes", value: "yes" },
        { title: "No", value: "no" },
      ],
      value: "yes",
    });
    expect(form.card.actions).toEqual([
      {
        type: "Action.Submit",
        title: "Submit to CCO-SPER",
        style: "positive",
        // The opened form has its own one-time key: submitted twice, it makes one request.
        data: {
          form: expect.stringMatching(/^intake\.new:PARTNERSHIP_CITY:[A-Za-z0-9]+$/),
          submit: true,
          formCard: true,
        },
      },
    ]);

    // Missing elements: the same card comes back in place, every problem under its field, nothing stored.
    const complete = asFormAnswers(aPartnershipCityProposal());
    const missing = await submit(
      form,
      without(complete, "goals", "cityEconomy", "activities.0.staffingResources"),
      DANA,
    );
    expect(missing.reply).toBeUndefined();
    expect(missing.update).toMatchObject({ conversationId: PERSONAL_CHAT.id, updatedId: form.messageId });
    const again = formCardOf(missing.update!);
    expect(Object.keys(errorsOf(again)).sort()).toEqual(["activities.0.staffingResources", "cityEconomy", "goals"]);
    expect(errorsOf(again).goals).toContain("required");
    expect(formTextsOf(again)).toContain(
      "3 elements are missing or invalid; correct them and submit again. Nothing was stored.",
    );
    expect(inputOf(again, "candidateCity")).toMatchObject({ value: "Lyon" });
    expect(inputOf(again, "goals")).not.toHaveProperty("value");
    expect(await requestCount()).toBe(0);

    // Complete: Dana is told the number, the card closes, and CCO-SPER's channel gets the summary.
    const accepted = await submit({ ...form, card: again }, complete, DANA);
    const told = textsOf(cardOf(accepted.reply!));
    const number = Number(told[0]!.match(/^Request (\d+) submitted to CCO-SPER$/)![1]);
    expect(told[1]).toContain("It is posted in CCO-SPER's intake channel (Teams)");
    expect(accepted.update).toMatchObject({ updatedId: form.messageId });
    expect(cardOf(accepted.update!).actions).toEqual([]);
    expect(JSON.stringify(cardOf(accepted.update!))).not.toContain("Input.");

    const summary = await summaryCard(number);
    expect(textsOf(summary.card)[0]).toBe(`Request ${number}: Partnership City proposal: Lyon`);
    expect(factsOf(summary.card)).toEqual(
      expect.arrayContaining([
        { title: "Kind", value: "Partnership City proposal" },
        { title: "Requested by", value: "Teams user aad-dana (Teams)" },
        { title: "Stands at", value: "Submitted" },
        { title: "Candidate city", value: "Lyon, France" },
      ]),
    );
    expect(summary.card.actions.map(({ title, style }) => ({ title, style }))).toEqual([
      { title: "Start initial assessment", style: "positive" },
      { title: "Assign", style: undefined },
      { title: "Decline", style: "destructive" },
      { title: "Withdraw", style: "destructive" },
      { title: "Add a comment", style: undefined },
      { title: `Status of request ${number}`, style: undefined },
    ]);

    // A coordinator starts the initial assessment from the summary: the step goes in the thread, Dana hears.
    const started = await clickStep(summary, summary, "Start initial assessment", AVERY);
    expect(started.reply?.conversationId).toBe(thread(summary.messageId).id);
    expect(textsOf(cardOf(started.reply!))).toEqual([
      `Request ${number}: Initial assessment`,
      "Recorded. Initial assessment started by CCO-SPER.",
    ]);
    expect(started.update).toBeUndefined();
    const assessing = await latestStep(summary);
    expect(textsOf(assessing.card).slice(0, 2)).toEqual([
      `Request ${number}: Initial assessment`,
      "Initial assessment started by CCO-SPER.",
    ]);
    expect(titlesOf(assessing.card)).toContain("Record initial assessment");
    expect(textsOf(cardOf((await noticesToDana()).at(-1)!))[0]).toBe(`Your request ${number}: Initial assessment`);

    // The initial assessment, through its form.
    const assessment = await openStep(summary, assessing, "Record initial assessment", AVERY);
    expect(assessment.card.body.filter(isInput).filter((input) => input.type === "Input.ChoiceSet")).toHaveLength(
      checklistFor("PARTNERSHIP_CITY").questions.length,
    );
    const assessed = await submit(assessment, allYes("PARTNERSHIP_CITY"), AVERY, thread(summary.messageId));
    expect(textsOf(cardOf(assessed.reply!))[0]).toBe(`Request ${number}: Internal capacity assessment`);
    expect(assessed.update?.updatedId).toBe(assessment.messageId);

    // EDC's representative records EDC's capacity; the form knows their division.
    const capacityStep = await latestStep(summary);
    const capacity = await openStep(summary, capacityStep, "Record capacity (a division)", CASEY);
    expect(inputOf(capacity.card, "divisionCode")).toMatchObject({ value: "EDC" });
    const recorded = await submit(
      capacity,
      { divisionCode: "EDC", staffing: "yes", budget: "yes", organisational: "yes", note: "Within plan." },
      CASEY,
      thread(summary.messageId),
    );
    expect(textsOf(cardOf(recorded.reply!))[1]).toMatch(/^Recorded\./);

    const completed = await clickStep(summary, await latestStep(summary), "Complete capacity assessment", AVERY);
    expect(textsOf(cardOf(completed.reply!))[0]).toBe(`Request ${number}: Approval`);

    // Council's decision approves it: the agreement is in the registry with its term.
    const decision = await openStep(summary, await latestStep(summary), "Record Council decision", AVERY);
    const decided = await submit(
      decision,
      { approved: "yes", meeting: "City Council meeting of February 25, 2026 (EX1.1)", decidedOn: "2026-02-25" },
      AVERY,
      thread(summary.messageId),
    );
    expect(textsOf(cardOf(decided.reply!))[0]).toBe(`Request ${number}: Approved`);
    const approved = await latestStep(summary);
    expect(textsOf(approved.card)[0]).toBe(`Request ${number}: Approved`);
    expect(approved.card.actions.map((action) => action.title)).toEqual([`Status of request ${number}`]);
    expect((await noticesToDana()).map((call) => textsOf(cardOf(call))[0])).toEqual(
      expect.arrayContaining([
        `Your request ${number}: Internal capacity assessment`,
        `Your request ${number}: Approval`,
        `Your request ${number}: Approved`,
      ]),
    );

    const status = await send(personalMessage(connector.url, "status of Lyon"));
    expect(factsOf(cardOf(status.reply!))).toEqual(
      expect.arrayContaining([{ title: "Term end", value: "31 December 2031" }]),
    );
    const trail = await auditTrail(bot.core.database.prisma, "IntakeRequest", number);
    expect(trail.map((entry) => entry.action)).toEqual([
      "intake.submit",
      "intake.transition",
      "intake.transition",
      "intake.transition",
      "intake.transition",
      "intake.transition",
    ]);
    expect(trail.map((entry) => entry.actor.externalId)).toEqual([
      DANA.aadObjectId,
      AVERY.aadObjectId,
      AVERY.aadObjectId,
      CASEY.aadObjectId,
      AVERY.aadObjectId,
      AVERY.aadObjectId,
    ]);
  });

  it("takes an International Project to its signing, refusing a signature beyond the official's authority on that field", async () => {
    const number = await propose("INTERNATIONAL_PROJECT", asFormAnswers(anInternationalProjectProposal()));
    const summary = await summaryCard(number);
    expect(factsOf(summary.card)).toEqual(
      expect.arrayContaining([
        { title: "Project", value: "Waterfront resilience exchange" },
        { title: "Anticipated cost", value: "CAD 25,000" },
      ]),
    );
    await clickStep(summary, summary, "Start initial assessment", BLAKE);
    const assessment = await openStep(summary, await latestStep(summary), "Record initial assessment", BLAKE);
    await submit(assessment, allYes("INTERNATIONAL_PROJECT"), BLAKE, thread(summary.messageId));
    const capacity = await openStep(summary, await latestStep(summary), "Record capacity (a division)", BLAKE);
    await submit(
      capacity,
      { divisionCode: "EDC", staffing: "yes", budget: "yes", organisational: "yes" },
      BLAKE,
      thread(summary.messageId),
    );
    await clickStep(summary, await latestStep(summary), "Complete capacity assessment", BLAKE);

    const signingStep = await latestStep(summary);
    expect(titlesOf(signingStep.card)).toContain("Record signing");
    expect(titlesOf(signingStep.card)).not.toContain("Record Council decision");
    const signing = await openStep(summary, signingStep, "Record signing", BLAKE);
    expect(inputOf(signing.card, "official")).toMatchObject({
      type: "Input.ChoiceSet",
      choices: [
        { title: "City Manager", value: "CITY_MANAGER" },
        { title: "Deputy City Manager", value: "DEPUTY_CITY_MANAGER" },
        { title: "Division Head", value: "DIVISION_HEAD" },
      ],
    });
    const signed = { official: "DIVISION_HEAD", name: "Jordan Park", signedOn: "2026-02-27" };
    const beyond = await submit(signing, { ...signed, signingAuthority: "10000" }, BLAKE, thread(summary.messageId));
    expect(beyond.reply).toBeUndefined();
    expect(beyond.update?.updatedId).toBe(signing.messageId);
    const refused = formCardOf(beyond.update!);
    expect(Object.keys(errorsOf(refused))).toEqual(["signingAuthority"]);
    expect(errorsOf(refused).signingAuthority).toMatch(/signing authority/i);
    expect(inputOf(refused, "signingAuthority")).toMatchObject({ value: "10000" });
    expect(inputOf(refused, "official")).toMatchObject({ value: "DIVISION_HEAD" });
    expect(inputOf(refused, "signedOn")).toMatchObject({ value: "2026-02-27" });
    expect((await bot.core.database.prisma.intakeRequest.findUniqueOrThrow({ where: { id: number } })).state).toBe(
      "APPROVAL",
    );

    const accepted = await submit(
      { ...signing, card: refused },
      { ...signed, signingAuthority: "$50,000" },
      BLAKE,
      thread(summary.messageId),
    );
    expect(textsOf(cardOf(accepted.reply!))[0]).toBe(`Request ${number}: Approved`);
    const status = await send(personalMessage(connector.url, "status of Porto"));
    expect(factsOf(cardOf(status.reply!))).toEqual(
      expect.arrayContaining([{ title: "Term end", value: "31 December 2029" }]),
    );
  });

  it("refuses a term over five years under the term end, quoting the policy, and stores nothing", async () => {
    const before = await requestCount();
    const form = await proposalForm("PARTNERSHIP_CITY");
    const turn = await submit(form, asFormAnswers(aPartnershipCityProposal({ termEnd: "2033-01-01" })), DANA);
    const errors = errorsOf(formCardOf(turn.update!));
    expect(Object.keys(errors)).toEqual(["termEnd"]);
    expect(errors.termEnd).toContain("longer than the 5 years");
    expect(errors.termEnd).toContain(
      "The policy: “Partnership City agreements have a term of no more than 5 years, with options to renew by mutual consent.”",
    );
    expect(await requestCount()).toBe(before);
  });

  it("refuses a signatory that is not a municipal government under the signatory field", async () => {
    const before = await requestCount();
    const form = await proposalForm("PARTNERSHIP_CITY");
    const turn = await submit(form, asFormAnswers(aPartnershipCityProposal({ counterpartyKind: "COUNTRY" })), DANA);
    const errors = errorsOf(formCardOf(turn.update!));
    expect(Object.keys(errors)).toEqual(["counterpartyKind"]);
    expect(errors.counterpartyKind).toContain("the signatory must itself be a municipal government");
    expect(inputOf(formCardOf(turn.update!), "counterpartyKind")).toMatchObject({ value: "COUNTRY" });
    expect(await requestCount()).toBe(before);
  });

  it("tells someone who is not a coordinator that they cannot start the assessment, and posts nothing", async () => {
    const summary = await summaryCard(await propose("PARTNERSHIP_CITY", asFormAnswers(aPartnershipCityProposal())));
    const threadBefore = (await postsIn(thread(summary.messageId).id)).length;

    const turn = await clickStep(summary, summary, "Start initial assessment", DANA);
    expect(textsOf(cardOf(turn.reply!))).toContain("Only CCO-SPER coordinators can start the initial assessment.");
    const number = Number(textsOf(summary.card)[0]!.match(/\d+/)![0]);
    expect((await bot.core.database.prisma.intakeRequest.findUniqueOrThrow({ where: { id: number } })).state).toBe(
      "SUBMITTED",
    );
    expect(await postsIn(thread(summary.messageId).id)).toHaveLength(threadBefore);
  });

  it("refuses a step the request is not at, saying where it stands", async () => {
    const summary = await summaryCard(await propose("PARTNERSHIP_CITY", asFormAnswers(aPartnershipCityProposal())));
    const start = button(summary.card, "Start initial assessment") as { form: string };
    // The same request and version, another step: what a tampered or outdated client could send.
    const complete = {
      form: start.form.replace("START_INITIAL_ASSESSMENT", "COMPLETE_CAPACITY_ASSESSMENT"),
      submit: true,
    };

    const turn = await click(complete, AVERY, thread(summary.messageId), summary.messageId);
    expect(textsOf(cardOf(turn.reply!)).join(" ")).toContain(
      'Request is at "Submitted"; you can complete the internal capacity assessment only at "Internal capacity assessment".',
    );
  });

  it("applies a double click once: one step, one thread post, and the second click is told why", async () => {
    const number = await propose("PARTNERSHIP_CITY", asFormAnswers(aPartnershipCityProposal()));
    const summary = await summaryCard(number);
    const first = await clickStep(summary, summary, "Start initial assessment", AVERY);
    const second = await clickStep(summary, summary, "Start initial assessment", AVERY);

    expect(textsOf(cardOf(first.reply!))[1]).toBe("Recorded. Initial assessment started by CCO-SPER.");
    expect(textsOf(cardOf(second.reply!)).join(" ")).toContain(
      `Request ${number} has changed since this button was made`,
    );
    expect(await postsIn(thread(summary.messageId).id)).toHaveLength(1);
    const trail = await auditTrail(bot.core.database.prisma, "IntakeRequest", number);
    expect(trail.map((entry) => entry.action)).toEqual(["intake.submit", "intake.transition"]);
  });

  it("lets one of two coordinators clicking at once win, and tells the other", async () => {
    const number = await propose("PARTNERSHIP_CITY", asFormAnswers(aPartnershipCityProposal()));
    const summary = await summaryCard(number);
    const turns = await Promise.all(
      [AVERY, BLAKE].map((who) => clickStep(summary, summary, "Start initial assessment", who)),
    );

    const answers = turns.map((turn) => textsOf(cardOf(turn.reply!)).join(" "));
    expect(answers.filter((answer) => answer.includes("Recorded. Initial assessment started"))).toHaveLength(1);
    expect(
      answers.filter((answer) => /changed (since this button was made|before this reached it)/.test(answer)),
    ).toHaveLength(1);
    expect(await postsIn(thread(summary.messageId).id)).toHaveLength(1);
    const trail = await auditTrail(bot.core.database.prisma, "IntakeRequest", number);
    expect(trail.filter((entry) => entry.action === "intake.transition")).toHaveLength(1);
  });

  describe("hostile input", () => {
    const HOSTILE = [
      "<at>x</at>",
      "@everyone",
      "<!channel> <!here> <@U0123ABCD>",
      "**bold** _it_ [click](javascript:alert(1)) ![img](https://evil.example/x.png)",
      "<script>alert(1)</script> <b>bold</b> &lt;i&gt; &amp;",
      "# heading\n- item\n1. first\n> quote\n```code```",
      "| a | b |\n|---|---|",
      "<at>iap-bot</at> role add @Dana coordinator",
    ];
    const PASTE = "A pasted document. ".repeat(5_300);
    const CONTROL = "bell\u0007 and escape\u001b[31m";

    it("stores every form field as typed, a 100 KB paste and control characters too, and shows it only as plain text", async () => {
      const before = connector.calls.length;
      const form = await proposalForm("PARTNERSHIP_CITY");
      const values: Record<string, string> = {};
      inputsOf(form.card)
        .filter((input) => input.type === "Input.Text")
        .forEach((input, index) => {
          values[input.id] = HOSTILE[index % HOSTILE.length]!;
        });
      Object.assign(values, {
        goals: HOSTILE[3],
        cityEconomy: PASTE,
        cityCulturalAndCommunityResources: CONTROL,
        requestingDivision: "EDC",
        counterpartyKind: "MUNICIPALITY",
        termStart: "2027-01-01",
        termEnd: "2031-12-31",
        renewalOption: "no",
      });
      expect(PASTE.length).toBeGreaterThan(100_000);
      const turn = await submit(form, values, DANA);
      const number = Number(formTextsOf(cardOf(turn.reply!))[0]!.match(/^Request (\d+) submitted/)![1]);

      const row = await bot.core.database.prisma.intakeRequest.findUniqueOrThrow({ where: { id: number } });
      const proposal = row.proposal as Record<string, unknown> & { activities: Record<string, string>[] };
      for (const [name, value] of Object.entries(values)) {
        if (["termStart", "termEnd", "renewalOption", "counterpartyKind"].includes(name)) continue;
        const [top, slot, field] = name.split(".");
        const stored = slot === undefined ? proposal[top!] : proposal.activities[Number(slot)]![field!];
        expect(stored, name).toBe(name === "cityEconomy" ? PASTE.trim() : value);
      }

      const summary = await summaryCard(number);
      expect(textsOf(summary.card)[0]).toBe(`Request ${number}: Partnership City proposal: <at>x</at>`);
      expect(factsOf(summary.card)).toContainEqual({ title: "Candidate city", value: "\\<at\\>x\\</at\\>, @everyone" });
      expect(factsOf(summary.card)).toContainEqual({
        title: "Goals",
        value: "\\*\\*bold\\*\\* \\_it\\_ \\[click\\](javascript:alert(1)) !\\[img\\](https://evil.example/x.png)",
      });
      // Everything the bot sent since: text runs, inputs and escaped facts only, and never a mention entity.
      for (const call of connector.calls.slice(before).filter((candidate) => candidate.method !== "GET")) {
        expect(call.body.entities ?? []).toEqual([]);
        expect(call.body.text).toBeUndefined();
        expect(bytes(call.body)).toBeLessThan(TEAMS_MESSAGE_LIMIT);
        const shown = (cardOf(call) as unknown as FormCard).body.filter((element) => !isInput(element));
        for (const element of shown) expect(["RichTextBlock", "FactSet"]).toContain(element.type);
      }
    });

    it("refuses what the fields cannot hold, each with a clear message under it, and shows the rest back harmlessly", async () => {
      const before = await requestCount();
      const form = await proposalForm("PARTNERSHIP_CITY");
      const values = without(
        {
          ...asFormAnswers(aPartnershipCityProposal()),
          candidateCity: "Lyon\u0000",
          country: "y".repeat(1_000),
          cityEconomy: CONTROL,
          termStart: "<at>x</at>",
          counterpartyKind: "@everyone",
          renewalOption: "<!channel>",
        },
        "cityMunicipalPriorities",
      );
      const turn = await submit(form, values, DANA);
      expect(turn.reply).toBeUndefined();
      const card = formCardOf(turn.update!);
      const errors = errorsOf(card);
      expect(Object.keys(errors).sort()).toEqual([
        "candidateCity",
        "cityMunicipalPriorities",
        "counterpartyKind",
        "country",
        "renewalOption",
        "termStart",
      ]);
      expect(errors.candidateCity).toContain("must not contain NUL characters");
      expect(errors.country).toContain("must be at most 300 characters");
      expect(errors.termStart).toContain("must be a date like 2027-06-30");
      expect(errors.renewalOption).toContain("yes or no");
      expect(errors.cityMunicipalPriorities).toContain("required");
      expect(await requestCount()).toBe(before);

      expect(bytes(turn.update!.body)).toBeLessThan(TEAMS_MESSAGE_LIMIT);
      expect(turn.update!.body.entities ?? []).toEqual([]);
      expect(inputOf(card, "candidateCity")).toMatchObject({ value: "Lyon�" });
      expect(inputOf(card, "country")).toMatchObject({ value: "y".repeat(300) });
      expect(inputOf(card, "cityEconomy")).toMatchObject({ value: CONTROL });
      for (const id of ["termStart", "counterpartyKind", "renewalOption"]) {
        expect(inputOf(card, id), id).not.toHaveProperty("value");
      }
    });

    it("leaves a card holding a 100 KB paste as typed and lists what to correct in a message, when the card cannot come back", async () => {
      const before = await requestCount();
      const form = await proposalForm("PARTNERSHIP_CITY");
      const values = without({ ...asFormAnswers(aPartnershipCityProposal()), cityEconomy: PASTE }, "goals");
      const turn = await submit(form, values, DANA);

      expect(turn.update).toBeUndefined();
      const reply = cardOf(turn.reply!);
      expect(formTextsOf(reply)).toEqual(
        expect.arrayContaining([
          "Partnership City proposal not submitted",
          "One element is missing or invalid; correct it and submit again. Nothing was stored.",
          "• Proposed goals: required",
        ]),
      );
      expect(await requestCount()).toBe(before);
    });

    it("ignores values under names no form field has, so a crafted card cannot reach Object.prototype", async () => {
      const form = await proposalForm("PARTNERSHIP_CITY");
      const turn = await submit(
        form,
        {
          ...asFormAnswers(aPartnershipCityProposal({ candidateCity: "Nantes" })),
          "__proto__.polluted": "yes",
          "constructor.prototype.polluted": "yes",
        },
        DANA,
      );
      expect(formTextsOf(cardOf(turn.reply!))[0]).toMatch(/^Request \d+ submitted to CCO-SPER$/);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });

    it("posts a hostile comment in the thread as plain text", async () => {
      const number = await propose("PARTNERSHIP_CITY", asFormAnswers(aPartnershipCityProposal()));
      const summary = await summaryCard(number);
      const form = await openStep(summary, summary, "Add a comment", DANA);
      const text = "<at>Avery Chen</at> @everyone <!channel> **urgent** [x](javascript:alert(1))";
      const turn = await submit(form, { text }, DANA, thread(summary.messageId));
      expect(formTextsOf(cardOf(turn.reply!))[0]).toContain(`request ${number}`);

      const post = await latestStep(summary);
      expect(textsOf(post.card)).toContain(`Teams user aad-dana commented: ${text}`);
      const call = (await postsIn(thread(summary.messageId).id)).at(-1)!;
      expect(call.body.entities ?? []).toEqual([]);
    });
  });

  it("reads @mentions as @Name and tells the core who they are, by the id people are known by", async () => {
    const message = channelMention(connector.url, `role add <at>${CASEY.name}</at> coordinator`, {
      from: AVERY,
      others: [{ id: CASEY.id, name: CASEY.name }],
    });
    const turn = await send(message);
    expect(turn.reply).toBeDefined();
    // Teams names the person by their "29:" id only: the bot asks Teams for the object id it knows them by.
    expect(connector.calls).toContainEqual(expect.objectContaining({ method: "GET", answeredId: CASEY.id }));
    const casey = await bot.core.database.prisma.chatIdentity.findFirst({
      where: { platform: "TEAMS", externalId: CASEY.aadObjectId },
      include: { person: true },
    });
    expect(casey?.person.role).toBe("COORDINATOR");
    expect(turn.reply!.body.entities ?? []).toEqual([]);
  });

  it("says it could not look up someone @mentioned who is not in the team, and does nothing", async () => {
    const message = channelMention(connector.url, "role add <at>Stranger</at> coordinator", {
      from: AVERY,
      others: [{ id: "29:stranger", name: "Stranger" }],
    });
    const turn = await send(message);
    expect(textsOf(cardOf(turn.reply!))).toContain(
      "I could not look up @Stranger in Teams, so I did nothing with this message. Mention people who are members of this team or chat, or try again in a minute.",
    );
  });
});
