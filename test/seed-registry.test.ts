import { afterEach, describe, expect, it } from "vitest";
import { applyMigrations } from "../src/db/apply-migrations.js";
import { type Database, openDatabase } from "../src/db/open-database.js";
import { seedRegistry } from "../src/registry/seed-registry.js";
import { anAgreement, aRegistryDocument } from "./support/agreement-builder.js";
import { openTestDatabase, testDatabaseKinds } from "./support/test-databases.js";

const now = new Date("2026-11-22T15:00:00Z");
const seed = aRegistryDocument(anAgreement("milan").knownAs("Milano"), anAgreement("lisbon").inCountry("Portugal"));

describe.each(testDatabaseKinds)("seedRegistry on $name", (kind) => {
  let database: Database;
  afterEach(async () => {
    await database?.close();
  });

  it("seeds an empty database once, and leaves later corrections alone", async () => {
    database = await openTestDatabase(kind.newTarget());
    await applyMigrations(database.sql);
    expect(await seedRegistry(database.prisma, seed, { now })).toMatchObject({
      seeded: true,
      report: { created: ["milan", "lisbon"] },
    });
    await database.prisma.agreement.update({ where: { slug: "milan" }, data: { termEnd: new Date("2028-12-31") } });
    expect(await seedRegistry(database.prisma, seed, { now })).toEqual({ seeded: false });
    const milan = await database.prisma.agreement.findUniqueOrThrow({ where: { slug: "milan" } });
    expect(milan.termEnd?.toISOString().slice(0, 10)).toBe("2028-12-31");
  });

  it("re-applies the seed over corrections only when forced", async () => {
    database = await openTestDatabase(kind.newTarget());
    await applyMigrations(database.sql);
    await seedRegistry(database.prisma, seed, { now });
    await database.prisma.agreement.update({ where: { slug: "milan" }, data: { termEnd: new Date("2028-12-31") } });
    const forced = await seedRegistry(database.prisma, seed, { now, force: true });
    expect(forced).toMatchObject({ seeded: true, report: { updated: [{ slug: "milan", fields: ["termEnd"] }] } });
  });
});

describe("seedRegistry from replicas starting at once on PostgreSQL", () => {
  it("seeds exactly once", async () => {
    const target = testDatabaseKinds.find((kind) => kind.name === "PostgreSQL")!.newTarget();
    const first = await openTestDatabase(target);
    const second = await openDatabase(target);
    try {
      await Promise.all([applyMigrations(first.sql), applyMigrations(second.sql)]);
      const outcomes = await Promise.all([
        seedRegistry(first.prisma, seed, { now }),
        seedRegistry(second.prisma, seed, { now }),
      ]);
      expect(outcomes.filter((outcome) => outcome.seeded)).toHaveLength(1);
      expect(await first.prisma.agreement.count()).toBe(2);
      expect(await first.prisma.agreementAlias.count()).toBe(3);
    } finally {
      await second.close();
      await first.close();
    }
  });
});
