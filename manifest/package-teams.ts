/*
 * npm run package:teams [-- --app-id <guid>] [--host <host>] [--out <file.zip>]
 *
 * Builds the Teams app package, dist/iap-bot-teams.zip: manifest.json, color.png and outline.png at
 * the zip root, ready to upload in Teams (Apps → Manage your apps → Upload) or its admin centre.
 *
 *   MicrosoftAppId  (or --app-id)  required: the Azure Bot's app (client) id, the same value the bot
 *                                  runs with. It replaces the placeholder GUID as the bot id and as
 *                                  the Teams app id.
 *   BOT_PUBLIC_HOST (or --host)    optional: the bot's public host (iap-bot.example.org), listed in
 *                                  validDomains. Unset, validDomains stays empty: a bot without tabs
 *                                  or sign-in pages needs none.
 *
 * The result is validated against the JSON schema of its manifestVersion that @microsoft/app-manifest
 * ships, so a mistake is listed here rather than surfacing as a vague upload error in Teams.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { Ajv } from "ajv";
import addFormats from "ajv-formats";
import { strToU8, zipSync } from "fflate";
import { z } from "zod";

/** The GUID manifest/teams/manifest.json carries where the real app id goes. */
export const PLACEHOLDER_APP_ID = "00000000-0000-0000-0000-000000000000";
/** The validDomains entry replaced by BOT_PUBLIC_HOST (or dropped without it). */
export const PLACEHOLDER_HOST = "your-host.example.com";

const TEAMS_FOLDER = new URL("./teams/", import.meta.url);
const DEFAULT_OUT = fileURLToPath(new URL("../dist/iap-bot-teams.zip", import.meta.url));
const ICON_FILES = ["color.png", "outline.png"] as const;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HOST = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}(:\d{1,5})?$/i;

/** Empty means unset, as in the bot's own configuration (src/config/config.ts). */
const unsetIfEmpty = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);

export const PackageOptionsSchema = z.object({
  appId: z.preprocess(
    unsetIfEmpty,
    z
      .string({ error: "MicrosoftAppId is not set: set it to the Azure Bot's app (client) id, or pass --app-id" })
      .trim()
      .regex(
        GUID,
        "MicrosoftAppId must be a GUID such as 6f1c2b3a-1234-4cde-9f00-0123456789ab (the Azure Bot's app id)",
      ),
  ),
  host: z.preprocess(
    unsetIfEmpty,
    z
      .string()
      .trim()
      // A full URL is accepted too: only its host goes into validDomains.
      .transform((value) => (value.includes("://") && URL.canParse(value) ? new URL(value).host : value))
      .pipe(z.string().regex(HOST, "BOT_PUBLIC_HOST must be a host name such as iap-bot.example.org"))
      .optional(),
  ),
  out: z.string().default(DEFAULT_OUT),
});
export type PackageOptions = z.infer<typeof PackageOptionsSchema>;

/** A problem the person running the script can fix; printed without a stack trace. */
export class PackageError extends Error {}

/** A Teams manifest, as far as this script reads it; the JSON schema checks the rest. */
type TeamsManifest = {
  manifestVersion: string;
  id: string;
  bots?: { botId: string }[];
  validDomains?: string[];
  [key: string]: unknown;
};

/** The manifest with the placeholders replaced: app id and bot id, and the host in validDomains. */
export function fillPlaceholders(manifest: TeamsManifest, options: Pick<PackageOptions, "appId" | "host">) {
  const fill = (id: string) => (id === PLACEHOLDER_APP_ID ? options.appId : id);
  return {
    ...manifest,
    id: fill(manifest.id),
    bots: manifest.bots?.map((bot) => ({ ...bot, botId: fill(bot.botId) })),
    validDomains: manifest.validDomains?.flatMap((domain) =>
      domain === PLACEHOLDER_HOST ? (options.host ? [options.host] : []) : [domain],
    ),
  };
}

/**
 * The schema errors of a Teams manifest against the schema of its own manifestVersion, one line
 * each (empty when valid). The schemas are JSON Schema draft-04, whose meta-schema Ajv 8 does not
 * ship; they use none of the keywords draft-04 reads differently (boolean exclusiveMinimum, `id`),
 * so they are compiled as Ajv's default draft without their `$schema`.
 */
