// Prisma CLI configuration (generate, migrate status/diff/deploy). The bot itself applies
// migrations in-process (src/db/apply-migrations.ts); this file serves the CLI only.
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { defineConfig } from "prisma/config";

// The CLI needs a well-formed URL even on PGlite, or it tries to download engines (STACK.md).
const databaseUrl = process.env.DATABASE_URL || undefined;
process.env.DATABASE_URL ??= "postgresql://placeholder@localhost/placeholder";

/** Works around prisma/orm#27403: the schema engine cannot read catalog columns of type `name`. */
class NameAsTextPool extends pg.Pool {
  // biome-ignore lint/suspicious/noExplicitAny: pg's overloaded query signature
  override async query(...args: any[]): Promise<any> {
    // biome-ignore lint/suspicious/noExplicitAny: forwarding the overloads unchanged
    const result = await (super.query as any)(...args);
    for (const field of result?.fields ?? []) if (field.dataTypeID === 19) field.dataTypeID = 25;
    return result;
  }
}

export default defineConfig({
  schema: path.join("prisma", "schema.prisma"),
  experimental: { adapter: true },
  engine: "js",
  async adapter() {
    if (databaseUrl) {
      const url = new URL(databaseUrl);
      const schema = url.searchParams.get("schema");
      url.searchParams.delete("schema");
      const pool = new NameAsTextPool({
        connectionString: url.toString(),
        // Idle connections would keep the CLI alive for pg's default 10 s after it is done.
        idleTimeoutMillis: 200,
        ...(schema ? { options: `-c search_path="${schema}",public` } : {}),
      });
      return new PrismaPg(pool, schema ? { schema } : undefined);
    }
    const dataDir = process.env.IAP_DATA_DIR || "./data";
    return new PrismaPGlite(new PGlite(dataDir, { extensions: { pg_trgm } }));
  },
});
