import { describe, expect, it } from "vitest";
import {
  type AdaptiveCard,
  CARD_BYTE_BUDGET,
  escapeMarkdown,
  type FactSet,
  type RichTextBlock,
  renderCard,
  renderReplyActivity,
} from "../adapters/teams/render-card.js";
import { NOT_RECORDED, type Reply } from "../src/conversation/reply.js";

/** What Teams accepts in one message, near enough; the card must stay under it whatever the data. */
const TEAMS_MESSAGE_LIMIT = 28 * 1024;

const MILAN: Reply = {
  kind: "answer",
  title: "Milan",
  text: "Milan (Italy) is a Partnership City agreement.",
  facts: [
    { label: "Category", value: "Partnership City", known: true },
    { label: "Term end", value: NOT_RECORDED, known: false },
  ],
  lists: [
    {
      title: "Recorded activities",
      items: [{ text: "2023", detail: "Indigenous Fashion Arts delegation" }],
      total: 1,
    },
  ],
  suggestions: [
    { label: "When does it end?", query: "when does Milan end?" },
    { label: "More (26–29 of 29)", query: "list all agreements", offset: 25 },
  ],
  sources: [
    { about: "Milan: name", source: { document: "004_c975d6aa7d171fca.txt", locator: "Table 1" } },
    { about: "Milan: city", source: { document: "004_c975d6aa7d171fca.txt" } },
  ],
};

const factSet = (card: AdaptiveCard) => card.body.find((element): element is FactSet => element.type === "FactSet");
const blocks = (card: AdaptiveCard) =>
  card.body.filter((element): element is RichTextBlock => element.type === "RichTextBlock");
const bytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value), "utf8");

describe("renderCard", () => {
  it("renders title, text, facts, lists and sources, with suggestions as submit buttons", () => {
    const card = renderCard(MILAN);

    expect(card).toMatchObject({ type: "AdaptiveCard", version: "1.5" });
    expect(blocks(card).map((block) => block.inlines.map((inline) => inline.text).join(""))).toEqual([
      "Milan",
      "Milan (Italy) is a Partnership City agreement.",
      "Recorded activities",
      "• 2023 — Indigenous Fashion Arts delegation",
      'Sources: IAP staff report, 2024 (ask "source?" for details)',
    ]);
    expect(blocks(card)[0]!.inlines[0]).toMatchObject({ weight: "Bolder" });
    expect(blocks(card).at(-1)!.inlines[0]).toMatchObject({ size: "Small", isSubtle: true });
    expect(factSet(card)?.facts).toEqual([
      { title: "Category", value: "Partnership City" },
      { title: "Term end", value: "not recorded" },
    ]);
    expect(card.actions).toEqual([
      { type: "Action.Submit", title: "When does it end?", data: { query: "when does Milan end?" } },
      { type: "Action.Submit", title: "More (26–29 of 29)", data: { query: "list all agreements", offset: 25 } },
    ]);
    expect(card.fallbackText).toBe(
      "Milan: Milan (Italy) is a Partnership City agreement.\nCategory: Partnership City\nTerm end: not recorded",
    );
  });

  it("says which part of a paged list it shows", () => {
    const card = renderCard({
      kind: "list",
      text: "29 agreements; 26–29:",
      lists: [{ items: [{ text: "Lisbon (Portugal)" }], total: 29, offset: 25 }],
    });
    expect(blocks(card)[1]!.inlines[0]?.text).toBe("Results (26–26 of 29)");
  });

  it("does not list the sources again under a reply that is the list of sources", () => {
    const card = renderCard({ ...MILAN, kind: "sources", lists: [] });
    expect(JSON.stringify(card)).not.toContain("Sources:");
  });

  it("keeps stored markdown, mentions and HTML from doing anything in facts", () => {
    const hostile = "**bold** [click](javascript:alert(1)) <at>Dana</at> &lt;b&gt; `code` _it_ ~x~ a|b";
    const card = renderCard({
      kind: "answer",
      text: hostile,
      facts: [
        { label: "Notes", value: hostile, known: true },
        { label: "Heading", value: "# one\n- two", known: true },
        { label: "List", value: "- one", known: true },
      ],
    });

    const [notes, heading, list] = factSet(card)!.facts;
    expect(notes!.value).toBe(
      "\\*\\*bold\\*\\* \\[click\\](javascript:alert(1)) \\<at\\>Dana\\</at\\> \\&lt;b\\&gt; \\`code\\` \\_it\\_ \\~x\\~ a\\|b",
    );
    // One line: the newline goes, so only the start of the value could open a heading or a list.
    expect(heading!.value).toBe("\\# one - two");
    expect(list!.value).toBe("\\- one");
    // Text runs are never read as markdown: the text stays exactly as stored.
    expect(blocks(card)[0]!.inlines[0]!.text).toBe(hostile);
  });

  it("escapes only what markdown could read", () => {
    expect(escapeMarkdown("Partnership City · est. 1991 (Italy), 2024-05-01")).toBe(
      "Partnership City · est. 1991 (Italy), 2024-05-01",
    );
    expect(escapeMarkdown("1. first")).toBe("1\\. first");
  });

  it("shows control characters as �, so stored text cannot smuggle them into Teams", () => {
    const card = renderCard({ kind: "answer", text: "bell\u0007 and escape\u001b[31m" });
    expect(blocks(card)[0]!.inlines[0]!.text).toBe("bell� and escape�[31m");
  });

  it("stays under Teams' message size with 100 KB strings and a thousand list items, saying what was left out", () => {
    const huge = "Ω".repeat(100_000);
    const card = renderCard({
      kind: "list",
      title: huge,
      text: huge,
      facts: Array.from({ length: 50 }, (_, index) => ({ label: `${index} ${huge}`, value: huge, known: true })),
      lists: [{ title: huge, items: Array.from({ length: 1000 }, () => ({ text: huge, detail: huge })), total: 1000 }],
      suggestions: Array.from({ length: 20 }, () => ({ label: huge, query: huge, offset: 25 })),
    });

    expect(bytes(card)).toBeLessThan(CARD_BYTE_BUDGET);
    expect(bytes(renderReplyActivity({ kind: "answer", text: huge }))).toBeLessThan(TEAMS_MESSAGE_LIMIT);
    expect(card.actions).toHaveLength(6);
    expect(card.actions[0]!.title.length).toBeLessThanOrEqual(60);
    expect(blocks(card).at(-1)!.inlines[0]!.text).toContain("left out to fit in a Teams message");
    expect(blocks(card)[0]!.inlines[0]!.text.endsWith("…")).toBe(true);
  });

  it("does not split a surrogate pair when it cuts a long string", () => {
    const card = renderCard({ kind: "answer", title: "😀".repeat(150), text: "" });
    const title = blocks(card)[0]!.inlines[0]!.text;
    expect(title.endsWith("😀…")).toBe(true);
    expect(Buffer.from(title, "utf8").toString("utf8")).toBe(title);
  });
});

describe("renderReplyActivity", () => {
  it("sends the card with a plain summary and no text, which Teams would print above the card", () => {
    const activity = renderReplyActivity(MILAN);
    expect(activity).toMatchObject({
      type: "message",
      summary: "Milan: Milan (Italy) is a Partnership City agreement.",
      attachments: [{ contentType: "application/vnd.microsoft.card.adaptive", content: renderCard(MILAN) }],
    });
    expect(activity.text).toBeUndefined();
  });
});