export function validateTeamsManifest(manifest: Record<string, unknown>): string[] {
  const { $schema: _draft04, ...schema } = readTeamsSchema(String(manifest.manifestVersion));
  const ajv = new Ajv({ allErrors: true, strict: false });
  // ajv-formats is CommonJS; under NodeNext its default import is the module, whose `default` is the plugin.
  addFormats.default(ajv);
  const validate = ajv.compile(schema);
  if (validate(manifest)) return [];
  return (validate.errors ?? []).map(
    (error) => `${error.instancePath || "/"} ${error.message ?? "is invalid"} ${JSON.stringify(error.params)}`,
  );
}

function readTeamsSchema(version: string): Record<string, unknown> {
  const schemaPath = `@microsoft/app-manifest/build/json-schemas/teams/v${version}/MicrosoftTeams.schema.json`;
  let file: string;
  try {
    file = createRequire(import.meta.url).resolve(schemaPath);
  } catch {
    throw new PackageError(`@microsoft/app-manifest has no schema for manifestVersion "${version}" (${schemaPath})`);
  }
  return JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
}

/** The zip's bytes: the filled, validated manifest and the two icons, all at the root. */
export function buildTeamsPackage(options: Pick<PackageOptions, "appId" | "host">): Uint8Array {
  const template = JSON.parse(readFileSync(new URL("manifest.json", TEAMS_FOLDER), "utf8")) as TeamsManifest;
  const manifest = fillPlaceholders(template, options);
  const errors = validateTeamsManifest(manifest);
  if (errors.length > 0) {
    throw new PackageError(
      `manifest/teams/manifest.json is not a valid v${manifest.manifestVersion} Teams manifest:\n  ${errors.join("\n  ")}`,
    );
  }
  const icons = Object.fromEntries(ICON_FILES.map((name) => [name, readIcon(name)]));
  // A fixed timestamp keeps the zip byte-for-byte the same for the same inputs.
  return zipSync(
    { "manifest.json": strToU8(`${JSON.stringify(manifest, null, 2)}\n`), ...icons },
    { level: 9, mtime: new Date("2000-01-01T00:00:00Z") },
  );
}

function readIcon(name: string): Uint8Array {
  try {
    return readFileSync(new URL(name, TEAMS_FOLDER));
  } catch {
    throw new PackageError(`manifest/teams/${name} is missing: run npx tsx manifest/draw-icons.ts`);
  }
}

/** Reads flags and environment; flags win. */
function readOptions(argv: readonly string[], env: NodeJS.ProcessEnv): PackageOptions {
  let values: { "app-id"?: string | undefined; host?: string | undefined; out?: string | undefined };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: { "app-id": { type: "string" }, host: { type: "string" }, out: { type: "string" } },
    }));
  } catch (error) {
    throw new PackageError(
      `${(error as Error).message}\nusage: npm run package:teams -- [--app-id <guid>] [--host <host>] [--out <file.zip>]`,
    );
  }
  const parsed = PackageOptionsSchema.safeParse({
    appId: values["app-id"] ?? env.MicrosoftAppId,
    host: values.host ?? env.BOT_PUBLIC_HOST,
    out: values.out,
  });
  if (!parsed.success) throw new PackageError(parsed.error.issues.map((issue) => issue.message).join("\n"));
  return parsed.data;
}

function main(): void {
  try {
    const options = readOptions(process.argv.slice(2), process.env);
    const zip = buildTeamsPackage(options);
    const out = resolve(options.out);
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, zip);
    const domains = options.host ? `validDomains ${options.host}` : "no validDomains (BOT_PUBLIC_HOST unset)";
    const shown = relative(process.cwd(), out).startsWith("..") ? out : relative(process.cwd(), out);
    console.log(`wrote ${shown} for bot ${options.appId}, ${domains}`);
  } catch (error) {
    if (!(error instanceof PackageError)) throw error;
    console.error(`package:teams: ${error.message}`);
    process.exitCode = 1;
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main();
