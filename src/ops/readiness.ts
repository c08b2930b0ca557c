import { readMigrations } from "../db/apply-migrations.js";
import type { SqlSession } from "../db/open-database.js";

/** What /readyz reports: each check, and whether the process should be sent traffic. */
export interface Readiness {
  readonly ready: boolean;
  readonly checks: Readonly<Record<string, { readonly ok: boolean; readonly detail: string }>>;
}

/**
 * Ready when the database answers and holds every migration this code has; the adapters are
 * reported as configured, for the operator. A failing check says what to do.
 */
export async function checkReadiness(
  sql: SqlSession,
  adapters: Readonly<Record<string, string | null>>,
): Promise<Readiness> {
  const checks: Record<string, { ok: boolean; detail: string }> = {};
  try {
    const expected = (await readMigrations()).map((migration) => migration.name);
    const rows = await sql.query<{ migration_name: string }>(
      `SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
    );
    checks.database = { ok: true, detail: "reachable" };
    const applied = new Set(rows.map((row) => row.migration_name));
    const missing = expected.filter((name) => !applied.has(name));
    checks.migrations =
      missing.length === 0
        ? { ok: true, detail: `${expected.length} applied` }
        : { ok: false, detail: `not applied: ${missing.join(", ")}; run npm run --silent iap -- migrate` };
  } catch (error) {
    checks.database = {
      ok: false,
      detail: `unreachable (${error instanceof Error ? error.message.slice(0, 200) : "unknown error"})`,
    };
  }
  for (const [name, description] of Object.entries(adapters)) {
    checks[name] = { ok: true, detail: description ?? "not configured" };
  }
  return { ready: Object.values(checks).every((check) => check.ok), checks };
}
