import type { Config } from "../config/config.js";

/** Which database the bot runs on. PGlite's `dataDir` may be "memory://" (tests). */
export type DatabaseTarget =
  | { readonly kind: "pglite"; readonly dataDir: string }
  | {
      readonly kind: "postgres";
      readonly url: string;
      readonly schema?: string;
      /** How long a new connection may take before the query fails as unavailable (default 10 s). */
      readonly connectTimeoutMs?: number;
    };

export function databaseTargetFromConfig(config: Pick<Config, "DATABASE_URL" | "IAP_DATA_DIR">): DatabaseTarget {
  if (config.DATABASE_URL) {
    const schema = new URL(config.DATABASE_URL).searchParams.get("schema") ?? undefined;
    return { kind: "postgres", url: config.DATABASE_URL, ...(schema ? { schema } : {}) };
  }
  return { kind: "pglite", dataDir: config.IAP_DATA_DIR };
}

export function describeDatabaseTarget(target: DatabaseTarget): string {
  if (target.kind === "pglite") return `embedded PGlite (${target.dataDir})`;
  const url = new URL(target.url);
  url.password = url.password ? "***" : "";
  return `PostgreSQL ${url.host}${url.pathname}${target.schema ? ` schema ${target.schema}` : ""}`;
}
