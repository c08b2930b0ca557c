import { afterEach, describe, expect, it } from "vitest";
import { registrySeed } from "../prisma/seed/registry-seed.js";
import { significantDatesSeed } from "../prisma/seed/significant-dates.js";
import { startCore } from "../src/app/start-core.js";
import { loadConfig } from "../src/config/config.js";
import { applyMigrations } from "../src/db/apply-migrations.js";
import { type Database, openDatabase } from "../src/db/open-database.js";
import { seedRegistry } from "../src/registry/seed-registry.js";
import {
  importSignificantDates,
  listSignificantDates,
  MonthDaySchema,
  monthDayWords,
  readCountry,
  removeSignificantDate,
  SignificantDateTableSchema,
  seedSignificantDates,
  setSignificantDate,
} from "../src/reminders/significant-dates.js";
import { formatSignificantDatesCsv, readSignificantDatesCsv } from "../src/reminders/significant-dates-csv.js";
import { createLogger } from "../src/shared/logger.js";
import { disposeTestTarget, openTestDatabase, testDatabaseKinds } from "./support/test-databases.js";

const now = new Date("2026-11-22T15:00:00Z");
const partnerCountries = [
  ...new Set(
    registrySeed.agreements
      .filter(
        (agreement) => agreement.category === "PARTNERSHIP_CITY" || agreement.category === "INTERNATIONAL_PROJECT",
      )
      .map((agreement) => agreement.country),
  ),
].sort();

/** A `dates set` entry as typed, valid unless overridden. */
const anEntry = (overrides: Record<string, unknown> = {}) => ({
  country: "Italy",
  name: "Republic Day",
  date: "06-02",
  source: { document: "Italian government, national holidays", quote: "2 giugno, Festa della Repubblica" },
  ...overrides,
});

describe("the seeded table of national days", () => {
  it("has exactly one row for every partner country of the registry seed, spelled as the registry spells it", () => {
    expect(significantDatesSeed.map((row) => row.country).sort()).toEqual(partnerCountries);
  });

  it("cites a source document and quotes the passage that gives each date", () => {
    for (const row of significantDatesSeed) {
      expect(row.source.document, row.country).toMatch(/\S/);
      expect(row.source.quote, row.country).toContain(monthDayWords(row));
    }
  });

  it("passes the table's own validation", () => {
    expect(SignificantDateTableSchema.safeParse(significantDatesSeed).success).toBe(true);
  });
});

describe("reading a date typed as MM-DD", () => {
  it("reads a month and day that come every year", () => {
    expect(MonthDaySchema.parse("07-04")).toEqual({ month: 7, day: 4 });
    expect(MonthDaySchema.parse(" 12-31 ")).toEqual({ month: 12, day: 31 });
  });

  it.each([
    ["7/4", '"7/4" is not MM-DD: use e.g. 07-04 for 4 July'],
    ["2027-07-04", '"2027-07-04" is not MM-DD: use e.g. 07-04 for 4 July'],
    ["13-01", "there is no month 13: use 01 to 12"],
    ["04-31", "April has days 01 to 30"],
    ["06-00", "June has days 01 to 30"],
    ["02-29", "29 February is not a yearly date: use 02-28 or 03-01"],
  ])("refuses %s, saying why", (typed, message) => {
    const parsed = MonthDaySchema.safeParse(typed);
    expect(parsed.error?.issues.map((issue) => issue.message)).toEqual([message]);
  });
});

describe("reading a country", () => {
  const registry = ["United States", "Türkiye", "Vietnam", "Italy"];

  it("gives the registry's spelling for the ways people type a country", () => {
    for (const [typed, country] of [
      ["USA", "United States"],
      ["united states of america", "United States"],
      ["turkiye", "Türkiye"],
      ["Viet Nam", "Vietnam"],
      ["ITALY", "Italy"],
      ["Canada", "Canada"],
    ] as const) {
      expect(readCountry(typed, registry), typed).toEqual({ ok: true, country });
    }
  });

  it("refuses a country it does not know, suggesting the nearest name", () => {
    expect(readCountry("Turkey", registry)).toMatchObject({
      ok: false,
      code: "unknown-country",
      message: expect.stringContaining("Did you mean Türkiye?"),
    });
    expect(readCountry("Narnia", registry)).toMatchObject({ ok: false, message: expect.not.stringContaining("mean") });
  });
});

