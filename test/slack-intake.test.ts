import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditTrail } from "../src/audit/audit-log.js";
import type { PrismaClient } from "../src/generated/prisma/client.js";
import { checklistFor } from "../src/intake/initial-assessment.js";
import { FakeSlackApi, type SlackApiCall } from "./support/fake-slack-api.js";
import { asFormAnswers } from "./support/intake-form-answers.js";
import { anInternationalProjectProposal, aPartnershipCityProposal } from "./support/intake-proposals.js";
import { startSlackTestBot } from "./support/slack-bot.js";
import { LogCapture } from "./support/slack-log-capture.js";
import {
  aTs,
  blockAction,
  buttonsOf,
  fillInModal,
  type OpenedModal,
  type PostedButton,
  postToSlack,
  slashCommand,
  textsOf,
  viewSubmission,
} from "./support/slack-requests.js";
import { testDatabaseKinds } from "./support/test-databases.js";

/**
 * CCO-SPER's intake driven through Slack as people use it: real Bolt over HTTP, Slack's Web API
 * faked. A requester fills in a modal, coordinators and a division representative click the
 * buttons of the request's thread in the intake channel, and the requester hears of each step in a DM.
 */

const INTAKE = "C0INTAKE";
const WORKING_GROUP = "C0WG";
const REQUESTER = "U0REQ";
const COORDINATOR = "U0COORD";
const SECOND_COORDINATOR = "U0COORD2";
const EDC_REP = "U0EDC";
const STAFF = "U0STAFF";
const dmOf = (user: string) => `D-${user}`;

/** What would ping a channel or a person if Slack read it as markup. */
const PINGS = /<!channel>|<!everyone>|<!here>|<@U/;

const yesToAll = (route: "PARTNERSHIP_CITY" | "INTERNATIONAL_PROJECT") =>
  Object.fromEntries(checklistFor(route).questions.map((question) => [question.key, "yes"]));

const inputIds = (modal: OpenedModal): string[] =>
  modal.blocks.filter((block) => block.type === "input").map((block) => block.block_id as string);

