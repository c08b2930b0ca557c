import { execFile } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { applyMigrations, readMigrations } from "../src/db/apply-migrations.js";
import type { Database } from "../src/db/open-database.js";
import { openTestDatabase, testDatabaseKinds } from "./support/test-databases.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const prismaCli = path.join(root, "node_modules", ".bin", "prisma");
const run = promisify(execFile);

describe.each(testDatabaseKinds)("applyMigrations on $name", (kind) => {
  let database: Database;
  afterEach(async () => {
    await database?.close();
  });

  it("creates every table on an empty database and records each migration as Prisma does", async () => {
    database = await openTestDatabase(kind.newTarget());
    const migrations = await readMigrations();
    const report = await applyMigrations(database.sql);
    expect(report.applied).toEqual(migrations.map((migration) => migration.name));
    const rows = await database.sql.query<{ migration_name: string; checksum: string }>(
      `SELECT migration_name, checksum FROM "_prisma_migrations" ORDER BY migration_name`,
    );
    expect(rows).toEqual(migrations.map(({ name, checksum }) => ({ migration_name: name, checksum })));
    expect(await database.prisma.agreement.count()).toBe(0);
  });

  it("applies nothing the second time", async () => {
    database = await openTestDatabase(kind.newTarget());
    await applyMigrations(database.sql);
    const second = await applyMigrations(database.sql);
    expect(second.applied).toEqual([]);
    expect(second.alreadyApplied).toBeGreaterThan(0);
  });

  it("reports migrations the code does not know (a newer version migrated first), applying nothing", async () => {
    database = await openTestDatabase(kind.newTarget());
    await applyMigrations(database.sql);
    await database.sql.query(
      `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, applied_steps_count)
       VALUES ('x', 'y', now(), '29990101000000_from_the_future', 1)`,
    );
    const report = await applyMigrations(database.sql);
    expect(report).toMatchObject({ applied: [], unknown: ["29990101000000_from_the_future"] });
  });
});

describe("migrations applied by the bot", () => {
  it("are seen as applied by `prisma migrate status` on PostgreSQL", async () => {
    const target = testDatabaseKinds.find((kind) => kind.name === "PostgreSQL")!.newTarget();
    const database = await openTestDatabase(target);
    try {
      await applyMigrations(database.sql);
      if (target.kind !== "postgres") throw new Error("expected a PostgreSQL target");
      const url = `${target.url}?schema=${target.schema}`;
      const { stdout } = await run(prismaCli, ["migrate", "status"], {
        cwd: root,
        env: { ...process.env, DATABASE_URL: url },
      });
      expect(stdout).toContain("Database schema is up to date!");
    } finally {
      await database.close();
    }
  });
});
