import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cli } from "./support/run-cli.js";

describe("iap dates", () => {
  let dir: string;
  const env = () => ({ IAP_DATA_DIR: path.join(dir, "data"), DATABASE_URL: "", LOG_LEVEL: "warn" });

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "iap-dates-cli-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("lists the seeded national days, refuses bad input with exit code 2, sets a date, and says what a country has", {
    timeout: 120_000,
  }, async () => {
    const listed = await cli(["dates", "list"], env());
    expect(listed).toMatchObject({ code: 0, stderr: "" });
    expect(listed.stdout).toContain("11 date(s) of significance for flag raisings:");
    expect(listed.stdout).toMatch(/06-02 {2}Italy +Republic Day\n +source: CIA World Factbook, Italy/);
    expect(listed.stdout).toContain("Partner countries with no date: none.");

    const refused = await cli(
      ["dates", "set", "--country", "Italy", "--name", "Liberation Day", "--date", "4/25"],
      env(),
    );
    expect(refused).toMatchObject({
      code: 2,
      stderr: '--date: "4/25" is not MM-DD: use e.g. 07-04 for 4 July; --source: required\n',
    });

    const set = await cli(
      ["dates", "set", "--country", "italy", "--name", "Liberation Day", "--date", "04-25", "--source", "A source"],
      env(),
    );
    expect(set).toMatchObject({ code: 0, stdout: "Added Italy, Liberation Day: 25 April (04-25).\n" });

    const missing = await cli(["dates", "remove", "--country", "Italy", "--name", "Festa"], env());
    expect(missing).toMatchObject({
      code: 1,
      stderr: 'No date named "Festa" for Italy. Italy has: "Liberation Day", "Republic Day".\n',
    });
  });
});
