import ICAL from "ical.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningBot } from "../adapters/server/start-bot.js";
import { addCalendarSubscriber, revokeCalendarSubscriber } from "../src/calendar/calendar-subscribers.js";
import { importRegistry } from "../src/registry/import-registry.js";
import { anAgreement, aRegistryDocument } from "./support/agreement-builder.js";
import { NOW, startTestBot } from "./support/teams-bot.js";
import { testDatabaseKinds } from "./support/test-databases.js";

// NOW is 2026-03-02 in Toronto: the feed covers 2025-03-02 to 2029-03-02.

/** Builders are mutable: each document gets its own. */
const registry = (changes: { termEnd?: string; reportDue?: string } = {}) =>
  aRegistryDocument(
    anAgreement("testville")
      .expiring(changes.termEnd ?? "2027-03-31")
      .with({
        establishedYear: 2001,
        establishedOn: "2001-06-15",
        projects: [
          aProject({ name: "Harbour exchange", endDate: "2026-09-30" }),
          aProject({ name: "Old fair", endDate: "2024-05-01" }),
        ],
        milestones: [
          aMilestone({
            title: "Report to Council",
            project: "Harbour exchange",
            dueOn: changes.reportDue ?? "2026-06-01",
            doneOn: null,
          }),
          aMilestone({ title: "Kick-off", project: null, dueOn: "2026-04-01", doneOn: "2026-03-01" }),
        ],
      }),
    anAgreement("leapville")
      .inCategory("INTERNATIONAL_PROJECT")
      .expiring("2028-01-15")
      .with({ establishedYear: 2004, establishedOn: "2004-02-29" }),
    anAgreement("yearonly").with({ establishedYear: 2001 }),
    anAgreement("old-town")
      .inCategory("HISTORICAL")
      .expiring("2026-12-31")
      .with({ establishedOn: "2001-05-01", projects: [aProject({ name: "Archive", endDate: "2026-08-01" })] }),
    anAgreement("first-day").expiring("2025-03-02"),
    anAgreement("day-before").expiring("2025-03-01"),
    anAgreement("far-future").expiring("2031-01-01"),
  );

function aProject(fields: { name: string; endDate: string }) {
  return {
    objective: null,
    activity: null,
    measure: null,
    assignee: null,
    resources: null,
    startDate: null,
    source: null,
    ...fields,
  };
}

function aMilestone(fields: { title: string; project: string | null; dueOn: string; doneOn: string | null }) {
  return { source: null, ...fields };
}

interface FeedEvent {
  readonly uid: string;
  readonly summary: string;
  readonly allDay: boolean;
  /** "2027-03-31", or the wall-clock "2026-02-03T10:00:00" of a timed event. */
  readonly start: string;
  readonly end: string;
  /** The instant, for timed events. */
  readonly startUtc: string | null;
  readonly tzid: string | null;
  readonly stamp: string;
}

/** Reads a feed with ical.js, an independent parser; VTIMEZONEs are taken from the feed alone. */
function parseFeed(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  ICAL.TimezoneService.reset();
  const zones = calendar.getAllSubcomponents("vtimezone");
  for (const zone of zones) ICAL.TimezoneService.register(zone);
  const events: FeedEvent[] = calendar.getAllSubcomponents("vevent").map((component) => {
    const event = new ICAL.Event(component);
    return {
      uid: event.uid,
      summary: event.summary,
      allDay: event.startDate.isDate,
      start: event.startDate.toString(),
      end: event.endDate.toString(),
      startUtc: event.startDate.isDate ? null : event.startDate.toJSDate().toISOString(),
      tzid: (component.getFirstProperty("dtstart")?.getParameter("tzid") as string | undefined) ?? null,
      stamp: String(component.getFirstPropertyValue("dtstamp")),
    };
  });
  return {
    name: calendar.getFirstPropertyValue("x-wr-calname"),
    zones: zones.map((zone) => zone.getFirstPropertyValue("tzid")),
    events,
    byUid: (uid: string) => {
      const found = events.filter((event) => event.uid === uid);
      expect(found, uid).toHaveLength(1);
      return found[0]!;
    },
  };
}

