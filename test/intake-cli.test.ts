import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { aPartnershipCityProposal } from "./support/intake-proposals.js";
import { cli } from "./support/run-cli.js";

describe("iap intake submit FILE.json", () => {
  let dir: string;
  const env = () => ({ IAP_DATA_DIR: path.join(dir, "data"), DATABASE_URL: "", LOG_LEVEL: "warn" });
  const file = async (name: string, content: unknown) => {
    const fileName = path.join(dir, name);
    await writeFile(fileName, typeof content === "string" ? content : JSON.stringify(content));
    return fileName;
  };

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "iap-intake-cli-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("refuses an incomplete proposal with exit code 1, lists what is missing and stores nothing", async () => {
    const incomplete = await file("incomplete.json", {
      kind: "PARTNERSHIP_CITY",
      ...aPartnershipCityProposal({ goals: "", cityEconomy: undefined }),
    });
    const refused = await cli(["intake", "submit", incomplete], env());
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("Nothing was stored.");
    expect(refused.stderr).toContain("Proposed goals: required");
    expect(refused.stderr).toMatch(/economy[^\n]*: required/i);

    const complete = await file("lyon.json", { kind: "PARTNERSHIP_CITY", ...aPartnershipCityProposal() });
    const accepted = await cli(["intake", "submit", complete, "--as", "dana"], env());
    expect(accepted.code).toBe(0);
    expect(accepted.stdout).toContain("Request 1 submitted to CCO-SPER: Partnership City proposal: Lyon."); // the refusal took no number
  });

  it("says what is wrong with a file that is not a proposal", async () => {
    const notJson = await cli(["intake", "submit", await file("broken.json", "{ kind: ")], env());
    expect(notJson).toMatchObject({ code: 1, stderr: expect.stringContaining("is not valid JSON") });
    const noKind = await cli(["intake", "submit", await file("nokind.json", { candidateCity: "Lyon" })], env());
    expect(noKind).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('"kind" must be one of PARTNERSHIP_CITY'),
    });
  });
});
