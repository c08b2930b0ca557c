import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../src/config/config.js";

describe("loadConfig", () => {
  it("runs with no configuration at all on the embedded database", () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ PORT: 3978, IAP_DATA_DIR: "./data", IAP_TIME_ZONE: "America/Toronto" });
    expect(config.DATABASE_URL).toBeUndefined();
  });

  it("treats empty variables as unset", () => {
    const config = loadConfig({ PORT: "", DATABASE_URL: "  ", IAP_DATA_DIR: "" });
    expect(config.PORT).toBe(3978);
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.IAP_DATA_DIR).toBe("./data");
  });

  it("names every bad variable and what it should be", () => {
    const failure = (() => {
      try {
        loadConfig({ PORT: "eighty", DATABASE_URL: "mysql://x", IAP_TIME_ZONE: "Toronto/Somewhere" });
      } catch (error) {
        return error;
      }
    })();
    expect(failure).toBeInstanceOf(ConfigError);
    const message = (failure as ConfigError).message;
    expect(message).toContain('PORT="eighty"');
    expect(message).toContain('DATABASE_URL="mysql://x": must be a postgresql:// URL');
    expect(message).toContain("IAP_TIME_ZONE");
    expect((failure as ConfigError).problems).toHaveLength(3);
  });

  it.each([
    [{ SLACK_BOT_TOKEN: "xoxb-1" }, "SLACK_SIGNING_SECRET: Slack needs both"],
    [{ SLACK_SIGNING_SECRET: "s" }, "SLACK_BOT_TOKEN: Slack needs both"],
    [{ SLACK_BOT_TOKEN: "xapp-1", SLACK_SIGNING_SECRET: "s" }, 'SLACK_BOT_TOKEN="xapp-1": must be a bot token'],
    [{ SLACK_APP_TOKEN: "xapp-1" }, "SLACK_BOT_TOKEN: Socket Mode (SLACK_APP_TOKEN) also needs the bot token"],
    [{ MicrosoftAppId: "id", MicrosoftAppTenantId: "t" }, "MicrosoftAppPassword: MicrosoftAppId is set"],
    [{ MicrosoftAppId: "id", MicrosoftAppPassword: "p" }, "MicrosoftAppTenantId: a SingleTenant Teams bot"],
    [{ NODE_ENV: "production" }, "MicrosoftAppId: NODE_ENV=production would accept unauthenticated Teams traffic"],
    [{ SLACK_API_URL: "ftp://slack.example" }, "SLACK_API_URL"],
  ])("refuses the platform settings %o that cannot work, naming what to set", (env, problem) => {
    expect(() => loadConfig(env)).toThrow(problem);
  });

  it("accepts complete Slack and Teams settings, and Socket Mode", () => {
    const config = loadConfig({
      SLACK_SIGNING_SECRET: "s",
      SLACK_BOT_TOKEN: "xoxb-1",
      SLACK_API_URL: "http://127.0.0.1:9999/api",
      MicrosoftAppId: "id",
      MicrosoftAppPassword: "p",
      MicrosoftAppTenantId: "t",
      NODE_ENV: "production",
    });
    expect(config.SLACK_API_URL).toBe("http://127.0.0.1:9999/api/");
    expect(loadConfig({ SLACK_APP_TOKEN: "xapp-1", SLACK_BOT_TOKEN: "xoxb-1" }).SLACK_APP_TOKEN).toBe("xapp-1");
  });
});
