import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyMigrations } from "../src/db/apply-migrations.js";
import type { DatabaseTarget } from "../src/db/database-target.js";
import { openDatabase } from "../src/db/open-database.js";
import { seedRegistry } from "../src/registry/seed-registry.js";
import { anAgreement, aRegistryDocument } from "./support/agreement-builder.js";
import { cli } from "./support/run-cli.js";
import { disposeTestTarget, testDatabaseKinds } from "./support/test-databases.js";

const registry = aRegistryDocument(
  anAgreement("lisbon").inCategory("INTERNATIONAL_PROJECT").inCountry("Portugal").expiring("2027-03-31"),
  anAgreement("hostile-channel").with({ counterpartyName: "<!channel>", establishedOn: "2017-03-01" }),
  anAgreement("hostile-bold").with({ counterpartyName: "*x*" }),
  anAgreement("hostile-heading").with({ counterpartyName: "# heading", establishedYear: 2022 }),
);

describe("iap digest with bad options", () => {
  it.each([
    [["--quarter", "2027Q5"], '--quarter "2027Q5": use a year and a quarter 1 to 4, e.g. 2027Q1'],
    [["--quarter", "next"], '--quarter "next": use a year and a quarter 1 to 4, e.g. 2027Q1'],
    [["--format", "pdf"], '--format "pdf": use md or csv'],
  ])("refuses %j with exit code 2 and says what to type", async (options, message) => {
    const result = await cli(["digest", ...options], { IAP_DATA_DIR: "/nonexistent/never-opened", DATABASE_URL: "" });
    expect(result).toMatchObject({ code: 2, stdout: "" });
    expect(result.stderr).toContain(`iap digest: ${message}`);
  });
});

describe.each(testDatabaseKinds)("iap digest on $name", (kind) => {
  let dir: string;
  let target: DatabaseTarget;
  let env: Record<string, string>;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "iap-digest-cli-"));
    target = kind.name === "PGlite" ? { kind: "pglite", dataDir: path.join(dir, "data") } : kind.newTarget();
    // Seeded here, so the CLI finds the registry seeded and leaves it alone.
    const database = await openDatabase(target);
    try {
      await applyMigrations(database.sql);
      await seedRegistry(database.prisma, registry, { now: new Date("2026-11-22T15:00:00Z") });
    } finally {
      await database.close();
    }
    env =
      target.kind === "pglite"
        ? { IAP_DATA_DIR: target.dataDir, DATABASE_URL: "", LOG_LEVEL: "warn" }
        : { DATABASE_URL: withSchema(target.url, target.schema!), LOG_LEVEL: "warn" };
  });
  afterAll(async () => {
    await disposeTestTarget(target);
    await rm(dir, { recursive: true, force: true });
  });

  it("prints a quarter's digest as Markdown by default and as CSV on request, on stdout", async () => {
    const markdown = await cli(["digest", "--quarter", "2027Q1"], env);
    expect(markdown).toMatchObject({ code: 0, stderr: "" });
    expect(markdown.stdout.split("\n")[0]).toBe("# IAP working group meeting: 2 February 2027");
    expect(markdown.stdout).toContain("- 31 March 2027: **Lisbon**, term ends (International Project)");
    expect(markdown.stdout).toContain("- 1 March 2027: **\\<\\!channel\\>**, 10th anniversary");
    expect(markdown.stdout).toContain("- 2027, date not recorded: **\\# heading**, 5th anniversary (established 2022)");
    expect(markdown.stdout).toContain("- **\\*x\\*** (Partnership City)");

    const csv = await cli(["digest", "--quarter", "2027q1", "--format", "csv"], env);
    expect(csv).toMatchObject({ code: 0, stderr: "" });
    const rows = parse(csv.stdout, { columns: true }) as Record<string, string>[];
    expect(rows.filter((row) => row.section === "Anniversary").map((row) => [row.subject, row.date])).toEqual([
      ["<!channel>", "2027-03-01"],
      ["# heading", "2027"],
    ]);
    expect(rows.filter((row) => row.section === "No tangible project recorded").map((row) => row.subject)).toEqual([
      "*x*",
      "# heading",
      "<!channel>",
      "Lisbon",
    ]);

    // Without --quarter: the next meeting from today, whenever the test runs.
    const next = await cli(["digest"], env);
    expect(next.code).toBe(0);
    expect(next.stdout).toMatch(/^# IAP working group meeting: \d{1,2} \w+ \d{4}\n/);
  });
});

function withSchema(url: string, schema: string): string {
  const withParam = new URL(url);
  withParam.searchParams.set("schema", schema);
  return withParam.toString();
}
