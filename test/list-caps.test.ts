import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Core, startCore } from "../src/app/start-core.js";
import type { Actor } from "../src/audit/audit-log.js";
import { loadConfig } from "../src/config/config.js";
import { AUDIT_PAGE_SIZE } from "../src/conversation/answer-audit-question.js";
import type { Reply, ReplyList } from "../src/conversation/reply.js";
import { commentOnRequest, submitRequest } from "../src/intake/intake-service.js";
import { importRegistry } from "../src/registry/import-registry.js";
import { createLogger } from "../src/shared/logger.js";
import { anAgreement, aRegistryDocument } from "./support/agreement-builder.js";
import { aPartnershipCityProposal } from "./support/intake-proposals.js";
import { disposeTestTarget, testDatabaseKinds } from "./support/test-databases.js";

/** Monday 23 November 2026, 10:00 in Toronto. */
const now = new Date("2026-11-23T15:00:00Z");
/** One page of a list reply (the default list limit). */
const PAGE = 25;
/** Rows generated for each list: more than a page. */
const MANY = 40;
const COORDINATOR = { platform: "SLACK", externalId: "U-CAP-COORD" } as const satisfies Actor;
const REQUESTER = { platform: "SLACK", externalId: "U-CAP-REQUESTER" } as const satisfies Actor;

/** "Cap Aa", "Cap Ab", …: distinct names the parser reads as names (no numbers, which read as dates). */
const capName = (index: number) =>
  `Cap ${String.fromCharCode(65 + Math.floor(index / 26))}${String.fromCharCode(97 + (index % 26))}`;
const capSlug = (index: number) => capName(index).toLowerCase().replace(" ", "-");
const isoDay = (date: Date) => date.toISOString().slice(0, 10);
const daysFrom = (day: string, days: number) => isoDay(new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000));

const lists = (reply: Reply): readonly ReplyList[] => reply.lists ?? [];
const more = (reply: Reply) => reply.suggestions?.find((suggestion) => suggestion.offset !== undefined);

