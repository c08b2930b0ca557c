import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("..", import.meta.url));
const CHAT_SDKS = [/^@slack\//, /^botbuilder/, /^botframework-/, /^@microsoft\/teams/, /^@microsoft\/agents/];

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile() && /\.(ts|mts|js|mjs)$/.test(entry.name))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .filter((file) => !file.includes(`${path.sep}generated${path.sep}`));
}

function importsOf(code: string): string[] {
  const specifiers: string[] = [];
  for (const match of code.matchAll(
    /(?:import|export)\s[^'"]*?from\s*["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)|^\s*import\s*["']([^"']+)["']/gm,
  )) {
    specifiers.push((match[1] ?? match[2] ?? match[3])!);
  }
  return specifiers;
}

describe("the core in src/", () => {
  it("imports no chat SDK and nothing from adapters/", async () => {
    const offences: string[] = [];
    for (const file of await sourceFiles(path.join(root, "src"))) {
      for (const specifier of importsOf(await readFile(file, "utf8"))) {
        const resolved = specifier.startsWith(".") ? path.resolve(path.dirname(file), specifier) : null;
        if (CHAT_SDKS.some((sdk) => sdk.test(specifier)) || resolved?.startsWith(path.join(root, "adapters"))) {
          offences.push(`${path.relative(root, file)} imports ${specifier}`);
        }
      }
    }
    expect(offences).toEqual([]);
  });

  it("keeps each chat SDK inside its own adapter folder", async () => {
    // The Bot Framework SDK was archived at the end of 2025: moving to the Agents SDK must touch adapters/teams only.
    const homes: readonly [RegExp, string][] = [
      [/^@slack\//, path.join(root, "adapters", "slack")],
      [/^(botbuilder|botframework-|@microsoft\/agents)/, path.join(root, "adapters", "teams")],
    ];
    const offences: string[] = [];
    for (const dir of ["src", "adapters"]) {
      for (const file of await sourceFiles(path.join(root, dir))) {
        for (const specifier of importsOf(await readFile(file, "utf8"))) {
          const home = homes.find(([sdk]) => sdk.test(specifier))?.[1];
          if (home && !file.startsWith(home + path.sep))
            offences.push(`${path.relative(root, file)} imports ${specifier}`);
        }
      }
    }
    expect(offences).toEqual([]);
  });

  it("is checked by an import scanner that does see imports", () => {
    expect(
      importsOf(`import { App } from "@slack/bolt";\nimport type { X } from '../../adapters/slack/x.js';`),
    ).toEqual(["@slack/bolt", "../../adapters/slack/x.js"]);
    expect(importsOf(`const m = await import("botbuilder");`)).toEqual(["botbuilder"]);
  });
});
