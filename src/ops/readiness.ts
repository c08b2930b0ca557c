import { readSchemaState } from "../db/check-schema.js";
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
    const { missing, applied } = await readSchemaState(sql);
    checks.database = { ok: true, detail: "reachable" };
    checks.migrations =
      missing.length === 0
        ? { ok: true, detail: `${applied} applied` }
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
