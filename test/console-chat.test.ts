import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ChatCore, runChatSession } from "../adapters/console/chat-session.js";
import { readAnswer, runFormAction } from "../adapters/console/guided-form.js";
import { type ChatMessage, type Core, startCore } from "../src/app/start-core.js";
import type { FormAction, FormField } from "../src/chat/form.js";
import { loadConfig } from "../src/config/config.js";
import { proposalForm } from "../src/intake/intake-forms.js";
import { createLogger } from "../src/shared/logger.js";
import { root } from "./support/run-cli.js";
import { answersFor, ScriptedConsole } from "./support/scripted-console.js";

const now = new Date("2026-11-23T15:00:00Z");
const CONSOLE_USER = "dana";

/** A complete Partnership City proposal as a person types it at the prompts (blank: the default, or nothing). */
const lyon: Readonly<Record<string, string>> = {
  candidateCity: "Lyon",
  country: "France",
  cityEconomy: "A hub for life sciences, digital industries and gastronomy.",
  cityCulturalAndCommunityResources: "Festival of Lights, opera, museums.",
  cityMunicipalPriorities: "Climate plan, public transit expansion.",
  goals: "<!channel> Grow trade in life sciences & share climate practice",
  "activities.0.description": "Two-way life sciences trade mission",
  "activities.0.financialResources": "$40,000 over two years",
  "activities.0.staffingResources": "0.2 FTE in EDC",
  termStart: "2027-01-01",
  termEnd: "2031-12-31",
  renewalOption: "2",
};

const field = (overrides: Partial<FormField>): FormField => ({
  name: "x",
  label: "X",
  kind: "text",
  required: true,
  ...overrides,
});

describe("reading a typed answer", () => {
  const signatory = field({
    kind: "choice",
    options: [
      { value: "MUNICIPALITY", label: "Municipality (city government)" },
      { value: "COUNTRY", label: "Country (national government)" },
      { value: "CHAMBER_OF_COMMERCE", label: "Chamber of commerce" },
    ],
  });

  it("takes a choice by its number, its value or its label, and says what to type otherwise", () => {
    expect(readAnswer(signatory, "2", "")).toEqual({ ok: true, value: "COUNTRY" });
    expect(readAnswer(signatory, " chamber_of_commerce ", "")).toEqual({ ok: true, value: "CHAMBER_OF_COMMERCE" });
    expect(readAnswer(signatory, "municipality (city government)", "")).toEqual({ ok: true, value: "MUNICIPALITY" });
    expect(readAnswer(signatory, "4", "")).toEqual({ ok: false, problem: "Type a number from 1 to 3." });
  });

  it("takes yes or no as 1/2, yes/no or y/n", () => {
    const yesNo = field({ kind: "yes-no" });
    expect(["1", "YES", "y"].map((line) => readAnswer(yesNo, line, ""))).toEqual(
      Array(3).fill({ ok: true, value: "yes" }),
    );
    expect(["2", "no", "N"].map((line) => readAnswer(yesNo, line, ""))).toEqual(
      Array(3).fill({ ok: true, value: "no" }),
    );
    expect(readAnswer(yesNo, "maybe", "")).toEqual({ ok: false, problem: "Type 1 or 2, yes or no." });
  });

  it("keeps the default on a blank line, and passes other text on for the core to judge", () => {
    expect(readAnswer(field({ kind: "yes-no" }), "  ", "yes")).toEqual({ ok: true, value: "yes" });
    expect(readAnswer(field({ kind: "date" }), "next tuesday", "")).toEqual({ ok: true, value: "next tuesday" });
    expect(readAnswer(field({ kind: "long-text" }), " <!here> & <b>bold</b> ", "")).toEqual({
      ok: true,
      value: "<!here> & <b>bold</b>",
    });
  });
});

