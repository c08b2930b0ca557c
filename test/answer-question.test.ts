import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registrySeed } from "../prisma/seed/registry-seed.js";
import { answerQuestion, type ConversationDeps } from "../src/conversation/answer-question.js";
import type { Reply } from "../src/conversation/reply.js";
import { applyMigrations } from "../src/db/apply-migrations.js";
import type { Database } from "../src/db/open-database.js";
import { seedRegistry } from "../src/registry/seed-registry.js";
import { openTestDatabase, testDatabaseKinds } from "./support/test-databases.js";

const fixedNow = new Date("2026-11-22T15:00:00Z");

const factValue = (reply: Reply, label: string) => reply.facts?.find((fact) => fact.label === label)?.value;
const listedNames = (reply: Reply) => (reply.lists?.[0]?.items ?? []).map((item) => item.text.replace(/ \(.*\)$/, ""));

describe.each(testDatabaseKinds)("answers against the seeded registry on $name", (kind) => {
  let database: Database;
  let deps: ConversationDeps;
  let conversation = 0;
  const ask = (text: string, key = `test:${++conversation}`) => answerQuestion(deps, { conversationKey: key, text });

  beforeAll(async () => {
    database = await openTestDatabase(kind.newTarget());
    await applyMigrations(database.sql);
    await seedRegistry(database.prisma, registrySeed, { now: fixedNow });
    deps = { prisma: database.prisma, clock: () => fixedNow, timeZone: "America/Toronto" };
  });
  afterAll(async () => {
    await database?.close();
  });

  it("gives Milan's category and says what is not recorded, without inventing it", async () => {
    const reply = await ask("status of Milan");
    expect(reply.kind).toBe("answer");
    expect(reply.title).toBe("Milan");
    expect(factValue(reply, "Category")).toBe("Partnership City");
    for (const label of ["Established", "Term start", "Term end", "Renewal option", "Lead division"]) {
      expect(factValue(reply, label)).toBe("not recorded");
    }
    expect(reply.text).toContain("Not recorded: established, term start, term end, renewal option, lead division.");
    expect(reply.text).toContain("no term end and no active project is recorded");
    expect(reply.lists?.find((list) => list.title === "Recorded activities")?.items.map((item) => item.text)).toEqual([
      "2023",
      "2015",
    ]);
  });

  it.each([
    ["Kiev", "Kyiv"],
    ["tell me about HCMC", "Ho Chi Minh City"],
    ["what's happening with Saigon?", "Ho Chi Minh City"],
    ["SAGAMI-HARA", "Sagamihara"],
    ["status of rio", "Rio de Janeiro"],
    ["info on São Paulo", "Invest Sao Paulo"],
  ])("recognises the name variant %s as %s", async (question, name) => {
    const reply = await ask(question);
    expect(reply.title).toBe(name);
  });

  it("corrects a misspelt name and says which agreement it took", async () => {
    const reply = await ask("status of Chongquing");
    expect(reply.title).toBe("Chongqing");
    expect(reply.text).toContain("I took “Chongquing” to mean Chongqing.");
    expect(factValue(reply, "Established")).toBe("1986");
  });

  it("lists the candidates when a name is ambiguous", async () => {
    const reply = await ask("Hong Kong");
    expect(reply.kind).toBe("ambiguous");
    expect(listedNames(reply).sort()).toEqual(["Hong Kong Chamber of Commerce", "Hong Kong Trade Development Council"]);
    expect(reply.suggestions?.map((suggestion) => suggestion.query)).toContain(
      "status of Hong Kong Chamber of Commerce",
    );
  });

  it("says there is no agreement with Seoul and how to propose one", async () => {
    const reply = await ask("what about Seoul?");
    expect(reply.kind).toBe("not-found");
    expect(reply.text).toContain("no agreement with “Seoul”");
    expect(reply.text).toContain("CCO-SPER");
    expect(reply.suggestions?.map((suggestion) => suggestion.query)).toContain("how do I propose a new partner city?");
  });

  it("answers when Chongqing was signed, with its source", async () => {
    const key = "test:dates";
    const reply = await ask("when was Chongqing signed", key);
    expect(reply.text).toContain("established in 1986");
    const sources = await ask("source?", key);
    expect(sources.kind).toBe("sources");
    expect(sources.lists?.[0]?.items.map((item) => item.detail).join(" ")).toContain("002_b3627e290b94d2d0.txt");
  });

  it("says Lisbon's term end is not recorded rather than guessing it", async () => {
    const reply = await ask("when does Lisbon end");
    expect(reply.text).toBe(
      "The Lisbon agreement's term end is not recorded. Under the 2024 policy every agreement must be time-limited, so this needs to be filled in.",
    );
  });

  it("follows up on the agreement just discussed", async () => {
    const key = "test:follow-up";
    await ask("tell me about Frankfurt", key);
    const reply = await ask("when was it established?", key);
    expect(reply.text).toContain("Frankfurt: established in 1989");
  });

  it("lists the international projects", async () => {
    const reply = await ask("list the international projects");
    expect(listedNames(reply)).toEqual(["Lisbon", "Matera"]);
    expect(reply.lists?.[0]?.total).toBe(2);
  });

  it("pages a long list: each page continues where the last ended, and the last offers no more", async () => {
    const paged = { ...deps, listLimit: 5 };
    const question = "list the historical agreements";
    const names: string[] = [];
    let offset: number | undefined;
    const texts: string[] = [];
    for (let page = 0; page < 5; page++) {
      const reply = await answerQuestion(paged, { conversationKey: "test:paging", text: question, offset });
      texts.push(reply.text);
      names.push(...listedNames(reply));
      const more = reply.suggestions?.find((suggestion) => suggestion.offset !== undefined);
      if (!more) break;
      expect(more.query).toBe(question);
      offset = more.offset;
    }
    expect(texts).toEqual([
      "16 Historical agreements; 1–5:",
      "16 Historical agreements; 6–10:",
      "16 Historical agreements; 11–15:",
      "16 Historical agreements; number 16:",
    ]);
    expect(names).toHaveLength(16);
    expect(new Set(names).size).toBe(16);
  });

  it("lists historical agreements in China", async () => {
    const reply = await ask("historical agreements in China");
    expect(listedNames(reply)).toEqual([
      "Hong Kong Chamber of Commerce",
      "Hong Kong Trade Development Council",
      "Shenzhen",
      "Wuxi",
    ]);
  });

  it("lists partnership cities in Europe by region", async () => {
    const reply = await ask("partnership cities in Europe");
    expect(listedNames(reply)).toEqual(["Frankfurt", "Kyiv", "Milan", "Warsaw"]);
  });

  it("counts agreements by category", async () => {
    const reply = await ask("how many agreements are there?");
    expect(reply.facts?.map((fact) => [fact.label, fact.value])).toEqual([
      ["Partnership City", "10"],
      ["International Project", "2"],
      ["Historical", "16"],
      ["Outside IAP", "1"],
    ]);
    expect((await ask("how many partnership cities are there?")).text).toBe(
      "There are 10 Partnership City agreements.",
    );
  });

  it("finds nothing expiring in the next 6 months and says how many have no term end to check", async () => {
    const reply = await ask("what expires in the next 6 months");
    expect(reply.kind).toBe("list");
    expect(reply.text).toMatch(/^No recorded term ends in the next 6 months/);
    expect(reply.text).toContain("12 active agreements have no term end recorded, so they cannot be checked.");
  });

  it("lists the active agreements with no term end recorded", async () => {
    const reply = await ask("which agreements have no term end recorded");
    expect(reply.lists?.[0]?.total).toBe(12);
    expect(reply.text).toContain("12 of the active agreements");
  });

  it("lists active agreements with no active project", async () => {
    const reply = await ask("which have no active project");
    expect(reply.lists?.[0]?.total).toBe(12);
  });

  it("lists agreements with no activity since 2023, showing the last one recorded", async () => {
    const reply = await ask("which have had no activity since 2023");
    const names = listedNames(reply);
    expect(names).not.toContain("Milan");
    expect(names).toContain("Chicago");
    expect(names).toContain("Lisbon");
    const chicago = reply.lists?.[0]?.items.find((item) => item.text.startsWith("Chicago"));
    expect(chicago?.detail).toContain("last activity 2020");
  });

  it("answers who signs an international project, citing the report", async () => {
    const reply = await ask("who signs an international project?");
    expect(reply.text).toContain("Division Head");
    expect(reply.text).toContain("financial signing authority");
    expect(reply.sources?.[0]?.source.document).toBe("004_c975d6aa7d171fca.txt");
  });

  it("answers how long a partnership can last", async () => {
    const reply = await ask("how long can a partnership last?");
    expect(reply.text).toContain("no more than 5 years");
  });

  it("answers how to propose a new partner city", async () => {
    const reply = await ask("how do I propose a new partner city?");
    expect(reply.text).toContain("CCO-SPER");
    expect(reply.lists?.[0]?.items).toHaveLength(5);
  });

  it("answers anything it does not understand with a short help", async () => {
    const reply = await ask("the quick brown fox jumps over the lazy dog because reasons");
    expect(reply.kind === "help" || reply.kind === "not-found").toBe(true);
    expect(reply.suggestions?.length ?? reply.lists?.length).toBeGreaterThan(0);
  });

  it("answers empty input with help", async () => {
    const reply = await ask("   ");
    expect(reply.kind).toBe("help");
    expect(reply.lists?.[0]?.items.length).toBeGreaterThan(3);
  });

  it("survives a 100 KB message of hostile text and echoes at most a short excerpt", async () => {
    const reply = await ask(`<!channel> ${"*bold* <script>".repeat(8000)}`);
    expect(reply.text.length).toBeLessThan(400);
  });

  it("says there is nothing to cite before anything was asked", async () => {
    const reply = await ask("source?", "test:fresh");
    expect(reply.kind).toBe("sources");
    expect(reply.text).toContain("Ask me something first");
  });
});
