import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Core, startCore } from "../src/app/start-core.js";
import { auditTrail } from "../src/audit/audit-log.js";
import { loadConfig } from "../src/config/config.js";
import { setRole } from "../src/people/manage-roles.js";
import { recogniseUser } from "../src/people/recognise-user.js";
import { createLogger } from "../src/shared/logger.js";
import { disposeTestTarget, testDatabaseKinds } from "./support/test-databases.js";

const now = new Date("2026-11-23T15:00:00Z");
const OPERATOR = { platform: "CONSOLE", externalId: "ops" } as const;

describe.each(testDatabaseKinds)("roles on $name", (kind) => {
  let core: Core;
  const target = kind.newTarget();
  beforeAll(async () => {
    core = await startCore({ config: loadConfig({}), clock: () => now, logger: createLogger("silent"), target });
    await core.database.prisma.division.upsert({
      where: { code: "EDC" },
      create: { code: "EDC", name: "Economic Development and Culture" },
      update: {},
    });
  });
  afterAll(async () => {
    await core?.close();
    await disposeTestTarget(target);
  });

  it("lets the operator make a first coordinator, who can then give roles in chat; each change is audited", async () => {
    const { prisma } = core.database;
    const first = await setRole(prisma, {
      target: { platform: "SLACK", externalId: "U-AVERY" },
      role: "COORDINATOR",
      displayName: "Avery",
      actor: OPERATOR,
      now,
    });
    expect(first).toMatchObject({ ok: true, before: null, after: "COORDINATOR" });

    const rep = await setRole(prisma, {
      target: { platform: "TEAMS", externalId: "aad-casey" },
      role: "DIVISION_REP",
      divisionCode: "edc",
      actor: { platform: "SLACK", externalId: "U-AVERY" },
      now,
    });
    expect(rep).toMatchObject({ ok: true, after: "DIVISION_REP" });
    expect(await recogniseUser(prisma, "TEAMS", "aad-casey")).toMatchObject({
      role: "DIVISION_REP",
      divisionCode: "EDC",
    });

    const trail = await auditTrail(prisma, "Person", rep.ok ? rep.personId : 0);
    expect(trail).toMatchObject([
      { action: "role.change", actor: { platform: "SLACK", externalId: "U-AVERY" }, after: { role: "DIVISION_REP" } },
    ]);
  });

  it("refuses a role change by someone who is not a coordinator, and a division that does not exist", async () => {
    const { prisma } = core.database;
    expect(
      await setRole(prisma, {
        target: { platform: "SLACK", externalId: "U-SELF" },
        role: "COORDINATOR",
        actor: { platform: "SLACK", externalId: "U-SELF" },
        now,
      }),
    ).toEqual({ ok: false, reason: "Only CCO-SPER coordinators can change roles. Ask a coordinator to do it." });
    expect(await recogniseUser(prisma, "SLACK", "U-SELF")).toBeNull();
    expect(
      await setRole(prisma, {
        target: { platform: "SLACK", externalId: "U-X" },
        role: "DIVISION_REP",
        divisionCode: "NOPE",
        actor: OPERATOR,
        now,
      }),
    ).toMatchObject({ ok: false, reason: expect.stringContaining("There is no division NOPE") });
    expect(
      await setRole(prisma, {
        target: { platform: "SLACK", externalId: "U-Y" },
        role: "DIVISION_REP",
        actor: OPERATOR,
        now,
      }),
    ).toMatchObject({ ok: false, reason: expect.stringContaining("needs a division") });
  });
});
