import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { strFromU8, unzipSync } from "fflate";
import { PNG } from "pngjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { drawColorIcon, drawOutlineIcon } from "../manifest/draw-icons.js";
import { PLACEHOLDER_APP_ID, validateTeamsManifest } from "../manifest/package-teams.js";
import { type Core, startCore } from "../src/app/start-core.js";
import { loadConfig } from "../src/config/config.js";
import { parseIntent } from "../src/conversation/parse-intent.js";
import { createLogger } from "../src/shared/logger.js";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const readText = (path: string) => readFileSync(join(ROOT, path), "utf8");
const readPng = (path: string) => PNG.sync.read(readFileSync(join(ROOT, path)));

/** Bot scopes adapters/slack needs, and why; the manifest may ask for nothing else. */
const SLACK_SCOPES_IN_USE: Record<string, string> = {
  "app_mentions:read": "the app_mention event",
  "chat:write": "chat.postMessage",
  commands: "the /iap slash command",
  "im:history": "the message.im event",
  "im:write": "conversations.open, to answer Home-tab clicks in a DM",
  "channels:read": "member_joined_channel and channel_left in public channels",
  "groups:read": "member_joined_channel and group_left in private channels",
};
/** The scope Slack requires before it delivers each event the bot listens to. */
const SLACK_EVENT_SCOPES: Record<string, string | null> = {
  app_mention: "app_mentions:read",
  "message.im": "im:history",
  app_home_opened: null,
  member_joined_channel: "channels:read",
  channel_left: "channels:read",
  group_left: "groups:read",
};

const SlackUrl = z.url({ protocol: /^https$/ }).endsWith("/slack/events");
/** The fields Slack requires of a manifest, with its limits, and what this bot relies on. */
const SlackManifestSchema = z.object({
  display_information: z.object({ name: z.string().min(1).max(35), description: z.string().max(140).optional() }),
  features: z.object({
    app_home: z.object({ home_tab_enabled: z.literal(true), messages_tab_enabled: z.literal(true) }),
    bot_user: z.object({ display_name: z.string().min(1).max(80), always_online: z.boolean() }),
    slash_commands: z.array(
      z.object({ command: z.string(), url: SlackUrl, description: z.string().min(1), usage_hint: z.string() }),
    ),
  }),
  oauth_config: z.object({ scopes: z.object({ bot: z.array(z.string()).min(1) }) }),
  settings: z.object({
    event_subscriptions: z.object({ request_url: SlackUrl, bot_events: z.array(z.string()).min(1) }),
    interactivity: z.object({ is_enabled: z.literal(true), request_url: SlackUrl }),
    org_deploy_enabled: z.literal(false),
    socket_mode_enabled: z.literal(false),
    token_rotation_enabled: z.literal(false),
  }),
});

const TeamsManifestSchema = z.object({
  $schema: z.string(),
  manifestVersion: z.string(),
  id: z.string(),
  icons: z.object({ color: z.string(), outline: z.string() }),
  bots: z.array(
    z.object({
      botId: z.string(),
      scopes: z.array(z.string()),
      commandLists: z.array(
        z.object({
          scopes: z.array(z.string()),
          commands: z.array(z.object({ title: z.string(), description: z.string() })),
        }),
      ),
    }),
  ),
});

const slackManifest = SlackManifestSchema.parse(parseYaml(readText("manifest/slack/manifest.yml")));
const teamsJson = JSON.parse(readText("manifest/teams/manifest.json")) as Record<string, unknown>;
const teamsManifest = TeamsManifestSchema.parse(teamsJson);
const [teamsBot] = teamsManifest.bots;

const iapCommand = slackManifest.features.slash_commands.find((command) => command.command === "/iap");
/** "[status Milan | expiring 90 days | help]" → each example. */
const slackExamples = (iapCommand?.usage_hint ?? "")
  .replace(/^\[|\]$/g, "")
  .split("|")
  .map((example) => example.trim());
const teamsCommands = new Map(
  (teamsBot?.commandLists ?? []).flatMap((list) => list.commands).map((command) => [command.title, command]),
);
/** The examples a Teams command's description quotes: “status Milan”. */
const quotedExamples = (description: string) => [...description.matchAll(/“([^”]+)”/g)].map((match) => match[1]!);