// The console logic does not depend on the database, so these run on in-memory PGlite only.
describe("the console's guided forms, against the core on PGlite", () => {
  let core: Core;

  beforeAll(async () => {
    core = await startCore({
      config: loadConfig({}),
      clock: () => now,
      logger: createLogger("silent"),
      target: { kind: "pglite", dataDir: "memory://" },
    });
  });
  afterAll(async () => {
    await core?.close();
  });

  const requestCount = () => core.database.prisma.intakeRequest.count();
  const partnershipCity = (): FormAction => {
    const action = core.intake
      .newRequestReply()
      .actions?.find((candidate) => candidate.label.startsWith("Partnership"));
    if (!action) throw new Error("no Partnership City action");
    return action;
  };
  const desk = {
    openForm: (formId: string) => core.openForm("CONSOLE", CONSOLE_USER, formId),
    submitForm: (formId: string, values: Record<string, string>) =>
      core.submitForm({ platform: "CONSOLE", userId: CONSOLE_USER, formId, values }),
  };
  /** The core, except that every message is answered with the choice of request kinds, as "new request" is. */
  const choosingCore = (asked: ChatMessage[] = []): ChatCore => ({
    answerChat: async (message) => {
      asked.push(message);
      return { reply: core.intake.newRequestReply(), asker: null };
    },
    openForm: core.openForm,
    submitForm: core.submitForm,
  });

  it("asks every field, shows the missing one's error, asks only that one again, and stores the answers verbatim", async () => {
    const { fields } = proposalForm("PARTNERSHIP_CITY");
    const io = new ScriptedConsole([...answersFor(fields, { ...lyon, goals: "" }), lyon.goals as string]);

    const outcome = await runFormAction(desk, partnershipCity(), io);

    expect(outcome.status).toBe("answered");
    if (outcome.status !== "answered") return;
    expect(outcome.reply.title).toBe("Request 1 submitted to CCO-SPER");
    expect(io.transcript).toContain("PARTNERSHIP CITY PROPOSAL");
    expect(io.transcript).toMatch(/Type of government or organization that would sign\n.*\n {2}\[1\] Municipality/);
    expect(io.transcript).toContain("  [Municipality (city government)] > ");
    expect(io.transcript).toContain("Option to renew\n  [1] Yes\n  [2] No\n  [Yes] > 2\n");
    expect(io.transcript).toContain("Requesting division (code, e.g. EDC) (optional)\n");
    expect(io.transcript).toContain("PARTNERSHIP CITY PROPOSAL NOT SUBMITTED");
    expect(io.transcript).toMatch(/One answer to correct[^\n]*\n\nProposed goals\n {2}! [^\n]*required/i);
    expect(io.prompts).toHaveLength(fields.length + 1);
    expect(io.unread).toEqual([]);

    const rows = await core.database.prisma.intakeRequest.findMany();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      id: 1,
      kind: "PARTNERSHIP_CITY",
      requesterPlatform: "CONSOLE",
      requesterExternalId: CONSOLE_USER,
      proposal: {
        candidateCity: "Lyon",
        counterpartyKind: "MUNICIPALITY",
        goals: "<!channel> Grow trade in life sciences & share climate practice",
        activities: [
          {
            description: "Two-way life sciences trade mission",
            financialResources: "$40,000 over two years",
            staffingResources: "0.2 FTE in EDC",
          },
        ],
        renewalOption: false,
      },
    });
  });

  it("chooses the last reply's actions by number; cancel submits nothing and leaves the same choices", async () => {
    const asked: ChatMessage[] = [];
    const before = await requestCount();
    const io = new ScriptedConsole(["12", "new request", "9", "1", "Lyon", "cancel", "2", "cancel", "quit", "unread"]);

    await runChatSession(choosingCore(asked), io, CONSOLE_USER);

    // "12" came before any choices, so it went to the core as a question.
    expect(asked.map((message) => message.text)).toEqual(["12", "new request"]);
    expect(asked[0]).toMatchObject({ platform: "CONSOLE", conversationId: "chat", userId: CONSOLE_USER });
    expect(io.transcript).toContain("  [1] Partnership City proposal\n");
    expect(io.transcript).toContain("Type a number from 1 to 5 to choose.\n");
    expect(io.transcript).toContain("There are 5 choices: type a number from 1 to 5.");
    expect(io.transcript).toContain("PARTNERSHIP CITY PROPOSAL");
    expect(io.transcript).toContain("INTERNATIONAL PROJECT PROPOSAL");
    expect(io.transcript.match(/Cancelled: nothing was submitted\./g)).toHaveLength(2);
    expect(io.unread).toEqual(["unread"]);
    expect(await requestCount()).toBe(before);
  });

  it("ends the session when input ends in the middle of a form, submitting nothing", async () => {
    const before = await requestCount();
    const io = new ScriptedConsole(["new", "1", "Lyon", "France"]);

    await runChatSession(choosingCore(), io, CONSOLE_USER);

    expect(io.transcript.endsWith("Nothing was submitted.\n")).toBe(true);
    expect(await requestCount()).toBe(before);
  });

  it('offers the submitted request\'s own actions next: "1" adds a comment to it', async () => {
    const { fields } = proposalForm("PARTNERSHIP_CITY");
    const io = new ScriptedConsole([
      "new",
      "1",
      ...answersFor(fields, { ...lyon, candidateCity: "Porto", country: "Portugal" }),
      "1",
      "Council's international relations office agrees in principle.",
      "quit",
    ]);

    await runChatSession(choosingCore(), io, CONSOLE_USER);

    const number = Number(/REQUEST (\d+) SUBMITTED TO CCO-SPER/.exec(io.transcript)?.[1]);
    expect(number).toBeGreaterThan(0);
    expect(io.transcript).toContain("  [1] Add a comment\n  [2] Withdraw\n");
    expect(io.transcript).toContain(`Your comment is on request ${number}'s record`);
  });

  it('continues the last list on "more"', async () => {
    const asked: ChatMessage[] = [];
    const spying: ChatCore = {
      ...core,
      answerChat: (message) => {
        asked.push(message);
        return core.answerChat(message);
      },
    };
    const io = new ScriptedConsole(["list all agreements", "more", "quit"]);

    await runChatSession(spying, io, CONSOLE_USER);

    expect(asked[1]).toMatchObject({ text: asked[0]?.text, offset: expect.any(Number) });
    expect(io.transcript).toMatch(/\(\d+–\d+ of 29\)/);
  });
});

describe("npm run chat, end to end", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "iap-console-chat-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('submits a Partnership City proposal typed at the prompts after "new", and prints its number', async () => {
    const { fields } = proposalForm("PARTNERSHIP_CITY");
    const child = spawn("npm", ["run", "--silent", "chat"], {
      cwd: root,
      env: { ...process.env, IAP_DATA_DIR: path.join(dir, "data"), DATABASE_URL: "", LOG_LEVEL: "warn" },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
    child.stdin.end(["new", "1", ...answersFor(fields, lyon), "quit", ""].join("\n"));

    expect(await exited, stderr).toBe(0);
    expect(stdout).toContain("PARTNERSHIP CITY PROPOSAL");
    expect(stdout).toContain("REQUEST 1 SUBMITTED TO CCO-SPER");
  }, 120_000); // a fresh data directory is migrated and seeded first, which is slow on a busy machine
});