describe.each(testDatabaseKinds)("the CCO-SPER intake through Slack on $name", (kind) => {
  let api: FakeSlackApi;
  let bot: Awaited<ReturnType<typeof startSlackTestBot>>;
  let prisma: PrismaClient;
  let responses = 0;

  beforeAll(async () => {
    api = await FakeSlackApi.start({ directMessageChannel: dmOf });
    bot = await startSlackTestBot(kind.newTarget(), api, new LogCapture(), { INTAKE_CHANNEL_SLACK: INTAKE });
    prisma = bot.core.database.prisma;
    const division = (code: string, name: string) =>
      prisma.division.upsert({ where: { code }, create: { code, name }, update: {} });
    const sper = await division("CCO-SPER", "Strategic Protocol and External Relations");
    const edc = await division("EDC", "Economic Development and Culture");
    const person = (displayName: string, role: "COORDINATOR" | "DIVISION_REP", divisionId: number, userId: string) =>
      prisma.person.create({
        data: { displayName, role, divisionId, identities: { create: [{ platform: "SLACK", externalId: userId }] } },
      });
    await person("Avery Coordinator", "COORDINATOR", sper.id, COORDINATOR);
    await person("Blake Coordinator", "COORDINATOR", sper.id, SECOND_COORDINATOR);
    await person("Casey EDC", "DIVISION_REP", edc.id, EDC_REP);
  });
  afterAll(async () => {
    await bot?.dispose();
    await api?.stop();
  });

  /** Runs `act`, then resolves with the first call of `method` made since that passes `test`. */
  async function nextCall(
    method: string,
    act: () => Promise<unknown>,
    test: (call: SlackApiCall) => boolean = () => true,
  ): Promise<SlackApiCall> {
    const before = api.calls.length;
    await act();
    return api.waitFor((call) => call.method === method && api.calls.indexOf(call) >= before && test(call));
  }

  async function post(request: Parameters<typeof postToSlack>[1]): Promise<void> {
    const response = await postToSlack(bot.url, request);
    expect(response.status).toBe(200);
  }

  /** `/iap <text>` in the working group's channel; the modal it opened. */
  async function command(text: string, user: string): Promise<OpenedModal> {
    const responseUrl = api.responseUrl(`command-${++responses}`);
    const opened = await nextCall("views.open", () =>
      post(slashCommand(text, { responseUrl, user, channel: WORKING_GROUP })),
    );
    expect(opened.body.trigger_id).toBe("1.2.3");
    return opened.body.view;
  }

  /** Submits a modal filled in with `answers`: `{}` when Slack is told to close it, else the errors. */
  async function submit(
    modal: OpenedModal,
    answers: Record<string, string>,
    user: string,
    options: { forged?: boolean } = {},
    // biome-ignore lint/suspicious/noExplicitAny: the acknowledgement as Slack reads it
  ): Promise<any> {
    const response = await postToSlack(bot.url, viewSubmission(modal, fillInModal(modal, answers, options), { user }));
    expect(response.status).toBe(200);
    return response.body === "" ? {} : JSON.parse(response.body);
  }

  /** A proposal submitted through its modal: its number, its summary card in the intake channel and the submitter's DM. */
  async function propose(word: string, answers: Record<string, string>, user = REQUESTER) {
    const modal = await command(`new ${word}`, user);
    const confirmation = await nextCall(
      "chat.postMessage",
      async () => expect(await submit(modal, answers, user)).toEqual({}),
      (call) => call.body.channel === dmOf(user),
    );
    const number = Number(/^Request (\d+) submitted to CCO-SPER/.exec(confirmation.body.blocks[0].text.text)?.[1]);
    await bot.core.intake.settled();
    const card = api
      .callsOf("chat.postMessage")
      .find((call) => call.body.channel === INTAKE && call.body.text.startsWith(`Request ${number}: `))!;
    const thread = await prisma.intakeThread.findFirstOrThrow({ where: { requestId: number, platform: "SLACK" } });
    return { number, card, cardTs: thread.threadId, confirmation };
  }

  const button = (message: SlackApiCall, label: string): PostedButton => {
    const found = buttonsOf(message.body.blocks).find((candidate) => candidate.text.text === label);
    if (!found) throw new Error(`no "${label}" button on "${message.body.text}"`);
    return found;
  };

  /** A click on a button of a message the bot posted in the intake channel (the card, or a post in its thread). */
  function clickOn(message: SlackApiCall, target: PostedButton, user: string, responseId: string) {
    return blockAction(target, {
      responseUrl: api.responseUrl(responseId),
      container: {
        type: "message",
        channel_id: message.body.channel,
        message_ts: aTs(),
        ...(message.body.thread_ts ? { thread_ts: message.body.thread_ts } : {}),
      },
      user,
    });
  }

  /** Clicks a one-click step; what the clicker was told (through the response_url). */
  async function clickStep(message: SlackApiCall, label: string, user: string): Promise<SlackApiCall> {
    const id = `click-${++responses}`;
    await post(clickOn(message, button(message, label), user, id));
    return api.waitFor((call) => call.method === "respond" && call.responseId === id);
  }

  /** Clicks a step that has a form; the modal it opened. */
  async function openStep(message: SlackApiCall, label: string, user: string): Promise<OpenedModal> {
    const opened = await nextCall("views.open", () =>
      post(clickOn(message, button(message, label), user, `click-${++responses}`)),
    );
    return opened.body.view;
  }

  /** The newest post in a request's thread, once every post under way has been made. */
  async function latestInThread(cardTs: string): Promise<SlackApiCall> {
    await bot.core.intake.settled();
    const posts = api.callsOf("chat.postMessage").filter((call) => call.body.thread_ts === cardTs);
    expect(posts.every((call) => call.body.channel === INTAKE)).toBe(true);
    return posts.at(-1)!;
  }

  const threadPosts = (cardTs: string) =>
    api.callsOf("chat.postMessage").filter((call) => call.body.thread_ts === cardTs);
  const dmsTo = (user: string) => api.callsOf("chat.postMessage").filter((call) => call.body.channel === dmOf(user));
  const stateOf = async (number: number) =>
    (await prisma.intakeRequest.findUniqueOrThrow({ where: { id: number } })).state;

  it("takes a Partnership City proposal from /iap new partnership to an agreement approved by Council", async () => {
    const modal = await command("new partnership", REQUESTER);
    expect(modal).toMatchObject({ type: "modal", callback_id: "iap_form" });
    expect(JSON.parse(modal.private_metadata)).toEqual({
      formId: expect.stringMatching(/^intake\.new:PARTNERSHIP_CITY:/),
      channel: WORKING_GROUP,
    });
    const ids = inputIds(modal);
    expect(ids).toEqual(
      expect.arrayContaining(["candidateCity", "counterpartyKind", "cityEconomy", "goals", "termEnd", "renewalOption"]),
    );
    expect(ids).toContain("activities.0.description");
    // biome-ignore lint/suspicious/noExplicitAny: blocks as opened
    const input = (id: string) => modal.blocks.find((block: any) => block.block_id === id);
    expect(input("counterpartyKind").element).toMatchObject({
      type: "static_select",
      initial_option: { value: "MUNICIPALITY" },
    });
    expect(input("cityEconomy").element).toMatchObject({ type: "plain_text_input", multiline: true });
    expect(input("termStart").element.type).toBe("datepicker");
    expect(input("renewalOption").element).toMatchObject({ type: "static_select", initial_option: { value: "yes" } });
    expect(input("requestingDivision").optional).toBe(true);
    expect(input("goals").optional).toBe(false);

    const requests = await prisma.intakeRequest.count();
    const incomplete = await submit(modal, { candidateCity: "Lyon", country: "France" }, REQUESTER);
    expect(incomplete.response_action).toBe("errors");
    expect(Object.keys(incomplete.errors)).toEqual(
      expect.arrayContaining([
        "cityEconomy",
        "cityCulturalAndCommunityResources",
        "cityMunicipalPriorities",
        "goals",
        "activities.0.description",
        "termStart",
        "termEnd",
      ]),
    );
    for (const blockId of Object.keys(incomplete.errors)) expect(ids).toContain(blockId);
    expect(await prisma.intakeRequest.count()).toBe(requests);

    const { number, card, cardTs, confirmation } = await propose(
      "partnership",
      asFormAnswers(aPartnershipCityProposal({ requestingDivision: "EDC" })),
    );
    expect(confirmation.body.text).toContain(`Request ${number} submitted to CCO-SPER`);
    expect(card.body.thread_ts).toBeUndefined();
    expect(card.body.blocks[0].text.text).toBe(`Request ${number}: Partnership City proposal: Lyon`);
    const facts = textsOf(card.body.blocks);
    expect(facts).toContain("*Candidate city*\nLyon, France");
    expect(facts).toContain("*Stands at*\nSubmitted");
    const labels = buttonsOf(card.body.blocks).map((candidate) => candidate.text.text);
    expect(labels).toEqual(expect.arrayContaining(["Start initial assessment", "Decline", "Add a comment"]));
    expect(button(card, "Start initial assessment")).toMatchObject({
      action_id: expect.stringMatching(/^iap_form_now_/),
    });
    expect(button(card, "Decline")).toMatchObject({ action_id: expect.stringMatching(/^iap_form_open_/) });

    const started = await clickStep(card, "Start initial assessment", COORDINATOR);
    expect(started.body).toMatchObject({ response_type: "ephemeral", replace_original: false });
    expect(started.body.text).toContain("Recorded");
    const startPost = await latestInThread(cardTs);
    expect(startPost.body.text).toContain("Initial assessment started");
    expect(dmsTo(REQUESTER).at(-1)!.body.text).toContain(`Your request ${number}: Initial assessment`);

    const assessment = await openStep(startPost, "Record initial assessment", COORDINATOR);
    expect(inputIds(assessment)).toEqual(expect.arrayContaining(Object.keys(yesToAll("PARTNERSHIP_CITY"))));
    expect(await submit(assessment, yesToAll("PARTNERSHIP_CITY"), COORDINATOR)).toEqual({});
    const assessedPost = await latestInThread(cardTs);
    expect(assessedPost.body.text).toContain("Internal capacity assessment");

    const capacity = await openStep(assessedPost, "Record capacity (a division)", EDC_REP);
    // biome-ignore lint/suspicious/noExplicitAny: blocks as opened
    expect(capacity.blocks.find((block: any) => block.block_id === "divisionCode").element.initial_value).toBe("EDC");
    expect(
      await submit(capacity, { staffing: "yes", budget: "yes", organisational: "yes", note: "Within plan." }, EDC_REP),
    ).toEqual({});
    const capacityPost = await latestInThread(cardTs);
    expect(textsOf(capacityPost.body.blocks)).toContain("*By*\nCasey EDC");

    expect((await clickStep(capacityPost, "Complete capacity assessment", COORDINATOR)).body.text).toContain(
      "Recorded",
    );
    const completedPost = await latestInThread(cardTs);
    expect(completedPost.body.text).toContain("Approval");

    const decision = await openStep(completedPost, "Record Council decision", COORDINATOR);
    const decided = await submit(
      decision,
      { approved: "yes", meeting: "City Council meeting of March 26, 2027 (EX1.1)", decidedOn: "2027-03-26" },
      COORDINATOR,
    );
    expect(decided).toEqual({});
    const approvedPost = await latestInThread(cardTs);
    expect(approvedPost.body.text).toContain("Approved");
    expect(buttonsOf(approvedPost.body.blocks).filter((candidate) => /^iap_form_/.test(candidate.action_id))).toEqual(
      [],
    );
    expect(dmsTo(REQUESTER).at(-1)!.body.text).toContain(`Your request ${number}: Approved`);
    // The requester heard of each of the five steps, and the thread got one post per step.
    expect(dmsTo(REQUESTER).filter((dm) => dm.body.text.startsWith(`Your request ${number}:`))).toHaveLength(5);
    expect(threadPosts(cardTs)).toHaveLength(5);

    const lyon = await prisma.agreement.findFirstOrThrow({ where: { counterpartyName: "Lyon" } });
    expect(lyon).toMatchObject({ category: "PARTNERSHIP_CITY" });
    const status = await bot.core.ask({ conversationKey: "slack-intake:lyon", text: "status of Lyon" });
    expect(status.title).toBe("Lyon");
    expect(status.facts?.find((fact) => fact.label === "Category")?.value).toBe("Partnership City");
    expect(status.facts?.find((fact) => fact.label === "Term end")?.value).toContain("2031");

    const trail = await auditTrail(prisma, "IntakeRequest", number);
    expect(trail.map((entry) => [entry.action, entry.actor.platform, entry.actor.externalId])).toEqual([
      ["intake.submit", "SLACK", REQUESTER],
      ["intake.transition", "SLACK", COORDINATOR],
      ["intake.transition", "SLACK", COORDINATOR],
      ["intake.transition", "SLACK", EDC_REP],
      ["intake.transition", "SLACK", COORDINATOR],
      ["intake.transition", "SLACK", COORDINATOR],
    ]);
  });

  it("takes an International Project to signing, refusing a signature beyond the official's signing authority", async () => {
    const { number, card, cardTs } = await propose(
      "project",
      asFormAnswers(anInternationalProjectProposal({ anticipatedCostCad: 250000 })),
    );
    expect(card.body.blocks[0].text.text).toBe(`Request ${number}: International Project proposal: Porto`);
    expect(textsOf(card.body.blocks)).toContain("*Anticipated cost*\nCAD 250,000");

    await clickStep(card, "Start initial assessment", COORDINATOR);
    const assessment = await openStep(await latestInThread(cardTs), "Record initial assessment", COORDINATOR);
    expect(await submit(assessment, yesToAll("INTERNATIONAL_PROJECT"), COORDINATOR)).toEqual({});
    const capacity = await openStep(await latestInThread(cardTs), "Record capacity (a division)", EDC_REP);
    expect(await submit(capacity, { staffing: "yes", budget: "yes", organisational: "yes" }, EDC_REP)).toEqual({});
    await clickStep(await latestInThread(cardTs), "Complete capacity assessment", COORDINATOR);
    expect(await stateOf(number)).toBe("APPROVAL");

    const signing = await openStep(await latestInThread(cardTs), "Record signing", COORDINATOR);
    expect(inputIds(signing)).toEqual(["official", "name", "signingAuthority", "signedOn"]);
    const signed = {
      official: "DIVISION_HEAD",
      name: "General Manager, Toronto Water",
      signingAuthority: "100,000",
      signedOn: "2027-02-01",
    };
    const refused = await submit(signing, signed, COORDINATOR);
    expect(refused.response_action).toBe("errors");
    expect(Object.keys(refused.errors)).toEqual(["signingAuthority"]);
    expect(refused.errors.signingAuthority).toMatch(/signing authority/);
    expect(await stateOf(number)).toBe("APPROVAL");

    expect(await submit(signing, { ...signed, signingAuthority: "$500,000" }, COORDINATOR)).toEqual({});
    expect(await stateOf(number)).toBe("APPROVED");
    expect((await latestInThread(cardTs)).body.text).toContain("Approved");
    // The coordinator is told the outcome of the form in their DM.
    await api.waitFor(
      (call) =>
        call.method === "chat.postMessage" &&
        call.body.channel === dmOf(COORDINATOR) &&
        call.body.text.startsWith(`Request ${number}: Approved`),
    );
    const porto = await prisma.agreement.findFirstOrThrow({ where: { counterpartyName: "Porto" } });
    expect(porto.category).toBe("INTERNATIONAL_PROJECT");
  });

  it("offers every kind of request as buttons for /iap new, and a kind's button opens its form", async () => {
    await post(slashCommand("new", { responseUrl: api.responseUrl("new-kinds"), user: REQUESTER }));
    const kinds = await api.waitFor((call) => call.method === "respond" && call.responseId === "new-kinds");
    expect(kinds.body.response_type).toBe("ephemeral");
    const labels = buttonsOf(kinds.body.blocks).map((candidate) => candidate.text.text);
    expect(labels).toEqual(expect.arrayContaining(["Partnership City proposal", "Inbound delegation"]));

    const delegation = buttonsOf(kinds.body.blocks).find((candidate) => candidate.text.text === "Inbound delegation")!;
    const opened = await nextCall("views.open", () =>
      post(
        blockAction(delegation, {
          responseUrl: api.responseUrl("new-kind-click"),
          container: { type: "message", channel_id: "C1", message_ts: aTs(), is_ephemeral: true },
          user: REQUESTER,
        }),
      ),
    );
    expect(JSON.parse(opened.body.view.private_metadata)).toEqual({
      formId: expect.stringMatching(/^intake\.new:INBOUND_DELEGATION:/),
      channel: "C1",
    });
    expect(inputIds(opened.body.view)).toEqual(expect.arrayContaining(["visitingFrom", "visitStart", "purpose"]));
  });

  it("hands the people mentioned in /iap to the core: a coordinator gives @ana the coordinator role", async () => {
    await post(
      slashCommand("role add <@U0ANA|ana> coordinator", { responseUrl: api.responseUrl("role"), user: COORDINATOR }),
    );
    const answer = await api.waitFor((call) => call.method === "respond" && call.responseId === "role");
    expect(answer.body.response_type).toBe("ephemeral");
    const ana = await prisma.chatIdentity.findUniqueOrThrow({
      where: { platform_externalId: { platform: "SLACK", externalId: "U0ANA" } },
      select: { person: { select: { role: true } } },
    });
    expect(ana.person.role).toBe("COORDINATOR");
  });

  describe("refusals", () => {
    it("refuses a Partnership City term over five years on the term end field, quoting the rule; nothing is stored", async () => {
      const modal = await command("new partnership", REQUESTER);
      const requests = await prisma.intakeRequest.count();
      const answers = asFormAnswers(aPartnershipCityProposal({ candidateCity: "Nantes", termEnd: "2033-01-01" }));
      const refused = await submit(modal, answers, REQUESTER);
      expect(refused.response_action).toBe("errors");
      expect(Object.keys(refused.errors)).toEqual(["termEnd"]);
      expect(refused.errors.termEnd).toContain("longer than the 5 years");
      expect(refused.errors.termEnd).toContain("no more than 5 years");
      expect(await prisma.intakeRequest.count()).toBe(requests);
    });

    it("refuses a signatory that is not a municipal government on the signatory field", async () => {
      const modal = await command("new partnership", REQUESTER);
      const answers = asFormAnswers(
        aPartnershipCityProposal({ candidateCity: "Bordeaux", counterpartyKind: "COUNTRY" }),
      );
      const refused = await submit(modal, answers, REQUESTER);
      expect(Object.keys(refused.errors)).toEqual(["counterpartyKind"]);
      expect(refused.errors.counterpartyKind).toContain("must itself be a municipal government");
    });

    it("tells a staff member who clicks Start that only coordinators can, and changes nothing", async () => {
      const { number, card, cardTs } = await propose(
        "partnership",
        asFormAnswers(aPartnershipCityProposal({ candidateCity: "Toulouse" })),
      );
      const told = await clickStep(card, "Start initial assessment", STAFF);
      expect(told.body).toMatchObject({ response_type: "ephemeral", replace_original: false });
      expect(told.body.text).toContain("Only CCO-SPER coordinators can start the initial assessment");
      await bot.core.intake.settled();
      expect(await stateOf(number)).toBe("SUBMITTED");
      expect(threadPosts(cardTs)).toHaveLength(0);
    });

    it("refuses a step the workflow does not allow at this stage (a forged button), and changes nothing", async () => {
      const { number, card, cardTs } = await propose(
        "partnership",
        asFormAnswers(aPartnershipCityProposal({ candidateCity: "Lille" })),
      );
      const start = button(card, "Start initial assessment");
      const forged = {
        ...start,
        value: start.value.replace("START_INITIAL_ASSESSMENT", "COMPLETE_CAPACITY_ASSESSMENT"),
      };
      await post(clickOn(card, forged, COORDINATOR, "forged"));
      const told = await api.waitFor((call) => call.method === "respond" && call.responseId === "forged");
      expect(told.body.text).toContain('Request is at "Submitted"');
      await bot.core.intake.settled();
      expect(await stateOf(number)).toBe("SUBMITTED");
      expect(threadPosts(cardTs)).toHaveLength(0);
    });

    it("makes one request of a form submitted twice, and tells the second submission so", async () => {
      const modal = await command("new project", REQUESTER);
      const answers = asFormAnswers(anInternationalProjectProposal({ candidateCity: "Braga" }));
      const requests = await prisma.intakeRequest.count();
      expect(await submit(modal, answers, REQUESTER)).toEqual({});
      const again = await nextCall(
        "chat.postMessage",
        async () => expect(await submit(modal, answers, REQUESTER)).toEqual({}),
        (call) => call.body.channel === dmOf(REQUESTER) && call.body.text.includes("already submitted"),
      );
      expect(again.body.text).toMatch(/^Request \d+ was already submitted/);
      expect(await prisma.intakeRequest.count()).toBe(requests + 1);
    });

    it("records a double click once, and tells the second click the request has moved on", async () => {
      const { number, card, cardTs } = await propose(
        "partnership",
        asFormAnswers(aPartnershipCityProposal({ candidateCity: "Nice" })),
      );
      const start = button(card, "Start initial assessment");
      await Promise.all([
        post(clickOn(card, start, COORDINATOR, "double-1")),
        post(clickOn(card, start, COORDINATOR, "double-2")),
      ]);
      const answers = await Promise.all(
        ["double-1", "double-2"].map((id) =>
          api.waitFor((call) => call.method === "respond" && call.responseId === id),
        ),
      );
      const texts = answers.map((answer) => answer.body.text as string);
      expect(texts.filter((text) => text.includes("Recorded"))).toHaveLength(1);
      expect(
        texts.filter((text) => /has changed since this button was made|changed before this reached it/.test(text)),
      ).toHaveLength(1);
      expect(await latestInThread(cardTs)).toBeDefined();
      expect(threadPosts(cardTs)).toHaveLength(1);
      const transitions = (await auditTrail(prisma, "IntakeRequest", number)).filter(
        (entry) => entry.action === "intake.transition",
      );
      expect(transitions).toHaveLength(1);
    });

    it("records one start when two coordinators click at once; the other is told", async () => {
      const { number, card, cardTs } = await propose(
        "partnership",
        asFormAnswers(aPartnershipCityProposal({ candidateCity: "Strasbourg" })),
      );
      const start = button(card, "Start initial assessment");
      await Promise.all([
        post(clickOn(card, start, COORDINATOR, "race-1")),
        post(clickOn(card, start, SECOND_COORDINATOR, "race-2")),
      ]);
      const answers = await Promise.all(
        ["race-1", "race-2"].map((id) => api.waitFor((call) => call.method === "respond" && call.responseId === id)),
      );
      expect(answers.filter((answer) => answer.body.text.includes("Recorded"))).toHaveLength(1);
      expect(answers.filter((answer) => /changed/.test(answer.body.text))).toHaveLength(1);
      await bot.core.intake.settled();
      expect(threadPosts(cardTs)).toHaveLength(1);
      expect(await prisma.intakeStep.count({ where: { requestId: number } })).toBe(2); // submitted, started
    });
  });

  describe("hostile input", () => {
    const HOSTILE =
      "<!channel> @everyone <!everyone> <@U123> <!here> *bold* _it_ <https://x.example|y> &amp; & ~x~ `code` \u0007\u001b[31m";

    it("stores what was typed in every field as typed, a 100 KB paste included, and shows it as text, never as a ping", async () => {
      const proposal = aPartnershipCityProposal({ candidateCity: `Grenoble ${HOSTILE}`, requestingDivision: "EDC" });
      const answers = Object.fromEntries(
        Object.entries(asFormAnswers(proposal)).map(([name, value]) =>
          ["candidateCity", "termStart", "termEnd", "renewalOption", "counterpartyKind", "requestingDivision"].includes(
            name,
          )
            ? [name, value]
            : [name, `${value} ${HOSTILE}`],
        ),
      );
      answers.cityEconomy = `${HOSTILE} ${"x".repeat(100_000)}`;
      answers.requesterContact = HOSTILE;
      answers.note = `${HOSTILE}\nsecond line\ttabbed`;
      const { number, card, cardTs } = await propose("partnership", answers);
      const stored = await prisma.intakeRequest.findUniqueOrThrow({ where: { id: number } });
      expect(stored.proposal).toMatchObject({
        candidateCity: answers.candidateCity,
        country: answers.country,
        cityEconomy: answers.cityEconomy,
        cityCulturalAndCommunityResources: answers.cityCulturalAndCommunityResources,
        cityMunicipalPriorities: answers.cityMunicipalPriorities,
        goals: answers.goals,
        activities: [
          {
            description: answers["activities.0.description"],
            financialResources: answers["activities.0.financialResources"],
            staffingResources: answers["activities.0.staffingResources"],
          },
        ],
        requesterContact: HOSTILE,
        note: answers.note,
      });
      expect(card.body.blocks[0].text.text).toContain(
        "Grenoble &lt;!channel&gt; @everyone &lt;!everyone&gt; &lt;@U123&gt;",
      );

      const comment = await openStep(card, "Add a comment", REQUESTER);
      expect(await submit(comment, { text: HOSTILE }, REQUESTER)).toEqual({});
      const decline = await openStep(await latestInThread(cardTs), "Decline", COORDINATOR);
      expect(await submit(decline, { reason: HOSTILE }, COORDINATOR)).toEqual({});
      await bot.core.intake.settled();
      await api.waitFor((call) => call.method === "chat.postMessage" && call.body.channel === dmOf(COORDINATOR));
      const events = (await prisma.intakeStep.findMany({ where: { requestId: number }, orderBy: { id: "asc" } })).map(
        (step) => step.event,
      );
      expect(events).toEqual(
        expect.arrayContaining([
          { type: "COMMENT", text: HOSTILE },
          expect.objectContaining({ type: "DECLINE", reason: HOSTILE }),
        ]),
      );
      expect(await stateOf(number)).toBe("DECLINED");
      expect(threadPosts(cardTs)).toHaveLength(2);

      for (const call of api.calls) expect(JSON.stringify(call.body), call.method).not.toMatch(PINGS);
    });

    it("refuses NUL and text over the limit next to their fields, storing nothing", async () => {
      const modal = await command("new partnership", REQUESTER);
      const requests = await prisma.intakeRequest.count();
      const answers = asFormAnswers(aPartnershipCityProposal({ candidateCity: "Dijon" }));
      const refused = await submit(
        modal,
        { ...answers, goals: "Trade\u0000 and more", cityEconomy: "x".repeat(200_001), country: "" },
        REQUESTER,
      );
      expect(refused.response_action).toBe("errors");
      expect(refused.errors.goals).toContain("must not contain NUL characters");
      expect(refused.errors.cityEconomy).toContain("at most 200,000 characters");
      expect(refused.errors.country).toBe("required.");
      expect(await prisma.intakeRequest.count()).toBe(requests);
    });

    it("shows hostile text in a field's error as text: the policy refusal quotes the city as typed, escaped", async () => {
      const modal = await command("new partnership", REQUESTER);
      const answers = asFormAnswers(
        aPartnershipCityProposal({ candidateCity: "<!channel> <@U123>", counterpartyKind: "COUNTRY" }),
      );
      const response = await postToSlack(
        bot.url,
        viewSubmission(modal, fillInModal(modal, answers), { user: REQUESTER }),
      );
      expect(response.body).toContain("&lt;!channel&gt;");
      expect(response.body).not.toMatch(PINGS);
    });

    it("refuses a forged choice that is not one of the select's options", async () => {
      const modal = await command("new partnership", REQUESTER);
      const answers = asFormAnswers(aPartnershipCityProposal({ candidateCity: "Metz" }));
      const refused = await submit(modal, { ...answers, counterpartyKind: "<!channel>" }, REQUESTER, { forged: true });
      expect(Object.keys(refused.errors)).toEqual(["counterpartyKind"]);
      expect(JSON.stringify(refused)).not.toMatch(PINGS);
    });
  });
});