describe.each(testDatabaseKinds)("the dates of significance on $name", (kind) => {
  let database: Database | undefined;
  afterEach(async () => {
    await database?.close();
    database = undefined;
  });

  async function aSeededDatabase(): Promise<Database> {
    const opened = await openTestDatabase(kind.newTarget());
    database = opened;
    await applyMigrations(opened.sql);
    await seedRegistry(opened.prisma, registrySeed, { now });
    return opened;
  }

  it("seeds an empty table once, and leaves later corrections, additions and removals alone", async () => {
    const { prisma } = await aSeededDatabase();
    expect(await seedSignificantDates(prisma, significantDatesSeed, { now })).toEqual({
      seeded: true,
      created: significantDatesSeed.length,
    });
    await setSignificantDate(prisma, anEntry({ date: "06-03", source: { document: "a correction" } }));
    await removeSignificantDate(prisma, { country: "Japan", name: "Emperor's Birthday" });
    await setSignificantDate(prisma, anEntry({ country: "Canada", name: "Canada Day", date: "07-01" }));
    const corrected = await listSignificantDates(prisma);

    expect(await seedSignificantDates(prisma, significantDatesSeed, { now })).toEqual({ seeded: false });
    expect(await listSignificantDates(prisma)).toEqual(corrected);
    expect(corrected.find((row) => row.country === "Italy")).toMatchObject({ month: 6, day: 3 });
    expect(corrected.some((row) => row.country === "Japan")).toBe(false);
  });

  it("does not seed a table someone filled before the first seed, nor later once it is emptied", async () => {
    const { prisma } = await aSeededDatabase();
    await setSignificantDate(prisma, anEntry());
    expect(await seedSignificantDates(prisma, significantDatesSeed, { now })).toEqual({ seeded: false });
    expect(await prisma.significantDate.count()).toBe(1);
    await prisma.significantDate.deleteMany();
    expect(await seedSignificantDates(prisma, significantDatesSeed, { now })).toEqual({ seeded: false });
    expect(await prisma.significantDate.count()).toBe(0);
  });

  it("is seeded when the bot starts, with a source document on every row", async () => {
    const target = kind.newTarget();
    const core = await startCore({ config: loadConfig({}), clock: () => now, logger: createLogger("silent"), target });
    try {
      const rows = await listSignificantDates(core.database.prisma);
      expect(rows.map((row) => row.country).sort()).toEqual(partnerCountries);
      for (const row of rows) expect(row.source?.document, row.country).toMatch(/CIA World Factbook/);
    } finally {
      await core.close();
      await disposeTestTarget(target);
    }
  });

  it("adds a date, and corrects the one a country has under that name instead of adding another", async () => {
    const { prisma } = await aSeededDatabase();
    const added = await setSignificantDate(prisma, anEntry({ country: "usa", name: "Flag Day", date: "06-14" }));
    expect(added).toMatchObject({
      ok: true,
      change: "created",
      partner: true,
      row: { country: "United States", name: "Flag Day", month: 6, day: 14 },
    });
    const corrected = await setSignificantDate(
      prisma,
      anEntry({ country: "United States", name: "flag day", date: "06-15", source: { document: "a correction" } }),
    );
    expect(corrected).toMatchObject({ ok: true, change: "updated", row: { name: "flag day", month: 6, day: 15 } });
    expect(await prisma.significantDate.count({ where: { country: "United States" } })).toBe(1);
    const again = await setSignificantDate(
      prisma,
      anEntry({ country: "United States", name: "flag day", date: "06-15", source: { document: "a correction" } }),
    );
    expect(again).toMatchObject({ ok: true, change: "unchanged" });
  });

  it("says a country without a partner agreement is not reminded of", async () => {
    const { prisma } = await aSeededDatabase();
    const outcome = await setSignificantDate(prisma, anEntry({ country: "Canada", name: "Canada Day", date: "07-01" }));
    expect(outcome).toMatchObject({ ok: true, change: "created", partner: false });
  });

  it("refuses an incomplete or malformed date with every problem by field, and stores nothing", async () => {
    const { prisma } = await aSeededDatabase();
    const before = await prisma.significantDate.count();
    const outcome = await setSignificantDate(prisma, { country: " ", date: "02-30", source: {} });
    expect(outcome).toEqual({
      ok: false,
      code: "invalid-input",
      issues: [
        { field: "country", message: "required" },
        { field: "name", message: "required" },
        { field: "date", message: "February has days 01 to 28" },
        { field: "source.document", message: "required" },
      ],
    });
    expect(await setSignificantDate(prisma, anEntry({ country: "Narnia" }))).toMatchObject({
      ok: false,
      code: "unknown-country",
    });
    expect(await prisma.significantDate.count()).toBe(before);
  });

  it("removes a date, and says what the country has when the name matches none", async () => {
    const { prisma } = await aSeededDatabase();
    await seedSignificantDates(prisma, significantDatesSeed, { now });
    expect(await removeSignificantDate(prisma, { country: "Italy", name: "Liberation Day" })).toEqual({
      ok: false,
      code: "not-found",
      message: 'No date named "Liberation Day" for Italy. Italy has: "Republic Day".',
    });
    expect(await removeSignificantDate(prisma, { country: "italy", name: "republic day" })).toMatchObject({
      ok: true,
      removed: { country: "Italy", name: "Republic Day" },
    });
    expect(await removeSignificantDate(prisma, { country: "Italy" })).toMatchObject({
      ok: false,
      code: "invalid-input",
      issues: [{ field: "name", message: "required" }],
    });
  });

  it("exports as CSV that imports back unchanged, and imports corrections all at once", async () => {
    const { prisma } = await aSeededDatabase();
    await seedSignificantDates(prisma, significantDatesSeed, { now });
    const csv = formatSignificantDatesCsv(await listSignificantDates(prisma));
    const registry = ["Italy", "United States", ...significantDatesSeed.map((row) => row.country)];
    const reading = readSignificantDatesCsv(csv, registry);
    if (!reading.ok) throw new Error(JSON.stringify(reading.problems));
    expect(await importSignificantDates(prisma, reading.rows)).toEqual({
      created: 0,
      updated: 0,
      unchanged: significantDatesSeed.length,
    });

    const edited = readSignificantDatesCsv(
      [
        "country,name,date,source_document,source_locator,source_quote",
        "Poland,Independence Day,11-11,Polish government,,",
        "Italy,Republic Day,06-02,Italian government,,",
      ].join("\n"),
      registry,
    );
    if (!edited.ok) throw new Error(JSON.stringify(edited.problems));
    expect(await importSignificantDates(prisma, edited.rows)).toEqual({ created: 1, updated: 1, unchanged: 0 });
    expect(await prisma.significantDate.count()).toBe(significantDatesSeed.length + 1); // the rest left alone
  });
});

