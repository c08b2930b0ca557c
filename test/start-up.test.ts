import { type ChildProcess, execFile, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { cli, npmStartCommand, root } from "./support/run-cli.js";

/**
 * Starts the bot as `npm start` does (its compiled build, with its node flags, built in beforeAll)
 * and resolves with its port once it logs that it is running. Without npm in between, so the
 * test's SIGTERM reaches the bot itself.
 */
async function startBot(env: Record<string, string>): Promise<{ child: ChildProcess; port: number; logs: string[] }> {
  const { nodeArgs, entry } = await npmStartCommand();
  const child = spawn(process.execPath, [...nodeArgs, entry], { cwd: root, env: { ...process.env, ...env } });
  const logs: string[] = [];
  return new Promise((resolve, reject) => {
    let buffer = "";
    child.stdout.on("data", (chunk: Buffer) => {
      buffer += chunk.toString();
      const lines = buffer.split("\n");
      buffer = lines.pop() ?? "";
      for (const line of lines) {
        logs.push(line);
        const entry = JSON.parse(line) as { msg: string; port?: number };
        if (entry.msg === "iap-bot is running") resolve({ child, port: entry.port!, logs });
      }
    });
    child.stderr.on("data", (chunk: Buffer) => logs.push(chunk.toString()));
    child.on("exit", (code) => reject(new Error(`bot exited with ${code}: ${logs.join("\n")}`)));
  });
}

describe("the bot process, as npm start builds and runs it, on an empty data directory", () => {
  let workDir: string;
  let dataDir: string;
  beforeAll(async () => {
    await promisify(execFile)("npm", ["run", "build", "--silent"], { cwd: root });
    workDir = await mkdtemp(path.join(tmpdir(), "iap-bot-start-"));
    dataDir = path.join(workDir, "data");
  });
  afterAll(async () => {
    await rm(workDir, { recursive: true, force: true });
  });

  it("creates, migrates and seeds the database, serves /healthz, says what to configure, and stops on SIGTERM", async () => {
    expect(existsSync(dataDir)).toBe(false);
    const bot = await startBot({ PORT: "0", IAP_DATA_DIR: dataDir, LOG_LEVEL: "info", DATABASE_URL: "" });
    try {
      const response = await fetch(`http://127.0.0.1:${bot.port}/healthz`);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ status: "ok" });
      expect((await fetch(`http://127.0.0.1:${bot.port}/nowhere`)).status).toBe(404);
      const ready = bot.logs.map((line) => JSON.parse(line)).find((entry) => entry.msg === "database ready");
      expect(ready).toMatchObject({ migrationsApplied: await migrationNames(), seeded: 29 });
      const running = bot.logs.map((line) => JSON.parse(line)).find((entry) => entry.msg === "iap-bot is running");
      expect(running.slack).toContain("set SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN");
      expect(running.teams).toContain("set MicrosoftAppId");

      const clash = await cli(["ask", "status of Milan"], { IAP_DATA_DIR: dataDir, DATABASE_URL: "" });
      expect(clash.code).not.toBe(0);
      expect(clash.stderr).toContain("is in use by another iap-bot process");
    } finally {
      bot.child.kill("SIGTERM");
    }
    const code = await new Promise((resolve) => bot.child.on("exit", (exitCode) => resolve(exitCode)));
    expect(code).toBe(0);
  });

  it("answers a status question from the CLI on the data the bot seeded, without seeding again", async () => {
    const result = await cli(["ask", "status of Milan"], {
      IAP_DATA_DIR: dataDir,
      DATABASE_URL: "",
      LOG_LEVEL: "info",
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("Milan (Italy) is a Partnership City agreement.");
    expect(result.stdout).toMatch(/Term end:\s+not recorded/);
    expect(result.stderr).toContain('"seeded":0');
  });

  it("refuses to start with a bad variable, naming it", async () => {
    const result = await cli(["ask", "hello"], { IAP_DATA_DIR: dataDir, PORT: "eighty" });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('PORT="eighty"');
  });
});

/** Every migration in prisma/migrations, oldest first: a fresh data directory gets them all. */
async function migrationNames(): Promise<string[]> {
  const entries = await readdir(new URL("../prisma/migrations", import.meta.url), { withFileTypes: true });
  return entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}