describe.each(testDatabaseKinds)("the calendar feed on $name", (kind) => {
  let bot: RunningBot & { dispose(): Promise<void> };
  let token: string;
  const actor = { platform: "CONSOLE" as const, externalId: "test" };
  const feed = async (query: string) => {
    const response = await fetch(`${bot.url}/calendar.ics${query}`);
    return { status: response.status, type: response.headers.get("content-type"), body: await response.text() };
  };
  const subscribedFeed = async () => {
    const response = await feed(`?token=${token}`);
    expect(response.status).toBe(200);
    return parseFeed(response.body);
  };
  const importDocument = async (document: ReturnType<typeof registry>) => {
    const imported = await importRegistry(bot.core.database.prisma, {
      fileName: "calendar.json",
      text: JSON.stringify(document),
      now: NOW,
    });
    expect(imported.ok).toBe(true);
  };

  beforeAll(async () => {
    bot = await startTestBot(kind.newTarget());
    await importDocument(registry());
    const added = await addCalendarSubscriber(bot.core.database.prisma, { name: "CCO-SPER calendar", actor, now: NOW });
    if (!added.ok) throw new Error(added.reason);
    token = added.token;
  });
  afterAll(async () => {
    await bot?.dispose();
  });

  it("gives no data without a token, with an unknown token or with a revoked one", async () => {
    const prisma = bot.core.database.prisma;
    const revoked = await addCalendarSubscriber(prisma, { name: "Former intern", actor, now: NOW });
    if (!revoked.ok) throw new Error(revoked.reason);
    expect(await feed(`?token=${revoked.token}`)).toMatchObject({ status: 200 });
    expect(await revokeCalendarSubscriber(prisma, { subscriber: "former INTERN", actor, now: NOW })).toMatchObject({
      ok: true,
    });

    const refusals = [
      { query: "", status: 401 },
      { query: "?token=", status: 401 },
      { query: `?token=${token.slice(0, -1)}x`, status: 404 },
      { query: `?token=${revoked.token}`, status: 404 },
      { query: `?token=${token}&token=${token}`, status: 400 },
    ];
    for (const { query, status } of refusals) {
      const response = await feed(query);
      expect(response, query).toMatchObject({ status, type: "text/plain; charset=utf-8" });
      expect(response.body.length).toBeLessThan(200);
      expect(response.body).not.toMatch(/VCALENDAR|Testville|Term ends/);
    }
  });

  it("revokes by id or by name, but not a name two subscribers share", async () => {
    const prisma = bot.core.database.prisma;
    const add = async (name: string) => {
      const added = await addCalendarSubscriber(prisma, { name, actor, now: NOW });
      if (!added.ok) throw new Error(added.reason);
      return added.subscriber.id;
    };
    const first = await add("Shared inbox");
    const second = await add("shared INBOX");
    const revoke = (subscriber: string) => revokeCalendarSubscriber(prisma, { subscriber, actor, now: NOW });
    expect(await revoke("Shared Inbox")).toEqual({
      ok: false,
      reason: `2 subscribers are called "Shared Inbox" (ids ${first}, ${second}): revoke one by its id.`,
    });
    expect(await revoke(`#${second}`)).toMatchObject({ ok: true, subscriber: { id: second, revokedAt: NOW } });
    expect(await revoke("shared inbox")).toMatchObject({ ok: true, subscriber: { id: first } });
    expect(await revoke(String(first))).toMatchObject({
      ok: false,
      reason: expect.stringContaining("already revoked"),
    });
    expect(await revoke("Nobody")).toMatchObject({
      ok: false,
      reason: expect.stringContaining("no calendar subscriber"),
    });
    expect(await addCalendarSubscriber(prisma, { name: "two\nlines", actor, now: NOW })).toMatchObject({ ok: false });
  });

  it("stores only a hash of each token", async () => {
    const rows = await bot.core.database.prisma.calendarSubscriber.findMany();
    expect(rows.map((row) => row.tokenHash)).not.toContain(token);
    expect(JSON.stringify(await bot.core.database.prisma.auditEntry.findMany())).not.toContain(token);
  });

  it("is one calendar named IAP agreements, served as text/calendar in UTF-8", async () => {
    const response = await feed(`?token=${token}`);
    expect(response.type).toBe("text/calendar; charset=utf-8");
    expect(response.body.match(/^BEGIN:VCALENDAR/gm)).toHaveLength(1);
    expect(parseFeed(response.body).name).toBe("IAP agreements");
  });

  it("marks term ends of agreements in force as all-day dates without a time zone, one year back to three ahead", async () => {
    const { events, byUid } = await subscribedFeed();
    expect(byUid("term-end-testville@iap-bot")).toMatchObject({
      allDay: true,
      start: "2027-03-31",
      end: "2027-04-01",
      tzid: null,
      summary: "Term ends: Testville (Partnership City)",
    });
    expect(byUid("term-end-leapville@iap-bot")).toMatchObject({ allDay: true, start: "2028-01-15" });
    expect(byUid("term-end-first-day@iap-bot").start).toBe("2025-03-02");
    const termEnds = events.filter((event) => event.uid.startsWith("term-end-")).map((event) => event.uid);
    expect(termEnds.sort()).toEqual([
      "term-end-first-day@iap-bot",
      "term-end-leapville@iap-bot",
      "term-end-testville@iap-bot",
    ]); // not Historical old-town, nor outside the window
  });

  it("marks every 5th anniversary of a known establishment date, and none for a year alone", async () => {
    const { events, byUid } = await subscribedFeed();
    expect(byUid("anniversary-testville-2026@iap-bot")).toMatchObject({
      allDay: true,
      start: "2026-06-15",
      summary: "25th anniversary: Testville (Partnership City)",
    });
    // Established on 29 February 2004: its 25th falls on 28 February 2029, inside the window's last days.
    expect(byUid("anniversary-leapville-2029@iap-bot")).toMatchObject({ allDay: true, start: "2029-02-28" });
    const anniversaries = events.filter((event) => event.uid.startsWith("anniversary-")).map((event) => event.uid);
    // Chongqing (1986) and yearonly (2001) have a year but no date; old-town is Historical.
    expect(anniversaries.sort()).toEqual(["anniversary-leapville-2029@iap-bot", "anniversary-testville-2026@iap-bot"]);
  });

  it("shows project ends and open milestones, not done ones", async () => {
    const { events } = await subscribedFeed();
    const dated = events
      .filter((event) => /^(project-end|milestone)-/.test(event.uid))
      .map((event) => ({ summary: event.summary, start: event.start, allDay: event.allDay }));
    expect(dated).toEqual([
      { summary: "Milestone due: Report to Council (Testville)", start: "2026-06-01", allDay: true },
      { summary: "Project ends: Harbour exchange (Testville)", start: "2026-09-30", allDay: true },
    ]);
  });

  it("puts working-group meetings at 10:00 Toronto time with its VTIMEZONE, before and after the DST change", async () => {
    const { zones, events, byUid } = await subscribedFeed();
    expect(zones).toEqual(["America/Toronto"]);
    const meetings = events.filter((event) => event.uid.startsWith("meeting-"));
    expect(meetings).toHaveLength(16);
    expect([meetings[0]?.uid, meetings.at(-1)?.uid]).toEqual([
      "meeting-2025-05-06@iap-bot",
      "meeting-2029-02-06@iap-bot",
    ]);
    expect(byUid("meeting-2026-02-03@iap-bot")).toMatchObject({
      allDay: false,
      tzid: "America/Toronto",
      start: "2026-02-03T10:00:00",
      end: "2026-02-03T11:30:00",
      startUtc: "2026-02-03T15:00:00.000Z", // EST, UTC−5
    });
    expect(byUid("meeting-2026-05-05@iap-bot")).toMatchObject({
      tzid: "America/Toronto",
      start: "2026-05-05T10:00:00",
      startUtc: "2026-05-05T14:00:00.000Z", // EDT, UTC−4
    });
  });

  it("stamps every event with the injected clock", async () => {
    const { events } = await subscribedFeed();
    expect(new Set(events.map((event) => event.stamp))).toEqual(new Set(["2026-03-02T14:00:00Z"]));
  });

  it("keeps every UID from one fetch to the next, and moves a changed date instead of adding an event", async () => {
    const first = await subscribedFeed();
    const second = await subscribedFeed();
    const uids = (events: readonly FeedEvent[]) => events.map((event) => event.uid).sort();
    expect(new Set(uids(first.events)).size).toBe(first.events.length);
    expect(uids(second.events)).toEqual(uids(first.events));

    // A JSON import replaces projects and milestones with new rows: their UIDs must not depend on row ids.
    const idsBefore = await bot.core.database.prisma.milestone.findMany({ select: { id: true } });
    await importDocument(registry({ termEnd: "2027-06-30", reportDue: "2026-07-01" }));
    const idsAfter = await bot.core.database.prisma.milestone.findMany({ select: { id: true } });
    expect(idsAfter).not.toEqual(idsBefore);
    const changed = await subscribedFeed();
    expect(uids(changed.events)).toEqual(uids(first.events));
    expect(changed.byUid("term-end-testville@iap-bot").start).toBe("2027-06-30");
    const milestone = changed.events.find((event) => event.summary.startsWith("Milestone due: Report to Council"));
    expect(milestone?.start).toBe("2026-07-01");
    expect(milestone?.uid).toBe(first.events.find((event) => event.summary === milestone?.summary)?.uid);
  });

  it("still writes one valid calendar when names are hostile", async () => {
    const prisma = bot.core.database.prisma;
    const agreement = (slug: string, counterpartyName: string) =>
      prisma.agreement.create({
        data: {
          slug,
          counterpartyName,
          counterpartyKind: "MUNICIPALITY",
          country: "Italy",
          category: "PARTNERSHIP_CITY",
          termEnd: new Date("2026-12-01T00:00:00Z"),
        },
      });
    const injected = await agreement(
      "hostile-injection",
      '<!channel> Evil\r\nEND:VCALENDAR\r\nBEGIN:VEVENT\nUID:x;y,"z"\\\t\u0007done',
    );
    await agreement("hostile-huge", "名".repeat(34_000)); // 100 KB of UTF-8
    await prisma.project.create({
      data: {
        agreementId: injected.id,
        name: "Line\u2028separated\r\nproject",
        endDate: new Date("2026-11-01T00:00:00Z"),
      },
    });

    const response = await feed(`?token=${token}`);
    expect(response.status).toBe(200);
    const lines = response.body.split("\r\n");
    expect(lines.filter((line) => Buffer.byteLength(line) > 75)).toEqual([]);
    expect(lines.filter((line) => /^(BEGIN|END):VCALENDAR$/.test(line))).toEqual(["BEGIN:VCALENDAR", "END:VCALENDAR"]);
    const parsed = parseFeed(response.body);
    expect(lines.filter((line) => line === "BEGIN:VEVENT")).toHaveLength(parsed.events.length);
    expect(parsed.byUid("term-end-hostile-injection@iap-bot").summary).toBe(
      'Term ends: <!channel> Evil END:VCALENDAR BEGIN:VEVENT UID:x;y,"z"\\ done (Partnership City)',
    );
    const huge = parsed.byUid("term-end-hostile-huge@iap-bot").summary;
    expect(huge.length).toBeLessThan(160);
    expect(huge).toMatch(/^Term ends: 名+… \(Partnership City\)$/);
    expect(parsed.events.find((event) => event.uid.startsWith("project-end-hostile-injection-"))?.summary).toBe(
      'Project ends: Line separated project (<!channel> Evil END:VCALENDAR BEGIN:VEVENT UID:x;y,"z"\\ done)',
    );
  });
});
