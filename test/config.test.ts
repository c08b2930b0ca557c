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
});
