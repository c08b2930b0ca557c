import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CuttableProxy } from "./support/cuttable-proxy.js";
import { FakeSlackApi } from "./support/fake-slack-api.js";
import { startSlackTestBot } from "./support/slack-bot.js";
import { postToSlack, slashCommand } from "./support/slack-requests.js";
import { testDatabaseKinds } from "./support/test-databases.js";

/**
 * The operations endpoints of a running bot on PostgreSQL reached through a proxy the test can
 * cut: /healthz (the process), /readyz (database and schema), /metrics (Prometheus text).
 */
describe("operations endpoints", () => {
  const postgres = testDatabaseKinds.find((kind) => kind.name === "PostgreSQL")!;
  const direct = postgres.newTarget();
  let proxy: CuttableProxy;
  let api: FakeSlackApi;
  let bot: Awaited<ReturnType<typeof startSlackTestBot>>;

  beforeAll(async () => {
    if (direct.kind !== "postgres") throw new Error("expected PostgreSQL");
    const proxied = await CuttableProxy.inFrontOf(direct.url);
    proxy = proxied.proxy;
    api = await FakeSlackApi.start();
    bot = await startSlackTestBot({ ...direct, url: proxied.url }, api);
  });
  afterAll(async () => {
    await bot?.dispose();
    await api?.stop();
    await proxy?.stop();
  });

  const get = async (path: string) => {
    const response = await fetch(new URL(path, bot.url));
    return { status: response.status, type: response.headers.get("content-type"), text: await response.text() };
  };

  it("is ready when the database answers with every migration, and says what is configured", async () => {
    const ready = await get("/readyz");
    expect(ready.status).toBe(200);
    const body = JSON.parse(ready.text);
    expect(body.status).toBe("ready");
    expect(body.checks.database).toEqual({ ok: true, detail: "reachable" });
    expect(body.checks.migrations.ok).toBe(true);
    expect(body.checks.slack.detail).toContain("POST /slack/events");
  });

  it("counts answers by platform and outcome, and reads the outbox depth and intake states from the database", async () => {
    const response = await postToSlack(bot.url, slashCommand("status Milan", { responseUrl: api.responseUrl("m1") }));
    expect(response.status).toBe(200);
    await api.waitFor((call) => call.method === "respond" && call.responseId === "m1");
    const metrics = await get("/metrics");
    expect(metrics.status).toBe(200);
    expect(metrics.type).toContain("text/plain");
    expect(metrics.text).toContain('iap_requests_total{platform="SLACK",outcome="answered"} 1');
    expect(metrics.text).toContain('iap_answer_seconds_count{platform="SLACK"} 1');
    expect(metrics.text).toContain('iap_outbox_depth{platform="SLACK"} 0');
    expect(metrics.text).toMatch(/iap_process_resident_memory_bytes \d+/);
  });

  it("reports not ready while the database is unreachable, stays up, and is ready again when it returns", async () => {
    proxy.cut();
    const down = await get("/readyz");
    expect(down.status).toBe(503);
    expect(JSON.parse(down.text).checks.database.ok).toBe(false);
    expect((await get("/healthz")).status).toBe(200);
    proxy.restore();
    expect((await get("/readyz")).status).toBe(200);
  });

  it("reports not ready, with the command to run, on a schema older than the code", async () => {
    const [latest] = await bot.core.database.sql.query<{ migration_name: string }>(
      `SELECT migration_name FROM "_prisma_migrations" ORDER BY migration_name DESC LIMIT 1`,
    );
    await bot.core.database.sql.exec(
      `UPDATE "_prisma_migrations" SET rolled_back_at = now() WHERE migration_name = '${latest!.migration_name}'`,
    );
    const stale = await get("/readyz");
    expect(stale.status).toBe(503);
    expect(JSON.parse(stale.text).checks.migrations.detail).toBe(
      `not applied: ${latest!.migration_name}; run npm run --silent iap -- migrate`,
    );
    await bot.core.database.sql.exec(
      `UPDATE "_prisma_migrations" SET rolled_back_at = NULL WHERE migration_name = '${latest!.migration_name}'`,
    );
  });
});