describe.each(testDatabaseKinds)("every list reply carries at most one page, on $name", (kind) => {
  const target = kind.newTarget();
  let core: Core;
  let asked = 0;
  let requestNumbers: number[] = [];

  const ask = (text: string, who: Actor | undefined = COORDINATOR, offset?: number) =>
    core.ask({
      conversationKey: `test:caps:${++asked}`,
      text,
      ...(who ? { asker: who } : {}),
      ...(offset === undefined ? {} : { offset }),
    });

  /** The reply's one list is the first page of `total` items, with a "More" suggestion for the rest. */
  function expectFirstPage(reply: Reply, total: number | "more than a page", page = PAGE) {
    expect(lists(reply)).toHaveLength(1);
    const [list] = lists(reply);
    expect(list!.items).toHaveLength(page);
    if (total === "more than a page") expect(list!.total).toBeGreaterThan(page);
    else expect(list!.total).toBe(total);
    expect(more(reply)).toMatchObject({ offset: page, label: expect.stringContaining(`of ${list!.total}`) });
  }

  beforeAll(async () => {
    core = await startCore({ config: loadConfig({}), clock: () => now, logger: createLogger("silent"), target });
    const { prisma } = core.database;
    await prisma.person.create({
      data: { displayName: "Avery", role: "COORDINATOR", identities: { create: [{ ...COORDINATOR }] } },
    });

    // MANY Partnership Cities in Malta, ending one a day from 24 December: their 30- and 7-day
    // expiry reminders fall in the next 30 days. The first has MANY projects; twelve share a name.
    const agreements = Array.from({ length: MANY }, (_, index) => {
      const builder = anAgreement(capSlug(index))
        .with({ counterpartyName: capName(index), city: capName(index) })
        .inCountry("Malta")
        .expiring(daysFrom("2026-12-24", index));
      if (index < 12) builder.knownAs("Twin Town");
      if (index === 0) {
        builder.with({
          projects: Array.from({ length: MANY }, (_, project) => ({
            name: `Exchange ${capName(project)}`,
            objective: null,
            activity: null,
            measure: null,
            assignee: null,
            resources: null,
            startDate: "2026-01-01",
            endDate: "2027-12-31",
            source: null,
          })),
        });
      }
      return builder;
    });
    const imported = await importRegistry(prisma, {
      fileName: "caps.json",
      text: JSON.stringify(aRegistryDocument(...agreements)),
      now,
    });
    if (!imported.ok) throw new Error(JSON.stringify(imported.problems.slice(0, 3)));

    // MANY requests by one requester, all submitted in January, so all are over the six-month target.
    requestNumbers = [];
    for (let index = 0; index < MANY; index++) {
      const outcome = await submitRequest(prisma, {
        kind: "PARTNERSHIP_CITY",
        input: aPartnershipCityProposal({ candidateCity: `Capcity ${capName(index)}` }),
        requester: REQUESTER,
        now: new Date(Date.parse("2026-01-05T15:00:00Z") + index * 60_000),
      });
      if (!outcome.ok) throw new Error(`request ${index} refused: ${JSON.stringify(outcome)}`);
      requestNumbers.push(outcome.request.number);
    }
    // MANY comments on the first request: its history, and the audit log, run past a page.
    for (let index = 0; index < MANY; index++) {
      const outcome = await commentOnRequest(prisma, {
        number: requestNumbers[0]!,
        text: `Note ${index + 1}`,
        actor: COORDINATOR,
        now: new Date(Date.parse("2026-02-01T15:00:00Z") + index * 60_000),
      });
      if (!outcome.ok) throw new Error(outcome.reason);
    }

    // MANY reminders on record about "Cap Ab", each with a post that keeps failing.
    const capAb = await prisma.agreement.findUniqueOrThrow({ where: { slug: capSlug(1) } });
    for (let index = 0; index < MANY; index++) {
      const queuedAt = new Date(Date.parse("2026-06-01T13:00:00Z") + index * 86_400_000);
      await prisma.reminderDelivery.create({
        data: {
          key: `ANNIVERSARY|agreement:${capAb.id}|caps-${index}`,
          kind: "ANNIVERSARY",
          subject: `agreement:${capAb.id}`,
          agreementId: capAb.id,
          dueOn: queuedAt,
          postAt: queuedAt,
          queuedAt,
          summary: `Cap Ab: reminder ${index + 1}`,
          messages: {
            create: [
              {
                platform: "SLACK",
                target: "C0WG",
                reply: { kind: "answer", text: `Cap Ab: reminder ${index + 1}` },
                attempts: 2,
                nextAttemptAt: new Date("2026-11-23T16:00:00Z"),
                lastError: "channel_not_found",
                createdAt: queuedAt,
              },
            ],
          },
        },
      });
    }
  });
  afterAll(async () => {
    await core?.close();
    await disposeTestTarget(target);
  });

  it("lists agreements a page at a time, and gives the rest on “more”", async () => {
    const first = await ask("list partnership cities in Malta");
    expectFirstPage(first, MANY);
    const second = await ask("list partnership cities in Malta", COORDINATOR, more(first)!.offset);
    expect(lists(second)[0]).toMatchObject({ total: MANY, offset: PAGE });
    expect(lists(second)[0]!.items).toHaveLength(MANY - PAGE);
    expect(more(second)).toBeUndefined();
  });

  it("lists what expires, and agreements with a gap, a page at a time", async () => {
    expectFirstPage(await ask("what expires in the next 6 months?"), "more than a page");
    expectFirstPage(await ask("which agreements have no active project?"), "more than a page");
  });

  it("offers a handful of agreements when a name could mean many, saying how many", async () => {
    const reply = await ask("status of Twin Town");
    expect(reply.kind).toBe("ambiguous");
    expect(lists(reply)[0]).toMatchObject({ total: 12 });
    expect(lists(reply)[0]!.items).toHaveLength(8);
    expect(reply.suggestions).toHaveLength(8);
    expect(reply.text).toContain("could mean 12 agreements");
    expect(reply.text).toContain("type more of the name");
  });

  it("shows ten of an agreement's projects in its status, saying how many it has", async () => {
    const reply = await ask(`status of ${capName(0)}`);
    const projects = lists(reply).find((list) => list.title === "Projects")!;
    expect(projects.total).toBe(MANY);
    expect(projects.items).toHaveLength(10);
  });

  it("lists someone's requests, the open ones and the overdue ones a page at a time", async () => {
    expectFirstPage(await ask("my requests", REQUESTER), MANY);
    expectFirstPage(await ask("open requests"), MANY);
    expectFirstPage(await ask("overdue requests"), MANY);
  });

  it("gives a request's history and the audit log a page at a time", async () => {
    expectFirstPage(await ask(`history of request ${requestNumbers[0]}`), MANY + 1);
    expectFirstPage(await ask("audit log"), "more than a page", AUDIT_PAGE_SIZE);
  });

  it("lists coming reminders, an agreement's reminders and failing posts a page at a time", async () => {
    expectFirstPage(await ask("what reminders are coming up?"), "more than a page");
    expectFirstPage(await ask(`who was reminded about ${capName(1)}?`), MANY);
    expectFirstPage(await ask("which posts failed?"), MANY);
  });

  it("cuts every section of the meeting digest in chat to eight, each saying how many there are", async () => {
    const reply = await ask("digest");
    expect(lists(reply).length).toBeGreaterThan(1);
    for (const list of lists(reply)) expect(list.items.length, list.title).toBeLessThanOrEqual(8);
    const dormant = lists(reply).find((list) => list.title?.startsWith("Dormant"))!;
    expect(dormant.total).toBeGreaterThanOrEqual(MANY);
    expect(dormant.items).toHaveLength(8);
  });
});
