import ICAL from "ical.js";
import { describe, expect, it } from "vitest";
import {
  buildCalendarEvents,
  type CalendarSubjects,
  DEFAULT_MEETING_TIME,
  feedWindow,
  ordinal,
  plainLine,
} from "../src/calendar/calendar-events.js";
import { renderCalendar } from "../src/calendar/render-calendar.js";

const nothing: CalendarSubjects = { termEnds: [], established: [], projectEnds: [], openMilestones: [] };
const settings = (today: string) => ({
  window: feedWindow(today),
  meetingDates: ["2099-01-01"], // none in the window unless a test says so
  meetingTime: DEFAULT_MEETING_TIME,
});

describe("the calendar feed's events", () => {
  it("cover one year back to three years ahead, 29 February included", () => {
    expect(feedWindow("2026-03-02")).toEqual({ from: "2025-03-02", to: "2029-03-02" });
    expect(feedWindow("2028-02-29")).toEqual({ from: "2027-02-28", to: "2031-02-28" });
  });

  it("mark the 5th, 10th … anniversaries inside the window only", () => {
    const events = buildCalendarEvents(
      {
        ...nothing,
        established: [
          { slug: "a", name: "A", category: "PARTNERSHIP_CITY", establishedOn: "2021-03-01" }, // 5th on 2026-03-01
          { slug: "b", name: "B", category: "PARTNERSHIP_CITY", establishedOn: "2020-03-01" }, // 5th on 2025-03-01: a day early
          { slug: "c", name: "C", category: "PARTNERSHIP_CITY", establishedOn: "2026-01-10" }, // 0th is no anniversary
          { slug: "d", name: "D", category: "INTERNATIONAL_PROJECT", establishedOn: "1916-07-01" }, // 110th
        ],
      },
      settings("2026-03-02"),
    );
    expect(events.map((event) => [event.uid, event.date, event.summary])).toEqual([
      ["anniversary-a-2026@iap-bot", "2026-03-01", "5th anniversary: A (Partnership City)"],
      ["anniversary-d-2026@iap-bot", "2026-07-01", "110th anniversary: D (International Project)"],
    ]);
    expect([1, 2, 3, 11, 12, 13, 21, 25, 102, 111].map(ordinal)).toEqual([
      "1st",
      "2nd",
      "3rd",
      "11th",
      "12th",
      "13th",
      "21st",
      "25th",
      "102nd",
      "111th",
    ]);
  });

  it("give two projects of the same name different UIDs, stable in their order", () => {
    const agreement = { slug: "milan", name: "Milan" };
    const events = buildCalendarEvents(
      {
        ...nothing,
        projectEnds: [
          { agreement, name: "Food policy", endDate: "2026-06-01" },
          { agreement, name: "Food  Policy", endDate: "2026-05-01" }, // the same name but for case and spacing
          { agreement, name: "Fashion week", endDate: "2026-05-01" },
        ],
      },
      settings("2026-03-02"),
    );
    const uids = events.map((event) => event.uid);
    expect(new Set(uids).size).toBe(3);
    expect(uids.filter((uid) => /^project-end-milan-[0-9a-f]{12}-2@iap-bot$/.test(uid))).toHaveLength(1);
  });

  it("write stored names as one short line of plain text", () => {
    expect(plainLine("  <!channel>\r\n\tKyiv\u0000\u0085\u2028done  ")).toBe("<!channel> Kyiv done");
    expect(plainLine("😀".repeat(200), 10)).toBe(`${"😀".repeat(9)}…`);
  });

  it("fall back to UTC times for a zone without a VTIMEZONE definition, at the same instant", () => {
    const ics = renderCalendar(
      buildCalendarEvents(nothing, { ...settings("2026-01-15"), meetingDates: ["2026-02-03", "2026-05-05"] }),
      { timeZone: "Europe/Kyiv", stamp: new Date("2026-01-15T12:00:00Z") },
    );
    expect(ics).not.toContain("TZID");
    const starts = new ICAL.Component(ICAL.parse(ics))
      .getAllSubcomponents("vevent")
      .map((component) => new ICAL.Event(component).startDate.toJSDate().toISOString());
    expect(starts).toEqual(["2026-02-03T08:00:00.000Z", "2026-05-05T07:00:00.000Z"]); // 10:00 EET, then EEST
  });
});