describe("a dates file", () => {
  it("is refused whole for any bad row, every bad row listed by its line", () => {
    const file = [
      "country,name,date,source_document,source_locator,source_quote",
      "Italy,Republic Day,06-02,Factbook,,",
      "Narnia,Founding Day,01-01,Book,,",
      'Poland,"Constitution Day",5/3,,,',
      "italy,republic day,06-02,Factbook,,",
    ].join("\n");
    expect(readSignificantDatesCsv(file, ["Italy", "Poland"])).toEqual({
      ok: false,
      problems: [
        { line: 3, message: expect.stringContaining('country: "Narnia" is not a country the bot knows.') },
        {
          line: 4,
          message: 'date: "5/3" is not MM-DD: use e.g. 07-04 for 4 July; source_document: required',
        },
        { line: 5, message: 'Italy "republic day" is already on line 2' },
      ],
    });
    expect(readSignificantDatesCsv("country,name\nItaly,Republic Day\n", [])).toMatchObject({
      ok: false,
      problems: [{ line: 1, message: expect.stringContaining("the header lacks column(s): date, source_document") }],
    });
  });
});

describe("seeding from replicas starting at once on PostgreSQL", () => {
  it("seeds exactly once", async () => {
    const target = testDatabaseKinds.find((kind) => kind.name === "PostgreSQL")!.newTarget();
    const first = await openTestDatabase(target);
    const second = await openDatabase(target);
    try {
      await applyMigrations(first.sql);
      const outcomes = await Promise.all([
        seedSignificantDates(first.prisma, significantDatesSeed, { now }),
        seedSignificantDates(second.prisma, significantDatesSeed, { now }),
      ]);
      expect(outcomes.filter((outcome) => outcome.seeded)).toHaveLength(1);
      expect(await first.prisma.significantDate.count()).toBe(significantDatesSeed.length);
    } finally {
      await second.close();
      await first.close();
    }
  });
});
