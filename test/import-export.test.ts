import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { applyMigrations } from "../src/db/apply-migrations.js";
import type { Database } from "../src/db/open-database.js";
import { exportRegistry } from "../src/registry/export-registry.js";
import { importRegistry } from "../src/registry/import-registry.js";
import { formatRegistryCsv } from "../src/registry/registry-csv.js";
import { anAgreement, aRegistryDocument } from "./support/agreement-builder.js";
import { openTestDatabase, testDatabaseKinds } from "./support/test-databases.js";

const now = new Date("2026-11-22T15:00:00Z");
const HEADER =
  "slug,counterparty_name,aliases,counterparty_kind,city,country,category,previous_designation,established_year,established_on,term_start,term_end,renewal_option,lead_division,contacts,notes";

describe.each(testDatabaseKinds)("registry import and export on $name", (kind) => {
  let database: Database;
  beforeEach(async () => {
    database = await openTestDatabase(kind.newTarget());
    await applyMigrations(database.sql);
    await database.prisma.division.create({
      data: { code: "CCO-SPER", name: "Strategic Protocol and External Relations" },
    });
  });
  afterEach(async () => {
    await database.close();
  });

  const importText = (fileName: string, text: string) => importRegistry(database.prisma, { fileName, text, now });

  it("creates the agreements of a good CSV file, with empty cells as not recorded", async () => {
    const result = await importText(
      "dates.csv",
      [
        HEADER,
        "lisbon,Lisbon,Lisboa,Municipality,Lisbon,Portugal,International Project,MOU,,,2023-05-01,2026-04-30,no,CCO-SPER,,",
        'matera,Matera,,municipality,Matera,Italy,INTERNATIONAL_PROJECT,,,,,,,,,"Former MOU, kept ""as is"""',
      ].join("\n"),
    );
    expect(result).toMatchObject({ ok: true, report: { created: ["lisbon", "matera"], updated: [], unchanged: 0 } });
    const lisbon = await database.prisma.agreement.findUniqueOrThrow({
      where: { slug: "lisbon" },
      include: { aliases: true, leadDivision: true },
    });
    expect(lisbon.termEnd?.toISOString().slice(0, 10)).toBe("2026-04-30");
    expect(lisbon.renewalOption).toBe(false);
    expect(lisbon.establishedYear).toBeNull();
    expect(lisbon.leadDivision?.code).toBe("CCO-SPER");
    expect(lisbon.aliases.map((alias) => alias.alias).sort()).toEqual(["Lisboa", "Lisbon"]);
    const matera = await database.prisma.agreement.findUniqueOrThrow({ where: { slug: "matera" } });
    expect(matera.renewalOption).toBeNull();
    expect(matera.notes).toBe('Former MOU, kept "as is"');
  });

  it("attributes each value an import changes to the file and line it came from", async () => {
    await importText(
      "first.csv",
      `${HEADER}\nlisbon,Lisbon,,Municipality,Lisbon,Portugal,International Project,,,,,,,,,`,
    );
    await importText(
      "dates.csv",
      `${HEADER}\nlisbon,Lisbon,,Municipality,Lisbon,Portugal,International Project,,,,,2027-04-30,,,,`,
    );
    const lisbon = await database.prisma.agreement.findUniqueOrThrow({ where: { slug: "lisbon" } });
    expect(lisbon.sources).toMatchObject({
      termEnd: { document: "import of dates.csv", locator: "line 2, 2026-11-22" },
      category: { document: "import of first.csv" },
    });
  });

  it("writes nothing when any row is bad, and lists every bad row with its line and reason", async () => {
    const result = await importText(
      "bad.csv",
      [
        HEADER,
        "lisbon,Lisbon,,Municipality,Lisbon,Portugal,International Project,,,,,2026-04-30,,,,",
        "matera,Matera,,Municipality,Matera,Italy,Friendship,,,,,,,,,",
        'quito,Quito,,Municipality,Quito,Ecuador,Partnership City,,,,,"2027-02-30",,,,',
        "Bad Slug,X,,Municipality,,Italy,Historical,,86,,,,maybe,,,",
        "warsaw,Warsaw,,Municipality,Warsaw,Poland,Partnership City,,,,,,,EDC,,",
        "lisbon,Lisbon again,,Municipality,Lisbon,Portugal,Historical,,,,,,,,,",
      ].join("\n"),
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((problem) => problem.line)).toEqual([3, 4, 5, 6, 7]);
    expect(result.problems[0]!.message).toContain(
      '"Friendship" is not one of: Partnership City, International Project, Historical, Outside IAP',
    );
    expect(result.problems[1]!.message).toContain("term_end: not a real calendar date");
    expect(result.problems[2]!.message).toMatch(/^slug: slug must be lower-case.*established_year.*renewal_option/s);
    expect(result.problems[2]!.message).toContain("four-digit year");
    expect(result.problems[2]!.message).toContain('"maybe" should be yes, no');
    expect(result.problems[3]!.message).toContain('"EDC" is not a known division code');
    expect(result.problems[4]!.message).toBe('slug "lisbon" appears again (first on line 2)');
    expect(await database.prisma.agreement.count()).toBe(0);
  });

  it("reports duplicate slugs, and still writes nothing", async () => {
    const result = await importText(
      "dupes.csv",
      [
        HEADER,
        "lisbon,Lisbon,,Municipality,,Portugal,Historical,,,,,,,,,",
        "lisbon,Lisboa,,Municipality,,Portugal,Historical,,,,,,,,,",
      ].join("\n"),
    );
    expect(result).toMatchObject({
      ok: false,
      problems: [{ line: 3, message: 'slug "lisbon" appears again (first on line 2)' }],
    });
    expect(await database.prisma.agreement.count()).toBe(0);
  });

  it("names the missing columns of a spreadsheet with the wrong header", async () => {
    const result = await importText("wrong.csv", "name,country\nLisbon,Portugal\n");
    expect(result).toMatchObject({ ok: false, problems: [{ line: 1 }] });
    if (!result.ok) expect(result.problems[0]!.message).toContain("slug, counterparty_name, counterparty_kind");
  });

  it("reports bad JSON agreements with the line each starts on, writing nothing", async () => {
    const document = aRegistryDocument(anAgreement("good-town"), anAgreement("bad-town"));
    const text = JSON.stringify(document, null, 2)
      .replace('"bad-town"', '"Bad Town"')
      .replace('"country": "Italy"', '"country": ""');
    const result = await importText("registry.json", text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const lines = text.split("\n");
    expect(result.problems).toHaveLength(2);
    for (const problem of result.problems) expect(lines[problem.line - 1]!.trim()).toBe("{");
    expect(result.problems.map((problem) => problem.message).join(" ")).toMatch(
      /agreements\[0\]: country.*agreements\[1\]: slug/s,
    );
    expect(await database.prisma.agreement.count()).toBe(0);
  });

  it("says where JSON syntax breaks", async () => {
    const result = await importText(
      "broken.json",
      '{\n  "format": "iap-registry/1",\n  "agreements": [\n    {,\n  ]\n}',
    );
    expect(result).toMatchObject({ ok: false, problems: [{ line: 4 }] });
  });

  it("round-trips JSON: importing an export changes nothing", async () => {
    const document = aRegistryDocument(
      anAgreement("chongqing")
        .inCountry("China")
        .knownAs("Chungking")
        .with({
          establishedYear: 1986,
          previousDesignation: "Sister City",
          sources: {
            establishedYear: {
              document: "002_b3627e290b94d2d0.txt",
              locator: "Attachment 4",
              quote: "Chongqing\t1986",
            },
          },
          projects: [
            {
              name: "Panda exchange",
              objective: "Loan",
              activity: null,
              measure: null,
              assignee: "EDC",
              resources: null,
              startDate: "2013-03-25",
              endDate: "2023-03-25",
              source: null,
            },
          ],
          milestones: [
            { title: "Pandas return", project: "Panda exchange", dueOn: "2023-03-25", doneOn: null, source: null },
          ],
          activities: [
            {
              year: 2013,
              endYear: null,
              occurredOn: null,
              description: "Giant pandas <!channel> *bold*",
              source: { document: "004_c975d6aa7d171fca.txt" },
            },
          ],
        }),
      anAgreement("lisbon").inCategory("INTERNATIONAL_PROJECT").expiring("2026-04-30"),
    );
    const first = await importText("registry.json", JSON.stringify(document));
    expect(first).toMatchObject({ ok: true, report: { created: ["chongqing", "lisbon"] } });
    const exported = await exportRegistry(database.prisma);
    const again = await importText("registry.json", JSON.stringify(exported, null, 2));
    expect(again).toMatchObject({ ok: true, report: { created: [], updated: [], unchanged: 2 } });
    expect(await exportRegistry(database.prisma)).toEqual(exported);
    expect(exported.agreements[0]).toMatchObject({
      milestones: [{ project: "Panda exchange" }],
      aliases: ["Chungking"],
    });
  });

  it("round-trips CSV, and a CSV import leaves projects, activities and sources alone", async () => {
    const document = aRegistryDocument(
      anAgreement("quito")
        .inCountry("Ecuador")
        .with({
          notes: 'Line one\nline two, with "quotes" and <!channel>',
          activities: [
            { year: 2008, endYear: 2019, occurredOn: null, description: "Ecuadorian Art Exhibition", source: null },
          ],
          sources: { category: { document: "004_c975d6aa7d171fca.txt", locator: "Table 1" } },
        }),
    );
    await importText("registry.json", JSON.stringify(document));
    const before = await exportRegistry(database.prisma);
    const csv = formatRegistryCsv(before.agreements);
    const result = await importText("registry.csv", csv);
    expect(result).toMatchObject({ ok: true, report: { unchanged: 1, updated: [] } });
    expect(await exportRegistry(database.prisma)).toEqual(before);
  });

  it("stores hostile and very long text exactly as given", async () => {
    const long = `${"x".repeat(19_990)}<@U123>`;
    const document = aRegistryDocument(
      anAgreement("hostile-town").with({ notes: long, contacts: "<!channel> <script>alert(1)</script> *bold* `code`" }),
    );
    await importText("registry.json", JSON.stringify(document));
    const stored = await database.prisma.agreement.findUniqueOrThrow({ where: { slug: "hostile-town" } });
    expect(stored.notes).toBe(long);
    expect(stored.contacts).toBe("<!channel> <script>alert(1)</script> *bold* `code`");
  });
});