describe("the Slack app manifest", () => {
  it("sends events, the /iap command and button clicks to the one URL Bolt listens on", () => {
    expect(iapCommand?.url).toMatch(/\/slack\/events$/);
    expect(slackManifest.settings.event_subscriptions.request_url).toMatch(/\/slack\/events$/);
    expect(slackManifest.settings.interactivity.request_url).toMatch(/\/slack\/events$/);
  });

  it("asks only for scopes the code uses", () => {
    const scopes = slackManifest.oauth_config.scopes.bot;
    expect(new Set(scopes).size).toBe(scopes.length);
    expect(scopes.filter((scope) => !(scope in SLACK_SCOPES_IN_USE))).toEqual([]);
  });

  it("subscribes to the events the bot listens to, each with the scope Slack needs to deliver it", () => {
    const events = slackManifest.settings.event_subscriptions.bot_events;
    expect(events).toEqual(
      expect.arrayContaining(["app_mention", "message.im", "app_home_opened", "member_joined_channel"]),
    );
    for (const event of events) {
      expect(Object.keys(SLACK_EVENT_SCOPES), `unexpected event ${event}`).toContain(event);
      const scope = SLACK_EVENT_SCOPES[event];
      if (scope) expect(slackManifest.oauth_config.scopes.bot, `${event} needs ${scope}`).toContain(scope);
    }
  });

  it("gives /iap a usage hint with examples", () => {
    expect(slackExamples.length).toBeGreaterThanOrEqual(3);
  });
});

describe("the Teams app manifest", () => {
  it("is valid against the schema of its declared manifestVersion, 1.22 or later", () => {
    const [major, minor] = teamsManifest.manifestVersion.split(".").map(Number);
    expect(major === 1 && (minor ?? 0) >= 22).toBe(true);
    expect(teamsManifest.$schema).toBe(
      `https://developer.microsoft.com/json-schemas/teams/v${teamsManifest.manifestVersion}/MicrosoftTeams.schema.json`,
    );
    expect(validateTeamsManifest(teamsJson)).toEqual([]);
  });

  it("uses nothing newer than v1.22, so it can be pinned back for a tenant that lags behind", () => {
    const pinned = {
      ...teamsJson,
      $schema: "https://developer.microsoft.com/json-schemas/teams/v1.22/MicrosoftTeams.schema.json",
      manifestVersion: "1.22",
    };
    expect(validateTeamsManifest(pinned)).toEqual([]);
  });

  it("lists schema errors by path when the manifest is wrong", () => {
    expect(validateTeamsManifest({ ...teamsJson, accentColor: "blue" }).join("\n")).toContain("/accentColor");
  });

  it("offers the bot in personal chats, team channels and group chats, with commands in each", () => {
    expect(teamsBot?.botId).toBe(PLACEHOLDER_APP_ID);
    expect(teamsBot?.scopes).toEqual(expect.arrayContaining(["personal", "team", "groupChat"]));
    const listed = teamsBot?.commandLists.flatMap((list) => list.scopes);
    expect(listed).toEqual(expect.arrayContaining(["personal", "team", "groupChat"]));
  });

  it("keeps command titles and descriptions within what Teams shows (32 and 128 characters)", () => {
    for (const { title, description } of teamsCommands.values()) {
      expect(title.length, title).toBeLessThanOrEqual(32);
      expect(description.length, title).toBeLessThanOrEqual(128);
      expect(quotedExamples(description).length, `${title} quotes an example`).toBeGreaterThan(0);
    }
  });
});

describe("the Teams icons", () => {
  it("has a 192×192 full-colour icon", () => {
    const color = readPng(`manifest/teams/${teamsManifest.icons.color}`);
    expect([color.width, color.height]).toEqual([192, 192]);
    const opaqueColoured = pixels(color).filter(([r, g, b, a]) => a === 255 && !(r === 255 && g === 255 && b === 255));
    expect(opaqueColoured.length).toBeGreaterThan(192 * 192 * 0.5);
  });

  it("has a 32×32 outline icon, white on transparent", () => {
    const outline = readPng(`manifest/teams/${teamsManifest.icons.outline}`);
    expect([outline.width, outline.height]).toEqual([32, 32]);
    const all = pixels(outline);
    expect(all.filter(([r, g, b, a]) => a !== 0 && !(r === 255 && g === 255 && b === 255))).toEqual([]);
    expect(all.some(([, , , a]) => a === 0)).toBe(true);
    expect(all.some(([, , , a]) => a === 255)).toBe(true);
  });

  it("are the ones manifest/draw-icons.ts draws (re-run it after changing it)", () => {
    expect(PNG.sync.write(drawColorIcon()).equals(readFileSync(join(ROOT, "manifest/teams/color.png")))).toBe(true);
    expect(PNG.sync.write(drawOutlineIcon()).equals(readFileSync(join(ROOT, "manifest/teams/outline.png")))).toBe(true);
  });
});

