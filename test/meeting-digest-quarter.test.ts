import { describe, expect, it } from "vitest";
import { ordinal } from "../src/reminders/digest-dates.js";
import { escapeMarkdown } from "../src/reminders/digest-markdown.js";
import { chooseDigestMeeting, parseQuarter, quarterDates, quarterOf } from "../src/reminders/digest-quarter.js";
import { sameDayIn as anniversaryIn, monthsAfter } from "../src/shared/calendar-date.js";

describe("quarters", () => {
  it.each([
    ["2027Q1", 2027, 1],
    ["2027q4", 2027, 4],
    ["2027-Q2", 2027, 2],
    [" 2027 Q3 ", 2027, 3],
    ["Q1 2028", 2028, 1],
    ["q2-2028", 2028, 2],
  ])("reads '%s' as %d Q%d", (text, year, quarter) => {
    expect(parseQuarter(text)).toEqual({ ok: true, quarter: { year, quarter } });
  });

  it.each([["2027Q5"], ["2027Q0"], ["Q1"], ["2027"], ["27Q1"], ["next"], [""], ["2027Q1; DROP TABLE"]])(
    "refuses '%s' with a code and a message saying what to type",
    (text) => {
      const reading = parseQuarter(text);
      expect(reading).toMatchObject({ ok: false, code: "invalid-quarter" });
      expect(!reading.ok && reading.message).toContain("e.g. 2027Q1");
    },
  );

  it("knows a quarter's months: 2027Q1 is January to March", () => {
    expect(quarterDates({ year: 2027, quarter: 1 })).toEqual({ from: "2027-01-01", to: "2027-03-31" });
    expect(quarterDates({ year: 2028, quarter: 4 })).toEqual({ from: "2028-10-01", to: "2028-12-31" });
    expect(quarterOf("2027-03-31")).toEqual({ year: 2027, quarter: 1 });
    expect(quarterOf("2027-04-01")).toEqual({ year: 2027, quarter: 2 });
  });
});

describe("the meeting a digest is for", () => {
  it("is the quarter's meeting: by default the first Tuesday of its second month", () => {
    expect(chooseDigestMeeting({ year: 2027, quarter: 1 }, "2026-11-22", [])).toEqual({
      ok: true,
      meeting: "2027-02-02",
    });
    expect(chooseDigestMeeting({ year: 2027, quarter: 2 }, "2026-11-22", [])).toEqual({
      ok: true,
      meeting: "2027-05-04",
    });
  });

  it("is the first of the quarter's configured meetings, and none when it has none", () => {
    const configured = ["2027-03-30", "2027-01-12", "2027-05-18"];
    expect(chooseDigestMeeting({ year: 2027, quarter: 1 }, "2026-11-22", configured)).toEqual({
      ok: true,
      meeting: "2027-01-12",
    });
    expect(chooseDigestMeeting({ year: 2027, quarter: 3 }, "2026-11-22", configured)).toEqual({
      ok: false,
      code: "no-meeting",
      message:
        "No working group meeting is scheduled in 2027Q3 (1 July 2027 to 30 September 2027); the configured meeting dates list none in it.",
    });
  });

  it("is the next meeting on or after today without a quarter", () => {
    expect(chooseDigestMeeting(null, "2026-11-22", [])).toEqual({ ok: true, meeting: "2027-02-02" });
    expect(chooseDigestMeeting(null, "2027-02-02", [])).toEqual({ ok: true, meeting: "2027-02-02" });
    expect(chooseDigestMeeting(null, "2027-06-01", ["2027-05-18"])).toMatchObject({ ok: false, code: "no-meeting" });
  });
});

describe("digest calendar arithmetic", () => {
  it("puts a 29 February anniversary on 28 February in other years", () => {
    expect(anniversaryIn("2012-02-29", 2027)).toBe("2027-02-28");
    expect(anniversaryIn("2012-02-29", 2028)).toBe("2028-02-29");
    expect(anniversaryIn("1992-05-12", 2027)).toBe("2027-05-12");
  });

  it("counts months end-clamped, forward and back", () => {
    expect(monthsAfter("2027-08-31", 6)).toBe("2028-02-29");
    expect(monthsAfter("2027-02-02", -12)).toBe("2026-02-02");
    expect(monthsAfter("2027-03-31", -1)).toBe("2027-02-28");
  });

  it.each([
    [1, "1st"],
    [2, "2nd"],
    [3, "3rd"],
    [5, "5th"],
    [11, "11th"],
    [12, "12th"],
    [13, "13th"],
    [21, "21st"],
    [40, "40th"],
    [112, "112th"],
  ])("says %d as %s", (n, text) => {
    expect(ordinal(n)).toBe(text);
  });
});

describe("escapeMarkdown", () => {
  it.each([
    ["<!channel>", "\\<\\!channel\\>"],
    ["*x*", "\\*x\\*"],
    ["# heading", "\\# heading"],
    ["[link](http://x)", "\\[link\\](http://x)"],
    ["![img](x)", "\\!\\[img\\](x)"],
    [
      "`code` _em_ ~~strike~~ a|b $x$ @here &amp;",
      "\\`code\\` \\_em\\_ \\~\\~strike\\~\\~ a\\|b \\$x\\$ \\@here \\&amp;",
    ],
    ["back\\slash", "back\\\\slash"],
    ["line one\n\n# line two\r\n- item", "line one \\# line two - item"],
    ["bell\u0007 and escape\u001b[31m", "bell� and escape�\\[31m"],
    ["Ho Chi Minh City", "Ho Chi Minh City"],
  ])("makes %j inert", (text, escaped) => {
    expect(escapeMarkdown(text)).toBe(escaped);
  });
});
