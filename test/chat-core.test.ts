import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Core, startCore } from "../src/app/start-core.js";
import { DELIVERY_RETENTION_MS, pruneDeliveries } from "../src/chat/delivery-log.js";
import { loadConfig } from "../src/config/config.js";
import { createLogger } from "../src/shared/logger.js";
import { disposeTestTarget, testDatabaseKinds } from "./support/test-databases.js";

describe.each(testDatabaseKinds)("the core's chat services on $name", (kind) => {
  let now = new Date("2026-11-22T15:00:00Z");
  let core: Core;
  const target = kind.newTarget();

  beforeAll(async () => {
    core = await startCore({
      config: loadConfig({}),
      clock: () => now,
      logger: createLogger("silent"),
      target,
    });
  });
  afterAll(async () => {
    await core?.close();
    await disposeTestTarget(target);
  });

  it("claims each delivery id once, per platform, until it is older than the retention window", async () => {
    expect(await core.claimDelivery("SLACK", "Ev001")).toBe(true);
    expect(await core.claimDelivery("SLACK", "Ev001")).toBe(false);
    expect(await core.claimDelivery("TEAMS", "Ev001")).toBe(true);

    now = new Date(now.getTime() + DELIVERY_RETENTION_MS - 1);
    expect(await pruneDeliveries(core.database.prisma, now)).toBe(0);
    expect(await core.claimDelivery("SLACK", "Ev001")).toBe(false);
    now = new Date(now.getTime() + 2);
    expect(await pruneDeliveries(core.database.prisma, now)).toBe(2);
    expect(await core.claimDelivery("SLACK", "Ev001")).toBe(true);
  });

  it("lets only one of many simultaneous redeliveries through", async () => {
    const claims = await Promise.all(Array.from({ length: 8 }, () => core.claimDelivery("TEAMS", "activity-42")));
    expect(claims.filter(Boolean)).toHaveLength(1);
  });

  it("stores a conversation reference and replaces it when the platform sends a newer one", async () => {
    await core.rememberConversation({
      platform: "TEAMS",
      conversationId: "19:abc@thread.tacv2",
      kind: "CHANNEL",
      title: "IAP working group",
      reference: { serviceUrl: "https://old.example/", conversation: { id: "19:abc@thread.tacv2" } },
    });
    await core.rememberConversation({
      platform: "TEAMS",
      conversationId: "19:abc@thread.tacv2",
      kind: "CHANNEL",
      title: null, // channel messages carry no name: the one stored when the bot was added stays
      reference: { serviceUrl: "https://new.example/", conversation: { id: "19:abc@thread.tacv2" } },
    });
    expect(await core.findConversation("TEAMS", "19:abc@thread.tacv2")).toEqual({
      platform: "TEAMS",
      conversationId: "19:abc@thread.tacv2",
      kind: "CHANNEL",
      title: "IAP working group",
      userId: null,
      reference: { serviceUrl: "https://new.example/", conversation: { id: "19:abc@thread.tacv2" } },
    });
    expect(await core.findConversation("SLACK", "19:abc@thread.tacv2")).toBeNull();
  });

  it("finds the personal chat with a person by user id, and forgets a conversation the bot left", async () => {
    const dm = { platform: "SLACK" as const, conversationId: "D042", kind: "PERSONAL" as const, title: null };
    await core.rememberConversation({ ...dm, userId: "U042", reference: { channel: "D042" } });
    await core.rememberConversation({ ...dm, reference: { channel: "D042", refreshed: true } });
    expect(await core.findPersonalConversation("SLACK", "U042")).toMatchObject({
      conversationId: "D042",
      reference: { refreshed: true },
    });
    expect(await core.findPersonalConversation("TEAMS", "U042")).toBeNull();
    expect(await core.forgetConversation("SLACK", "D042")).toBe(true);
    expect(await core.forgetConversation("SLACK", "D042")).toBe(false);
    expect(await core.findPersonalConversation("SLACK", "U042")).toBeNull();
  });

  it("recognises a known sender by platform identity, and still answers someone it does not know", async () => {
    const { prisma } = core.database;
    const division = await prisma.division.upsert({
      where: { code: "CCO-SPER" },
      create: { code: "CCO-SPER", name: "Strategic Protocol and External Relations" },
      update: {},
    });
    await prisma.person.create({
      data: {
        displayName: "Avery Coordinator",
        role: "COORDINATOR",
        divisionId: division.id,
        identities: { create: [{ platform: "SLACK", externalId: "U0AVERY" }] },
      },
    });
    const known = await core.answerChat({
      platform: "SLACK",
      conversationId: "C1",
      userId: "U0AVERY",
      text: "status of Milan",
    });
    expect(known.asker).toEqual({
      personId: expect.any(Number),
      displayName: "Avery Coordinator",
      role: "COORDINATOR",
      divisionCode: "CCO-SPER",
    });
    expect(known.reply.title).toBe("Milan");

    const stranger = await core.answerChat({
      platform: "TEAMS",
      conversationId: "a:1",
      userId: "U0AVERY",
      text: "Kiev",
    });
    expect(stranger.asker).toBeNull(); // the same id on another platform is someone else
    expect(stranger.reply.title).toBe("Kyiv");
  });

  it("keeps follow-ups apart per thread", async () => {
    const base = { platform: "SLACK" as const, conversationId: "C2", userId: "U1" };
    await core.answerChat({ ...base, threadId: "1.1", text: "status of Lisbon" });
    await core.answerChat({ ...base, threadId: "2.2", text: "status of Milan" });
    const first = await core.answerChat({ ...base, threadId: "1.1", text: "when does it end?" });
    expect(first.reply.text).toContain("Lisbon");
  });

  it("gives an overview with counts by category and says term ends are not recorded", async () => {
    const overview = await core.overview();
    expect(overview.facts?.map((fact) => [fact.label, fact.value])).toEqual([
      ["Partnership City", "10"],
      ["International Project", "2"],
      ["Historical", "16"],
      ["Outside IAP", "1"],
    ]);
    expect(overview.text).toBe(
      "29 agreements in the registry. No upcoming term end is recorded. 12 active agreements have no term end recorded.",
    );
  });
});

describe("delivery ids on the embedded database", () => {
  it("are still known after the bot restarts, so a redelivery after a restart is not answered", async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), "iap-deliveries-"));
    const start = () =>
      startCore({
        config: loadConfig({}),
        clock: () => new Date("2026-11-22T15:00:00Z"),
        logger: createLogger("silent"),
        target: { kind: "pglite", dataDir },
      });
    try {
      const before = await start();
      expect(await before.claimDelivery("SLACK", "Ev-before-restart")).toBe(true);
      await before.close();
      const after = await start();
      expect(await after.claimDelivery("SLACK", "Ev-before-restart")).toBe(false);
      await after.close();
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