function pixels(png: PNG): [number, number, number, number][] {
  return Array.from({ length: png.width * png.height }, (_, index) => {
    const [r, g, b, a] = png.data.subarray(index * 4, index * 4 + 4);
    return [r!, g!, b!, a!];
  });
}

describe("every command the manifests advertise", () => {
  const now = new Date("2026-11-22T15:00:00Z");
  let core: Core;
  let asked = 0;
  const ask = (text: string) => core.ask({ conversationKey: `manifest-test:${asked++}`, text });

  beforeAll(async () => {
    core = await startCore({
      config: loadConfig({}),
      clock: () => now,
      logger: createLogger("silent"),
      target: { kind: "pglite", dataDir: "memory://" },
    });
  });
  afterAll(async () => {
    await core?.close();
  });

  /** An example must get a real answer: not the help ("didn't understand"), nor "no such agreement". */
  const expectAnswered = async (example: string, isHelp: boolean) => {
    const reply = await ask(example);
    if (isHelp) expect(reply.kind).toBe("help");
    else expect(["help", "not-found"], `${example}: ${reply.text}`).not.toContain(reply.kind);
  };

  it.each(slackExamples)("Slack /iap %s is answered", async (example) => {
    await expectAnswered(example, example === "help");
  });

  it.each([...teamsCommands.keys()])("the Teams command “%s” is understood, and so are its examples", async (title) => {
    // Picking a command in Teams puts its title in the compose box; it may be sent as it is.
    expect(parseIntent(title, { now, timeZone: "America/Toronto" }).kind, title).not.toBe("unknown");
    for (const example of quotedExamples(teamsCommands.get(title)?.description ?? "")) {
      await expectAnswered(example, title === "help");
    }
  });
});

describe("npm run package:teams", () => {
  const appId = "6f1c2b3a-1234-4cde-9f00-0123456789ab";
  const folder = mkdtempSync(join(tmpdir(), "iap-teams-package-"));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it("writes a zip with the manifest and both icons at its root, the app id filled in", async () => {
    const out = join(folder, "x.zip");
    const run = await runPackageTeams(["--out", out], { MicrosoftAppId: appId, BOT_PUBLIC_HOST: "iap.example.org" });
    expect(run.code, run.stderr).toBe(0);

    const files = unzipSync(readFileSync(out));
    expect(Object.keys(files).sort()).toEqual(["color.png", "manifest.json", "outline.png"]);
    const packed = JSON.parse(strFromU8(files["manifest.json"]!)) as z.infer<typeof TeamsManifestSchema>;
    expect(packed.id).toBe(appId);
    expect(packed.bots[0]?.botId).toBe(appId);
    expect(packed).toMatchObject({ validDomains: ["iap.example.org"] });
    expect(validateTeamsManifest(packed)).toEqual([]);
    expect(Buffer.from(files["color.png"]!).equals(readFileSync(join(ROOT, "manifest/teams/color.png")))).toBe(true);
  });

  it("refuses to run without MicrosoftAppId, and says which variable to set", async () => {
    const run = await runPackageTeams(["--out", join(folder, "y.zip")], {});
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain("MicrosoftAppId");
  });
});

/** Runs the script as `npm run package:teams` does (tsx), with only the given bot variables set. */
function runPackageTeams(
  args: readonly string[],
  env: Record<string, string>,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const { MicrosoftAppId: _id, BOT_PUBLIC_HOST: _host, ...inherited } = process.env;
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["--import", "tsx", "manifest/package-teams.ts", ...args],
      { cwd: ROOT, env: { ...inherited, ...env } },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}
