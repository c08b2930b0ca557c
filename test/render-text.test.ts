import { describe, expect, it } from "vitest";
import { renderText } from "../adapters/console/render-text.js";

describe("renderText (console)", () => {
  it("shows facts, unknowns, lists with their totals, suggestions and the source documents", () => {
    const text = renderText({
      kind: "answer",
      title: "Milan",
      text: "Milan (Italy) is a Partnership City agreement.",
      facts: [
        { label: "Category", value: "Partnership City", known: true },
        { label: "Term end", value: "not recorded", known: false },
      ],
      lists: [{ title: "Recorded activities", items: [{ text: "2023", detail: "Fashion Week" }], total: 2 }],
      suggestions: [{ label: "Sources", query: "source?" }],
      sources: [{ about: "Milan: category", source: { document: "004_c975d6aa7d171fca.txt", locator: "Table 1" } }],
    });
    expect(text.split("\n")).toEqual([
      "MILAN",
      "Milan (Italy) is a Partnership City agreement.",
      "  Category: Partnership City",
      "  Term end: not recorded",
      "Recorded activities (1 of 2)",
      "  - 2023 — Fashion Week",
      'Try: "source?"',
      'Sources: IAP staff report, 2024 (ask "source?" for details)',
    ]);
  });

  it('shows where a later page starts, and offers the next page as typing "more"', () => {
    const text = renderText({
      kind: "list",
      text: "40 agreements; 26–40:",
      lists: [{ items: [{ text: "Warsaw" }], total: 40, offset: 25 }],
      suggestions: [
        { label: "More (27–40 of 40)", query: "list agreements", offset: 26 },
        { label: "Sources", query: "source?" },
      ],
    });
    expect(text.split("\n")).toEqual([
      "40 agreements; 26–40:",
      "  - Warsaw",
      "  …(26–26 of 40)",
      'Try: "more" · "source?"',
    ]);
  });

  it("shows actions as numbered choices, last, with a line saying to type the number", () => {
    const text = renderText({
      kind: "answer",
      title: "New request to CCO-SPER",
      text: "What would you like to bring?",
      suggestions: [{ label: "How to propose", query: "how do I propose a partnership city?" }],
      actions: [
        { label: "Partnership City proposal", formId: "intake.new:PARTNERSHIP_CITY", hasFields: true },
        { label: "Renewal enquiry", formId: "intake.new:RENEWAL", hasFields: true },
      ],
    });
    expect(text.split("\n")).toEqual([
      "NEW REQUEST TO CCO-SPER",
      "What would you like to bring?",
      'Try: "how do I propose a partnership city?"',
      "  [1] Partnership City proposal",
      "  [2] Renewal enquiry",
      "Type 1 or 2 to choose.",
    ]);
  });

  it("says where actions can be chosen when nothing reads the number back (iap ask)", () => {
    const reply = {
      kind: "answer" as const,
      text: "Recorded.",
      actions: [
        { label: "Start initial assessment", formId: "intake.event:1:1:START_INITIAL_ASSESSMENT", hasFields: false },
      ],
    };
    expect(renderText(reply).split("\n").slice(1)).toEqual(["  [1] Start initial assessment", "Type 1 to choose it."]);
    expect(renderText(reply, { choosable: false }).split("\n").at(-1)).toBe(
      'To choose one, ask the same in "npm run chat" and type its number.',
    );
  });

  it("neutralises terminal escape sequences in stored text", () => {
    const text = renderText({ kind: "answer", text: "Notes: \u001b[2J\u001b]0;pwned\u0007 done" });
    expect(text.includes("\u001b") || text.includes("\u0007")).toBe(false);
    expect(text).toContain("done");
  });
});
