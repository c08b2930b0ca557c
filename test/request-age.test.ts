import { describe, expect, it } from "vitest";
import { ageCutoff, describeAge, startOfDayIn } from "../src/intake/request-age.js";
import { daysBetween } from "../src/shared/calendar-date.js";

describe("how old a request is", () => {
  it("counts months back on the calendar, clamping to the end of a shorter month", () => {
    expect(ageCutoff("2026-11-23", { amount: 6, unit: "month" })).toBe("2026-05-23");
    expect(ageCutoff("2026-08-31", { amount: 6, unit: "month" })).toBe("2026-02-28");
    expect(ageCutoff("2026-03-01", { amount: 1, unit: "year" })).toBe("2025-03-01");
    expect(ageCutoff("2026-11-23", { amount: 90, unit: "day" })).toBe("2026-08-25");
    expect(ageCutoff("2026-11-23", { amount: 2, unit: "week" })).toBe("2026-11-09");
  });

  it("counts whole calendar days, across a daylight-saving change", () => {
    expect(daysBetween("2026-03-01", "2026-11-23")).toBe(267);
    expect(daysBetween("2026-11-23", "2026-11-23")).toBe(0);
    expect(daysBetween("2026-03-07", "2026-03-09")).toBe(2);
  });

  it("finds the instant a day begins in the zone, on either side of a daylight-saving change", () => {
    expect(startOfDayIn("2026-05-23", "America/Toronto").toISOString()).toBe("2026-05-23T04:00:00.000Z");
    expect(startOfDayIn("2026-01-15", "America/Toronto").toISOString()).toBe("2026-01-15T05:00:00.000Z");
    expect(startOfDayIn("2026-03-08", "America/Toronto").toISOString()).toBe("2026-03-08T05:00:00.000Z");
    expect(startOfDayIn("2026-11-01", "America/Toronto").toISOString()).toBe("2026-11-01T04:00:00.000Z");
    expect(startOfDayIn("2026-06-01", "Asia/Tokyo").toISOString()).toBe("2026-05-31T15:00:00.000Z");
    expect(startOfDayIn("2026-06-01", "UTC").toISOString()).toBe("2026-06-01T00:00:00.000Z");
  });

  it("says an age in words", () => {
    expect(describeAge({ amount: 6, unit: "month" })).toBe("6 months");
    expect(describeAge({ amount: 1, unit: "year" })).toBe("1 year");
  });
});
