import { randomBytes } from "node:crypto";
import pg from "pg";
import type { DatabaseTarget } from "../../src/db/database-target.js";
import { type Database, openDatabase, quoteIdentifier } from "../../src/db/open-database.js";
import { testPostgresUrl } from "./test-postgres-url.js";

export interface TestDatabaseKind {
  readonly name: "PGlite" | "PostgreSQL";
  /** A fresh, empty database target of this kind: in-memory PGlite, or a new PostgreSQL schema. */
  newTarget(): DatabaseTarget;
}

/** Run database specs with `describe.each(testDatabaseKinds)("on $name", ...)`. */
export const testDatabaseKinds: readonly TestDatabaseKind[] = [
  { name: "PGlite", newTarget: () => ({ kind: "pglite", dataDir: "memory://" }) },
  {
    name: "PostgreSQL",
    newTarget: () => ({
      kind: "postgres",
      url: testPostgresUrl(),
      schema: `iap_test_${process.pid}_${randomBytes(4).toString("hex")}`,
    }),
  },
];

/** Opens the target; closing also drops a PostgreSQL test schema so runs leave nothing behind. */
export async function openTestDatabase(target: DatabaseTarget): Promise<Database> {
  const database = await openDatabase(target);
  return {
    ...database,
    close: async () => {
      await database.close();
      if (target.kind === "postgres" && target.schema) await dropSchema(target.schema);
    },
  };
}

/** Drops what a test target left behind (a PostgreSQL schema); for code that opened the target itself. */
export async function disposeTestTarget(target: DatabaseTarget): Promise<void> {
  if (target.kind === "postgres" && target.schema) await dropSchema(target.schema);
}

async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: testPostgresUrl() });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${quoteIdentifier(schema)} CASCADE`);
  } finally {
    await client.end();
  }
}
