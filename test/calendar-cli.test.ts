import { createHash, randomBytes } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import type { RunningBot } from "../adapters/server/start-bot.js";
import { cli } from "./support/run-cli.js";
import { startTestBot } from "./support/teams-bot.js";
import { testPostgresUrl } from "./support/test-postgres-url.js";

describe("iap calendar add | revoke | list", () => {
  // The CLI and the bot share one PostgreSQL schema (PGlite is one process's database).
  const schema = `iap_test_${process.pid}_${randomBytes(4).toString("hex")}`;
  const databaseUrl = new URL(testPostgresUrl());
  databaseUrl.searchParams.set("schema", schema);
  const env = { DATABASE_URL: databaseUrl.toString(), LOG_LEVEL: "warn" };
  let bot: (RunningBot & { dispose(): Promise<void> }) | undefined;

  afterAll(async () => {
    await bot?.dispose();
  });

  it("prints a token and its link once, stores only its hash, and a revoked link stops working", async () => {
    const added = await cli(
      ["calendar", "add", "CCO-SPER shared calendar", "--base-url", "https://iap.example.ca/"],
      env,
    );
    expect(added).toMatchObject({ code: 0, stderr: "" });
    const token = /^Token: ([A-Za-z0-9_-]{43})$/m.exec(added.stdout)?.[1] ?? "";
    expect(added.stdout).toContain(`Subscribe link: https://iap.example.ca/calendar.ics?token=${token}\n`);

    bot = await startTestBot({ kind: "postgres", url: testPostgresUrl(), schema });
    const [stored] = await bot.core.database.prisma.calendarSubscriber.findMany();
    expect(stored).toMatchObject({
      name: "CCO-SPER shared calendar",
      tokenHash: createHash("sha256").update(token).digest("hex"),
      revokedAt: null,
    });
    const before = await fetch(`${bot.url}/calendar.ics?token=${token}`);
    expect([before.status, before.headers.get("content-type")]).toEqual([200, "text/calendar; charset=utf-8"]);

    const revoked = await cli(["calendar", "revoke", "cco-sper SHARED calendar"], env);
    expect(revoked).toMatchObject({ code: 0, stdout: expect.stringContaining("Revoked calendar subscriber 1") });
    expect((await fetch(`${bot.url}/calendar.ics?token=${token}`)).status).toBe(404);

    const listed = await cli(["calendar", "list"], env);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(
      /^id\s+name\s+added\s+revoked\n1\s+CCO-SPER shared calendar\s+\d{4}-\d\d-\d\d \d\d:\d\d UTC\s+\d{4}-\d\d-\d\d \d\d:\d\d UTC\n$/,
    );
    expect(listed.stdout).not.toContain(token);
  });
});
