import pg from "pg";
import { testPostgresUrl } from "./test-postgres-url.js";

/**
 * Every database test runs on PGlite and on PostgreSQL. When PostgreSQL is unreachable the run
 * fails here, loudly and with the reason, instead of quietly testing half of what ships.
 */
export default async function setup(): Promise<void> {
  const url = testPostgresUrl();
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    // Extensions are database-wide; creating it once here avoids test schemas racing to create it.
    await client.query("CREATE EXTENSION IF NOT EXISTS pg_trgm");
  } catch (error) {
    throw new Error(
      `PostgreSQL for tests is not reachable at ${url} (${(error as Error).message}). ` +
        "Start it (pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start) " +
        "or set TEST_DATABASE_URL to a server you can use.",
    );
  } finally {
    await client.end().catch(() => undefined);
  }
}
