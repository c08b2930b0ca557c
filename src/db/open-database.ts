import { mkdir } from "node:fs/promises";
import type { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import lockfile from "proper-lockfile";
import { PrismaClient } from "../generated/prisma/client.js";
import type { DatabaseTarget } from "./database-target.js";

/** Raw SQL access for what Prisma cannot do: multi-statement migration scripts and advisory locks. */
export interface SqlSession {
  /** Runs a script of one or more statements; no parameters. */
  exec(sql: string): Promise<void>;
  query<Row>(sql: string, params?: readonly unknown[]): Promise<Row[]>;
}

export interface SqlRunner extends SqlSession {
  /** Runs `work` in one transaction on one connection; rolls back when it throws. */
  transaction<T>(work: (session: SqlSession) => Promise<T>): Promise<T>;
}

export interface Database {
  readonly target: DatabaseTarget;
  readonly prisma: PrismaClient;
  readonly sql: SqlRunner;
  close(): Promise<void>;
}

/**
 * Lower than pg_trgm's 0.3 so short misspelt names ("Kyev") still reach the candidates that
 * resolveAgreementName re-ranks by edit distance.
 */
const TRIGRAM_THRESHOLD = 0.2;

export async function openDatabase(target: DatabaseTarget): Promise<Database> {
  return target.kind === "pglite" ? openPglite(target) : openPostgres(target);
}

export class DatabaseInUseError extends Error {
  constructor(readonly dataDir: string) {
    super(
      `The embedded database in ${dataDir} is in use by another iap-bot process (the bot, the chat or a CLI command). ` +
        "Stop that process first, or run both on PostgreSQL by setting DATABASE_URL.",
    );
    this.name = "DatabaseInUseError";
  }
}

/** PGlite is one process's database: a second process opening the same directory would corrupt it. */
async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  await mkdir(dataDir, { recursive: true });
  try {
    return await lockfile.lock(dataDir, { stale: 15_000, update: 5_000, lockfilePath: `${dataDir}/.iap-bot.lock` });
  } catch (error) {
    if ((error as { code?: string }).code === "ELOCKED") throw new DatabaseInUseError(dataDir);
    throw error;
  }
}

/**
 * PGlite, its pg_trgm build and its Prisma adapter, loaded only for a PGlite target: they hold
 * about 30 MB of memory that a process on PostgreSQL would carry for nothing.
 */
async function loadPglite() {
  const [{ PGlite }, { pg_trgm }, { PrismaPGlite }] = await Promise.all([
    import("@electric-sql/pglite"),
    import("@electric-sql/pglite/contrib/pg_trgm"),
    import("pglite-prisma-adapter"),
  ]);
  return { PGlite, pg_trgm, PrismaPGlite };
}

async function openPglite(target: Extract<DatabaseTarget, { kind: "pglite" }>): Promise<Database> {
  const pglite = await loadPglite();
  const inMemory = target.dataDir.startsWith("memory://");
  const unlock = inMemory ? async () => undefined : await lockDataDir(target.dataDir);
  let client: PGlite;
  try {
    client = await pglite.PGlite.create(target.dataDir, { extensions: { pg_trgm: pglite.pg_trgm } });
  } catch (error) {
    await unlock();
    throw error;
  }
  await client.exec(`SET pg_trgm.similarity_threshold = ${TRIGRAM_THRESHOLD}`);
  const prisma = new PrismaClient({ adapter: new pglite.PrismaPGlite(client) });
  const session = (db: Pick<PGlite, "exec" | "query">): SqlSession => ({
    exec: async (sql) => {
      await db.exec(sql);
    },
    query: async <Row>(sql: string, params: readonly unknown[] = []) =>
      (await db.query<Row>(sql, params as unknown[])).rows,
  });
  return {
    target,
    prisma,
    sql: { ...session(client), transaction: (work) => client.transaction((tx) => work(session(tx))) },
    close: async () => {
      await prisma.$disconnect();
      await client.close();
      await unlock();
    },
  };
}

async function openPostgres(target: Extract<DatabaseTarget, { kind: "postgres" }>): Promise<Database> {
  const url = new URL(target.url);
  url.searchParams.delete("schema");
  const schema = target.schema;
  if (schema) {
    const admin = new pg.Client({ connectionString: url.toString() });
    await admin.connect();
    try {
      await admin.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(schema)}`).catch((error: unknown) => {
        // Replicas starting at once race in the catalog: "IF NOT EXISTS" still fails for all but one.
        if ((error as { code?: string }).code !== UNIQUE_VIOLATION) throw error;
      });
    } finally {
      await admin.end();
    }
  }
  const pool = new pg.Pool({
    connectionString: url.toString(),
    // A network that drops packets instead of refusing would otherwise hold every request until
    // TCP gives up, minutes later; failing fast lets the person be told to try again.
    connectionTimeoutMillis: target.connectTimeoutMs ?? CONNECT_TIMEOUT_MS,
    options: [
      // Extensions such as pg_trgm live in public; the bot's tables in its own schema.
      ...(schema ? [`-c search_path=${quoteIdentifier(schema)},public`] : []),
      `-c pg_trgm.similarity_threshold=${TRIGRAM_THRESHOLD}`,
    ].join(" "),
  });
  // An idle connection the server drops (restart, failover, network) is an 'error' event on the
  // pool; unhandled, it would end the process. The pool discards that client and the next query
  // connects afresh; queries under way fail to their callers, who say so.
  pool.on("error", () => {});
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool, schema ? { schema } : undefined) });
  const session = (db: pg.Pool | pg.PoolClient): SqlSession => ({
    exec: async (sql) => {
      await db.query(sql);
    },
    query: async <Row>(sql: string, params: readonly unknown[] = []) =>
      (await db.query(sql, params as unknown[])).rows as Row[],
  });
  return {
    target,
    prisma,
    sql: {
      ...session(pool),
      transaction: async (work) => {
        const client = await pool.connect();
        try {
          await client.query("BEGIN");
          const result = await work(session(client));
          await client.query("COMMIT");
          return result;
        } catch (error) {
          await client.query("ROLLBACK").catch(() => undefined);
          throw error;
        } finally {
          client.release();
        }
      },
    },
    close: async () => {
      await prisma.$disconnect();
      // A connection lost in the middle of a transaction (the server went away) is never handed
      // back to the pool, and pool.end() would wait for it forever: shutting down is bounded.
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        pool.end().catch(() => undefined),
        new Promise<void>((resolve) => {
          timer = setTimeout(resolve, POOL_END_TIMEOUT_MS);
        }),
      ]);
      clearTimeout(timer);
    },
  };
}

/** PostgreSQL's SQLSTATE for a duplicate key, which a concurrent CREATE … IF NOT EXISTS can raise. */
const UNIQUE_VIOLATION = "23505";

/** How long a new PostgreSQL connection may take: far beyond a healthy one, even across a region. */
const CONNECT_TIMEOUT_MS = 10_000;

/** How long closing waits for the pool's connections to end. */
const POOL_END_TIMEOUT_MS = 2_000;

export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
